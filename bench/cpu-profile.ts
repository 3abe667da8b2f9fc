/**
 * Where the CLI's CPU time goes: sums the self time of `node --cpu-prof` profiles (from
 * `npm run bench -- --cpu-prof <dir>`) by what ran it — a bundled package or project folder
 * (through the bundle's source maps, when it was built with `node dist/scripts/bundle.js
 * --sourcemap`), Node.js itself by internal module, garbage collection, V8's own work — and
 * prints the largest, as a mean per profile.
 *
 *   node dist/bench/cpu-profile.js <dir or .cpuprofile files> [--top 25]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

const maps = new Map<string, SourceMap | undefined>();
function sourceMapOf(url: string): SourceMap | undefined {
  if (!maps.has(url)) {
    const file = `${fileURLToPath(url)}.map`;
    maps.set(url, existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8'))) : undefined);
  }
  return maps.get(url);
}

/** The package (`@smithy/core`) or project folder (`src/engine`) a source path belongs to. */
export function ownerOf(source: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source);
  if (pkg) return pkg[1]!;
  const project = /(?:^|\/)((?:src|steps|bench)(?:\/[^/]+(?=\/))?)/.exec(source.replace(/^.*?\/(?=(?:src|steps|bench)\/)/, ''));
  return project ? `project ${project[1]}` : source;
}

/** What a profile node's self time is charged to. */
export function chargeOf(frame: ProfileNode['callFrame']): string {
  if (frame.functionName === '(garbage collector)') return '(garbage collection)';
  if (frame.functionName === '(program)') return '(V8 and Node.js native: compiling, parsing, …)';
  if (frame.functionName === '(idle)') return '(idle)';
  if (frame.url.startsWith('node:')) {
    const internal = /^node:(?:internal\/)?([^/]+(?:\/[^/]+)?)/.exec(frame.url)?.[1] ?? frame.url;
    return `node:${internal.startsWith('modules/') ? 'internal/modules (loading modules)' : internal}`;
  }
  if (!frame.url) return `(native) ${frame.functionName || 'anonymous'}`;
  if (frame.url.startsWith('file://')) {
    const entry = sourceMapOf(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber);
    if (entry && 'originalSource' in entry && entry.originalSource) return ownerOf(entry.originalSource);
    return ownerOf(fileURLToPath(frame.url));
  }
  return frame.url;
}

/** Self time in ms per charge, summed over the samples of one profile. */
export function selfTimes(profile: CpuProfile): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const times = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const charge = chargeOf(byId.get(id)!.callFrame);
    times.set(charge, (times.get(charge) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return times;
}

function profilesIn(paths: readonly string[]): string[] {
  return paths.flatMap((path) => (statSync(path).isDirectory() ? readdirSync(path).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(path, f)) : [path]));
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
  const files = profilesIn(positionals);
  if (!files.length) {
    process.stderr.write('usage: node dist/bench/cpu-profile.js <dir or .cpuprofile files> [--top 25]\n');
    process.exitCode = 64;
    return;
  }
  const total = new Map<string, number>();
  let wallMs = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    wallMs += (profile.endTime - profile.startTime) / 1000;
    for (const [charge, ms] of selfTimes(profile)) total.set(charge, (total.get(charge) ?? 0) + ms);
  }
  const n = files.length;
  const cpuMs = [...total].filter(([charge]) => charge !== '(idle)').reduce((sum, [, ms]) => sum + ms, 0) / n;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`${n} profile${n > 1 ? 's' : ''}: mean ${(wallMs / n).toFixed(0)} ms profiled, ${cpuMs.toFixed(0)} ms of it on the CPU (the rest idle, waiting)`);
  out(`${'self time, mean per profile'.padEnd(58)} ${'ms'.padStart(7)} ${'of CPU'.padStart(7)}`);
  for (const [charge, ms] of [...total].filter(([c]) => c !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) {
    out(`${charge.slice(0, 58).padEnd(58)} ${(ms / n).toFixed(0).padStart(7)} ${`${((ms / n / cpuMs) * 100).toFixed(1)} %`.padStart(7)}`);
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) main();
