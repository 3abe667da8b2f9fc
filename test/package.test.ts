/**
 * The published package, as a new user gets it (issue 13): `npm pack`, `npm install <tarball>
 * --offline` into an empty folder with an empty cache, then the installed `aws-bootstrap` on the
 * shipped example, on the Node.js running this test (.ci/run runs this file on Node 24 too).
 * Needs the build (`npm test` runs it first). Nothing here can reach a network: npm is offline
 * with an empty cache and a registry on a closed local port, and the CLI runs --demo.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { INSTALLED_MAX_BYTES, installedPackages, installOffline, pack, treeSize, type Installed, type Packed } from '../bench/package.js';
import { tempDir } from './support/wizard.js';

const REPO_ROOT = resolve(import.meta.dirname, '..');
const BUNDLE = join(REPO_ROOT, 'dist', 'bundle');
const METAFILE = join(REPO_ROOT, 'dist', 'bundle-meta.json');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [relative(REPO_ROOT, path)];
  });
}

beforeAll(() => {
  if (!existsSync(join(BUNDLE, 'cli.js')) || !existsSync(METAFILE)) throw new Error('dist/bundle/ is missing: run `npm run build` first (`npm test` does)');
});

describe('npm pack', () => {
  it('ships the bundle, the templates, the example config, README and package.json: nothing else', () => {
    const packed = pack(REPO_ROOT, tempDir(), tempDir(), { dryRun: true });
    const expected = [
      'package.json',
      'README.md',
      ...filesUnder(BUNDLE),
      ...filesUnder(join(REPO_ROOT, 'templates')),
      ...filesUnder(join(REPO_ROOT, 'examples')),
    ];
    expect(packed.files.map((f) => f.path).sort()).toEqual(expected.sort());
    expect(expected).toContain('examples/aws-bootstrap.yaml');
    expect(expected).toContain('dist/bundle/THIRD-PARTY-LICENSES.txt');
    expect(expected.filter((path) => path.endsWith('.map') || path.startsWith('dist/src/'))).toEqual([]);
  });

  it('declares no dependencies, and its bin is the bundle', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    // The bundle carries every library: one in `dependencies` would be fetched from the registry for nothing.
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.optionalDependencies ?? {}).toEqual({});
    expect(manifest.peerDependencies ?? {}).toEqual({});
    expect(manifest.bin).toEqual({ 'aws-bootstrap': 'dist/bundle/cli.js' });
    expect(readFileSync(join(BUNDLE, 'cli.js'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });
});

/** esbuild's record of which source went into which chunk, and what each chunk imports. */
interface Metafile {
  outputs: Record<string, { imports: Array<{ path: string; kind: string; external?: boolean }>; inputs: Record<string, unknown>; entryPoint?: string }>;
}

describe('the bundle loads SDK clients lazily', () => {
  const meta = () => JSON.parse(readFileSync(METAFILE, 'utf8')) as Metafile;
  /** The chunks that load with `chunk`: itself and what it imports statically, transitively. */
  const loadedWith = (m: Metafile, chunk: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(chunk)) return seen;
    seen.add(chunk);
    for (const i of m.outputs[chunk]!.imports) if (i.kind === 'import-statement' && !i.external) loadedWith(m, i.path, seen);
    return seen;
  };
  const clientsIn = (m: Metafile, chunks: Iterable<string>) =>
    new Set([...chunks].flatMap((chunk) => Object.keys(m.outputs[chunk]!.inputs).map((input) => /node_modules\/@aws-sdk\/(client-[^/]+)\//.exec(input)?.[1]).filter(Boolean)));
  const chunkOf = (m: Metafile, input: RegExp) => Object.keys(m.outputs).find((chunk) => Object.keys(m.outputs[chunk]!.inputs).some((i) => input.test(i)))!;

  it('starting the CLI (--help, --version) and the run itself load no SDK client', () => {
    const m = meta();
    expect([...clientsIn(m, loadedWith(m, 'dist/bundle/cli.js'))]).toEqual([]);
    expect([...clientsIn(m, loadedWith(m, chunkOf(m, /^src\/main\.ts$/)))]).toEqual([]);
  });

  it('each client is a chunk of its own: a run that needs EC2 parses no other client', () => {
    const m = meta();
    const clients = [...new Set(Object.values(m.outputs).flatMap((o) => Object.keys(o.inputs)).map((i) => /node_modules\/@aws-sdk\/(client-[^/]+)\/dist-es\/index\.js$/.exec(i)?.[1]).filter(Boolean))];
    expect(clients).toEqual(expect.arrayContaining(['client-ec2', 'client-sts', 'client-iam', 'client-s3-control']));
    for (const client of clients) {
      const chunk = chunkOf(m, new RegExp(`node_modules/@aws-sdk/${client}/dist-es/index\\.js$`));
      expect([...clientsIn(m, loadedWith(m, chunk))], client).toEqual([client]);
    }
  });
});

describe('installed from the tarball, offline, into an empty folder', () => {
  let packed: Packed;
  let installed: Installed;
  let bin: string;
  beforeAll(() => {
    packed = pack(REPO_ROOT, tempDir(), tempDir());
    installed = installOffline(packed.tarball, tempDir('aws-bootstrap-install-'), tempDir());
    bin = join(installed.nodeModules, '.bin', 'aws-bootstrap');
  }, 180_000);

  it('installs with no registry and no cache, and brings nothing but itself', () => {
    expect(installed.exitCode, installed.output).toBe(0);
    expect(installedPackages(installed.nodeModules)).toEqual(['aws-bootstrap']);
  });

  it(`is at most ${INSTALLED_MAX_BYTES / 1e6} MB installed`, () => {
    expect(treeSize(installed.nodeModules).bytes).toBeLessThanOrEqual(INSTALLED_MAX_BYTES);
  });

  /**
   * The installed bin, as npx runs it: its own `#!/usr/bin/env node` finds the Node.js running
   * this test first on PATH. Each round trip has its own tool home (demo state, undo logs).
   */
  const env = (home: string) => ({ PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`, HOME: home, AWS_BOOTSTRAP_HOME: home, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1' });
  const run = (args: string[], home: string) => {
    const result = spawnSync(bin, args, { cwd: home, encoding: 'utf8', env: env(home), input: '', timeout: 120_000 });
    return { code: result.status, output: `${result.stdout}${result.stderr}` };
  };

  it(`runs on this Node.js (${process.version}): --version, and plan, --yes, plan, undo --yes, plan on the demo with the shipped example`, () => {
    const home = tempDir();
    // The `node` the bin's shebang finds is the one running this test.
    expect(spawnSync('node', ['--version'], { encoding: 'utf8', env: env(home) }).stdout.trim()).toBe(process.version);
    const example = join(installed.nodeModules, 'aws-bootstrap', 'examples', 'aws-bootstrap.yaml');
    const version = run(['--version'], home);
    expect(version.output.trim()).toBe((JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    const steps: Array<[string[], number]> = [
      [['plan', '--demo', '--config', example], 2], // a fresh account: changes pending
      [['--demo', '--yes', '--config', example], 0],
      [['plan', '--demo', '--config', example], 0], // nothing left to do
      [['undo', '--demo', '--yes'], 0],
      [['plan', '--demo', '--config', example], 2], // back where it started
    ];
    for (const [args, expected] of steps) {
      const result = run(args, home);
      expect(result.code, `aws-bootstrap ${args.join(' ')}:\n${result.output.slice(-2000)}`).toBe(expected);
      expect(result.output).not.toMatch(/unexpected error|internal error|Cannot find (module|package)/);
    }
  }, 300_000);
});
