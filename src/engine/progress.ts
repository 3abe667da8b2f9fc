/**
 * The live progress display (listr2) for work done side by side: reading every step, and
 * applying approved steps. Silent in tests, plain lines without a terminal.
 */
import type { Host } from './host.js';
import { mapPool } from '../core/pool.js';
import { texts } from '../i18n/index.js';

const t = texts(
  'engine.progress',
  { failed: (failed: number, of: number) => `${failed} of ${of} failed` },
  { failed: (failed: number, of: number) => `${of} 件中 ${failed} 件が失敗しました` },
);

export type Renderer = 'default' | 'simple' | 'silent';

/** What the display needs of a run. */
export interface ProgressOptions {
  readonly host: Host;
  readonly renderer: Renderer;
  /** Units of a group at most this many at once; 1 also runs the groups in turn. */
  readonly concurrency: number;
}

export interface ProgressGroup {
  readonly title: string;
  /** Region steps show each region as a sub-task. */
  readonly regional: boolean;
  readonly units: ReadonlyArray<{ title: string; run: () => Promise<void> }>;
}

/**
 * Runs work under listr2's progress display (its simple renderer without a terminal, silent in
 * tests): groups side by side or in turn, units of a group at most --concurrency at once. A
 * failing unit marks itself failed and never stops the others.
 */
export async function runProgress(options: ProgressOptions, groups: readonly ProgressGroup[], groupsAtOnce: boolean): Promise<void> {
  // Loaded on first use: an interactive run shows its first question without it.
  const { Listr, ListrLogger, ProcessOutput } = await import('listr2');
  // Progress goes where the rest of the human output goes (stderr under --json).
  const stream = options.host.out as NodeJS.WriteStream;
  const logger = new ListrLogger({ processOutput: new ProcessOutput(stream, stream) });
  // A line per region helps on a live terminal (it collapses when done); in a log it is noise.
  const regionLines = options.renderer === 'default';
  await new Listr(
    groups.map((group) => ({
      title: group.title,
      task: (_ctx, task) =>
        group.regional && regionLines
          ? task.newListr(
              group.units.map((unit) => ({ title: unit.title, task: () => unit.run() })),
              { concurrent: options.concurrency, exitOnError: false },
            )
          : runUnits(group.units, options.concurrency),
    })),
    {
      // --concurrency 1 makes the whole run sequential, like a plain script.
      concurrent: groupsAtOnce && options.concurrency > 1,
      exitOnError: false,
      // Ctrl-C is ours to handle (finish what is in flight, record it, print the summary).
      registerSignalListeners: false,
      renderer: options.renderer,
      rendererOptions: { logger },
      fallbackRendererOptions: { logger },
      collectErrors: false,
    },
  ).run();
}

/** Runs units at most `concurrency` at once; fails (after all ran) if any failed. */
async function runUnits(units: ProgressGroup['units'], concurrency: number): Promise<void> {
  const results = await mapPool(units, concurrency, (unit) => unit.run());
  const failed = results.filter((r) => r.status === 'rejected').length;
  if (failed) throw new Error(units.length === 1 ? (results[0] as PromiseRejectedResult).reason.message : t.failed(failed, units.length));
}

