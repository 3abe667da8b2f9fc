/**
 * The published package's CLI: src/cli.ts and everything it uses, bundled by esbuild into
 * dist/bundle/ (ESM), so installing the package needs no dependencies at all. Every dynamic
 * `import()` (each SDK client, each simulated service, the prompts, the progress display, the
 * run itself) becomes a chunk that is read from disk only when a run gets there.
 *
 * Also writes dist/bundle-meta.json (esbuild's metafile: which source went into which chunk, for
 * the packaging test; not shipped) and dist/bundle/THIRD-PARTY-LICENSES.txt (the bundled
 * packages' licenses, which their terms ask to ship with their code).
 *
 *   node dist/scripts/bundle.js                (run by `npm run build`, after tsc)
 *   node dist/scripts/bundle.js --sourcemap    with .map files, to read CPU profiles
 *                                              (bench/cpu-profile.ts); not for packing
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';

/** Repository root (this file runs as dist/scripts/bundle.js). */
const ROOT = join(import.meta.dirname, '..', '..');
export const BUNDLE_DIR = join(ROOT, 'dist', 'bundle');
export const METAFILE = join(ROOT, 'dist', 'bundle-meta.json');

/**
 * The project's modules load some CommonJS packages lazily with
 * `const require = createRequire(import.meta.url)` (quicker than import() when unbundled). The
 * bundle has no node_modules to require from, so that line is dropped: `require('x')` then
 * means esbuild's own require, which bundles x and still runs it only when first called.
 */
