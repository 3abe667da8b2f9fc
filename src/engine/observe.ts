/**
 * Reading the account: every step in every region it targets, once per run. Failures become
 * entries (the region and the message), never rejections, so one region cannot stop the rest.
 */
import { serviceOfAction, type ServiceId } from '../aws/clients.js';
import { explainFailure } from '../aws/errors.js';
import { inLane } from '../core/lane.js';
import { mapPool } from '../core/pool.js';
import { runProgress, type ProgressOptions } from './progress.js';
import type { AnyStep, StepContext } from '../core/step.js';
import { texts } from '../i18n/index.js';

const t = texts(
  'engine.observe',
  { reading: (title: string, regions: number) => `${title} (${regions} regions)` },
  { reading: (title: string, regions: number) => `${title} (${regions} リージョン)` },
);

/** One step's observation in one region (the home region for account-wide steps). */
export interface Observed {
  readonly region: string;
  state?: unknown;
  error?: string;
}

/** The state a step's questions see: its one state, or a map of region → state for region steps. */
export function questionState(step: AnyStep, observations: readonly Observed[]): unknown {
  const readable = observations.filter((o) => !o.error);
  return step.scope === 'region' ? Object.fromEntries(readable.map((o) => [o.region, o.state])) : readable[0]?.state;
}

/** The SDK services a run of these steps reads, in checklist order. */
export function servicesOf(steps: readonly AnyStep[]): ServiceId[] {
  return [...new Set(steps.flatMap((step) => step.permissions.observe.map(serviceOfAction)).filter((id) => id !== undefined))];
}

/**
 * Reads steps' state. Unattended runs read every step in every region at once under the
 * progress display; interactive runs read the first step alone, so its question comes quickly,
 * and the rest in the background while the person answers. A step is read once per run.
 */
export class Observer {
  private readonly cache = new Map<string, Promise<Observed[]>>();

  constructor(
    private readonly options: ProgressOptions,
    private readonly targets: (step: AnyStep) => readonly string[],
    private readonly context: (region: string) => StepContext,
  ) {}

  /** One step in every target region (failures become entries, never rejections). */
  read(step: AnyStep): Promise<Observed[]> {
    let pending = this.cache.get(step.id);
    if (!pending) {
      pending = mapPool(this.targets(step), this.options.concurrency, (region) => this.readOne(step, region)).then((results) =>
        results.map((r) => (r as PromiseFulfilledResult<Observed>).value).sort(byRegion),
      );
      this.cache.set(step.id, pending);
    }
    return pending;
  }

  /** Every step at once, under the progress display. */
  async readAll(steps: readonly AnyStep[]): Promise<void> {
    const collected = new Map<string, Observed[]>(steps.map((step) => [step.id, []]));
    await runProgress(
      this.options,
      // One line per step while reading: a line per region for every step at once redraws
      // ~90 lines on each change and costs more CPU than the reads (regions show when applying).
      steps.map((step) => ({
        title: step.scope === 'region' ? t.reading(step.title, this.targets(step).length) : step.title,
        regional: false,
        units: this.targets(step).map((region) => ({
          title: region,
          run: async () => {
            const entry = await this.readOne(step, region);
            collected.get(step.id)!.push(entry);
            // Marks the progress line as failed with our message; the run goes on.
            if (entry.error) throw new Error(entry.error);
          },
        })),
      })),
      true,
    );
    for (const [id, list] of collected) this.cache.set(id, Promise.resolve(list.sort(byRegion)));
  }

  private async readOne(step: AnyStep, region: string): Promise<Observed> {
    try {
      return { region, state: await inLane(`${step.id}@${region}`, () => step.observe(this.context(region))) };
    } catch (error) {
      return { region, error: explainFailure(error, region) };
    }
  }
}

const byRegion = (a: Observed, b: Observed) => a.region.localeCompare(b.region);
