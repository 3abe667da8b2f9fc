/**
 * The package as a user gets it: `npm pack` of the built tree, then `npm install <tarball>` into
 * an empty folder with `--offline` and an empty cache, so nothing can come from a registry. Used
 * by the packaging test (test/package.test.ts) and by `npm run bench` (size and install time).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The installed package's bound (issue 27: room for the organization steps); the packaging test holds it too. */
export const INSTALLED_MAX_BYTES = 4_000_000;

/** Only what npm needs, a throw-away home, and no registry that could answer. */
export function npmEnv(home: string, cache: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    npm_config_cache: cache,
    npm_config_offline: 'true',
    // Even a request that slipped past --offline could reach nothing but a closed local port.
    npm_config_registry: 'http://127.0.0.1:9/',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

export interface PackedFile {
  readonly path: string;
  readonly size: number;
}

export interface Packed {
  readonly tarball: string;
  /** Bytes of the .tgz. */
  readonly size: number;
  /** Bytes of its files. */
  readonly unpackedSize: number;
  readonly files: readonly PackedFile[];
}

function npm(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 120_000) {
  const started = performance.now();
  const result = spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: timeoutMs });
  if (result.error) throw result.error;
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr, ms: performance.now() - started };
}

/**
 * `npm pack` of the repository as it is built (`--ignore-scripts`: the build already ran, and
 * packing must not rebuild dist/ under other processes' feet). With `dryRun`, only the listing.
 */
export function pack(repoRoot: string, destination: string, scratchHome: string, options: { dryRun?: boolean } = {}): Packed {
  mkdirSync(destination, { recursive: true });
  const result = npm(['pack', '--json', '--ignore-scripts', '--pack-destination', destination, ...(options.dryRun ? ['--dry-run'] : [])], repoRoot, npmEnv(scratchHome, join(scratchHome, 'npm-cache')));
  if (result.exitCode !== 0) throw new Error(`npm pack exited ${result.exitCode}: ${result.stderr.trim().split('\n').slice(-5).join('\n')}`);
  const [info] = JSON.parse(result.stdout) as Array<{ filename: string; size: number; unpackedSize: number; files: PackedFile[] }>;
  return { tarball: join(destination, info!.filename), size: info!.size, unpackedSize: info!.unpackedSize, files: info!.files.map(({ path, size }) => ({ path, size })) };
}

export interface Installed {
  readonly exitCode: number | null;
  readonly output: string;
  readonly ms: number;
  /** The install's node_modules (the package and anything it pulled in). */
  readonly nodeModules: string;
}

/** `npm install <tarball> --offline` into `folder` (empty), with an empty cache of its own. */
export function installOffline(tarball: string, folder: string, scratchHome: string): Installed {
  mkdirSync(folder, { recursive: true });
  const cache = join(scratchHome, 'empty-npm-cache');
  mkdirSync(cache, { recursive: true });
  const result = npm(['install', tarball, '--offline', '--cache', cache, '--prefix', folder, '--no-audit', '--no-fund'], folder, npmEnv(scratchHome, cache));
  return { exitCode: result.exitCode, output: `${result.stdout}${result.stderr}`, ms: result.ms, nodeModules: join(folder, 'node_modules') };
}

/** Bytes of every file under `dir` (what the files hold, not disk blocks), and how many. */
export function treeSize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = treeSize(path);
      bytes += sub.bytes;
      files += sub.files;
    } else if (entry.isFile()) {
      bytes += statSync(path).size;
      files++;
    }
  }
  return { bytes, files };
}

/** The packages an install holds (`name` or `@scope/name`), besides npm's own bookkeeping. */
export function installedPackages(nodeModules: string): string[] {
  return readdirSync(nodeModules)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => (name.startsWith('@') ? readdirSync(join(nodeModules, name)).map((sub) => `${name}/${sub}`) : [name]));
}