const LOCAL_REQUIRE = /^const require = createRequire\(import\.meta\.url\);$/m;
const bundleLocalRequires: Plugin = {
  name: 'bundle-local-requires',
  setup(context) {
    context.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${join('node_modules', '')}`)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!LOCAL_REQUIRE.test(source)) return undefined;
      return { contents: source.replace(LOCAL_REQUIRE, '// (createRequire dropped by scripts/bundle.ts: esbuild bundles these requires)'), loader: 'ts' };
    });
  },
};

/**
 * zod's namespace re-exports every locale (`z.locales`: 50 languages, a quarter of a megabyte),
 * which esbuild cannot leave out, and every run would read and parse them. The project uses only
 * the English one (src/i18n/zod.ts makes the Japanese messages itself), so the bundle's
 * `z.locales` holds `en` alone.
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(context) {
    context.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => {
      const lines = readFileSync(args.path, 'utf8').split('\n');
      const english = lines.filter((line) => line.includes('"./en.js"'));
      if (english.length !== 1) throw new Error(`${args.path}: expected one line that exports the English locale; update scripts/bundle.ts`);
      return { contents: english[0]!, resolveDir: dirname(args.path), loader: 'js' };
    });
  },
};

/**
 * `import('@inquirer/prompts')` keeps the whole package: esbuild cannot leave out what a dynamic
 * import does not use. Its editor prompt alone brings iconv-lite and chardet (0.5 MB, a tenth of
 * the package). The wizard never opens an editor, so the project's modules get the package's own
 * index without that line (every other prompt, resolved from the package's own folder) and an
 * `editor` that says why if it is ever called.
 */
const PROMPTS_MODULE = 'aws-bootstrap-prompts';
const promptsWithoutEditor: Plugin = {
  name: 'prompts-without-editor',
  setup(context) {
    context.onResolve({ filter: /^@inquirer\/prompts$/ }, (args) => (args.importer.includes(`${join('node_modules', '')}`) ? undefined : { path: args.path, namespace: PROMPTS_MODULE }));
    context.onLoad({ filter: /.*/, namespace: PROMPTS_MODULE }, () => {
      const index = fileURLToPath(import.meta.resolve('@inquirer/prompts'));
      const lines = readFileSync(index, 'utf8').split('\n');
      const kept = lines.filter((line) => !line.includes("'@inquirer/editor'"));
      if (kept.length !== lines.length - 1) throw new Error(`${index}: expected one line that exports the editor prompt; update scripts/bundle.ts`);
      return {
        resolveDir: dirname(index),
        contents: [...kept, "export function editor() { throw new Error('aws-bootstrap: the editor prompt is left out of the bundle (scripts/bundle.ts)'); }"].join('\n'),
      };
    });
  },
};

/**
 * `import('@aws-sdk/client-ec2')` keeps every command, schema and enum of the service (EC2's
 * alone is 0.9 MB): esbuild cannot see which names a dynamic import's caller uses. The project's
 * modules get, per client package, a module that re-exports only the package's names that
 * appear somewhere in the project's own source (src/, steps/): the commands, paginators, client
 * classes and errors it uses, never the aggregated client (`EC2`, every command). Everything else is left out (the packages declare no side effects;
 * the error registrations run as before). A name built at run time would be missed: the project
 * names each command, client class and error it uses in full.
 */
const SDK_SUBSET = 'aws-bootstrap-sdk-subset';
const SOURCE_DIRS = ['src', 'steps'];
function projectTokens(): Set<string> {
  const tokens = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) for (const token of readFileSync(path, 'utf8').match(/[A-Za-z_$][\w$]*/g) ?? []) tokens.add(token);
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(ROOT, dir));
  return tokens;
}
const sdkSubsets: Plugin = {
  name: 'sdk-subsets',
  setup(context) {
    let tokens: Set<string> | undefined;
    context.onResolve({ filter: /^@aws-sdk\/client-[a-z0-9-]+$/ }, (args) => (args.importer.includes(`${join('node_modules', '')}`) || args.namespace === SDK_SUBSET ? undefined : { path: args.path, namespace: SDK_SUBSET }));
    context.onLoad({ filter: /.*/, namespace: SDK_SUBSET }, async (args) => {
      tokens ??= projectTokens();
      const exported = new Set(Object.keys((await import(args.path)) as object));
      // Not the aggregated client (`EC2` beside `EC2Client`): it imports every command.
      const names = [...exported].filter((name) => name !== 'default' && tokens!.has(name) && !exported.has(`${name}Client`));
      return { resolveDir: ROOT, contents: `export { ${names.join(', ')} } from '${args.path}';` };
    });
  },
};

/**
 * The SDK clients' schemas (`dist-es/schemas/schemas_0.js`) key their traits by constants
 * (`{ [_xN]: "Item" }` with `const _xN = "xmlName"`). esbuild must assume a computed key may run
 * code, so it keeps every schema of the service, used or not (EC2's: 0.55 MB). Written with the
 * constant's own string as the key (`{ "xmlName": "Item" }`), the same object, they are plain
 * data: the schemas no kept command reaches are left out.
 */
const SCHEMA_FILE = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;
const plainSchemaKeys: Plugin = {
  name: 'plain-schema-keys',
  setup(context) {
    context.onLoad({ filter: SCHEMA_FILE }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const strings = new Map<string, string>();
      for (const [, name, value] of source.matchAll(/^const ([\w$]+) = ("(?:[^"\\\n]|\\.)*");$/gm)) strings.set(name!, value!);
      const contents = source.replace(/([{,]\s*)\[([\w$]+)\](\s*:)/g, (whole, before: string, name: string, after: string) => {
        const value = strings.get(name);
        return value === undefined ? whole : `${before}${value}${after}`;
      });
      return { contents, loader: 'js' };
    });
  },
};

/** Bundled CommonJS packages require Node's built-ins; in an ES module that needs a real `require`. */
const BANNER = "import { createRequire as __awsBootstrapCreateRequire } from 'node:module'; const require = __awsBootstrapCreateRequire(import.meta.url);";

/** The package.json that holds a bundled file (node_modules/@scope/name/... or node_modules/name/...). */
function packageOf(input: string): string | undefined {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match ? input.slice(0, match.index + match[0].length - 1).replace(/^.*?(node_modules\/)/, '$1') : undefined;
}

function licenseText(packageDir: string): string {
  const file = readdirSync(packageDir).find((name) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name));
  if (file) return readFileSync(join(packageDir, file), 'utf8').trim();
  const { license } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { license?: string };
  return `License: ${license ?? 'not stated'} (the package ships no license file)`;
}

/** One entry per distinct license text, with the packages (name@version) it covers. */
function thirdPartyLicenses(metafile: Metafile): string {
  const packages = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const dir = packageOf(input);
    if (dir) packages.add(dir);
  }
  const byText = new Map<string, string[]>();
  for (const dir of [...packages].sort()) {
    const { name, version } = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as { name: string; version: string };
    const text = licenseText(join(ROOT, dir));
    byText.set(text, [...(byText.get(text) ?? []), `${name}@${version}`]);
  }
  const sections = [...byText].map(([text, names]) => `${names.join(', ')}\n\n${text}`);
  return `aws-bootstrap's bundle (dist/bundle/) contains code from these packages, under these licenses.\n\n${sections.join(`\n\n${'-'.repeat(78)}\n\n`)}\n`;
}

/**
 * Builds into a folder of its own, then swaps it in with two renames, so a test or a run using
 * dist/bundle/ while another build runs never sees a half-written one.
 */
export async function bundle(options: { sourcemap?: boolean } = {}): Promise<Metafile> {
  const building = `${BUNDLE_DIR}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  try {
    const metafile = await bundleInto(building, options);
    const old = `${BUNDLE_DIR}.old-${process.pid}`;
    // Another build may swap its own in between the two renames: then set that one aside too.
    for (let attempt = 1; ; attempt++) {
      if (existsSync(BUNDLE_DIR)) renameSync(BUNDLE_DIR, `${old}-${attempt}`);
      try {
        renameSync(building, BUNDLE_DIR);
        break;
      } catch (error) {
        if (attempt >= 5 || !['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
      }
    }
    for (let attempt = 1; attempt <= 5; attempt++) rmSync(`${old}-${attempt}`, { recursive: true, force: true });
    // The paths in the metafile name the folder it was built in; say where it is now.
    const moved = JSON.stringify(metafile).replaceAll(relative(ROOT, building), relative(ROOT, BUNDLE_DIR));
    writeFileSync(`${METAFILE}.${process.pid}`, moved);
    renameSync(`${METAFILE}.${process.pid}`, METAFILE);
    return JSON.parse(moved) as Metafile;
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

async function bundleInto(outdir: string, options: { sourcemap?: boolean }): Promise<Metafile> {
  const { engines } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
  // The oldest Node.js the package supports decides which syntax may be left as it is.
  const oldest = /(\d+\.\d+)/.exec(engines.node)?.[1] ?? '20.19';
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { cli: 'src/cli.ts' },
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: `node${oldest}`,
    // The SDK's ES module build: esbuild shares the common @smithy code between the clients' chunks.
    mainFields: ['module', 'main'],
    // Under 4 MB installed (with the SDK subsets and plain schema keys above), and less to read and parse on every start.
    minify: true,
    // Error and class names still read right (commander, the SDK and the engine use them).
    keepNames: true,
    legalComments: 'none',
    sourcemap: options.sourcemap ? 'external' : false,
    banner: { js: BANNER },
    define: { AWS_BOOTSTRAP_BUNDLE: 'true' },
    plugins: [bundleLocalRequires, promptsWithoutEditor, zodEnglishOnly, sdkSubsets, plainSchemaKeys],
    metafile: true,
    logLevel: 'warning',
  });
  writeFileSync(join(outdir, 'THIRD-PARTY-LICENSES.txt'), thirdPartyLicenses(result.metafile));
  checkNoRequireFromDisk(result.metafile);
  return result.metafile;
}

/**
 * A `createRequire` left in the bundle (other than the banner's) would require packages by name
 * at run time, which the installed package does not have: the build fails and names the source.
 */
function checkNoRequireFromDisk(metafile: Metafile): void {
  const offenders: string[] = [];
  for (const output of Object.keys(metafile.outputs).filter((file) => file.endsWith('.js'))) {
    const code = readFileSync(join(ROOT, output), 'utf8');
    if (code.split('createRequire').length - 1 > 1) {
      const inputs = Object.keys(metafile.outputs[output]!.inputs).filter((input) => !input.includes('node_modules/') && /createRequire/.test(readFileSync(join(ROOT, input), 'utf8')));
      offenders.push(`${output} (from ${inputs.join(', ') || 'a bundled package'})`);
    }
  }
  if (offenders.length) {
    throw new Error(
      `the bundle would require packages from disk at run time, which the installed package does not have: ${offenders.join('; ')}. ` +
        'Load them with import(), a static import, or `const require = createRequire(import.meta.url);` exactly as written (scripts/bundle.ts bundles that form).',
    );
  }
}

if (process.argv[1] && existsSync(process.argv[1]) && dirname(process.argv[1]) === import.meta.dirname) {
  const metafile = await bundle({ sourcemap: process.argv.includes('--sourcemap') });
  const bytes = Object.values(metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  process.stdout.write(`bundle: ${relative(ROOT, BUNDLE_DIR)}/ ${Object.keys(metafile.outputs).length} files, ${(bytes / 1e6).toFixed(2)} MB\n`);
}
