/**
 * Steps that build on other steps (`Step.needs`). A prerequisite is looked for in the same
 * region, or in the home region when it is an account step. Where it is done, or will be once
 * its plan is applied, its `provides` value is handed to the steps that need it; where it is
 * not (declined, failed, skipped, unreadable), they are skipped there with the reason. Applying
 * side by side, a step waits in each region for its prerequisites to finish there.
 */
import type { AnyStep } from '../core/step.js';
import { texts } from '../i18n/index.js';

const en = {
  /** Where a prerequisite in another region is needed: " in eu-west-1". */
  place: (region: string) => ` in ${region}`,
  notDone: (title: string, place: string, reason: string) => `needs "${title}"${place}, which is not done: ${reason}`,
  notReached: (title: string, place: string) => `needs "${title}"${place}, which was not reached`,
};

const t = texts('engine.needs', en, {
  place: (region: string) => ` (${region})`,
  notDone: (title: string, place: string, reason: string) => `「${title}」${place}が必要ですが、完了していません: ${reason}`,
  notReached: (title: string, place: string) => `「${title}」${place}が必要ですが、そこまで進みませんでした`,
});

interface Deferred {
  readonly done: Promise<void>;
  finish(): void;
}

function deferred(): Deferred {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { done, finish };
}

export class StepDependencies {
  private readonly byId: Map<string, AnyStep>;
  /** step id → region → what it provides there. */
  private readonly offered = new Map<string, Map<string, unknown>>();
  /** step id → region → why it will not be done there. */
  private readonly refused = new Map<string, Map<string, string>>();
  /** `step@region` → the apply still under way there. */
  private readonly applying = new Map<string, Deferred>();

  constructor(
    steps: readonly AnyStep[],
    private readonly homeRegion: string,
    /** Told of every value offered or withdrawn (an organization-wide run passes them to the accounts). */
    private readonly listener?: (step: AnyStep, region: string, value: unknown) => void,
  ) {
    this.byId = new Map(steps.map((step) => [step.id, step]));
  }

  /**
   * Whether any step needs this one (only then is its `provides` worth computing): a step of this
   * run, or, for an organization-wide step that covers per-account steps, theirs.
   */
  isNeeded(step: AnyStep): boolean {
    if (this.listener && step.organization?.covers.length) return true;
    return [...this.byId.values()].some((other) => other.needs?.includes(step.id));
  }

  /** The prerequisites of a step, as steps (an id no step has is a programming error). */
  prerequisites(step: AnyStep): AnyStep[] {
    return (step.needs ?? []).map((id) => {
      const found = this.byId.get(id);
      if (!found) throw new Error(`step ${step.id} needs ${id}, which is not a known step`);
      return found;
    });
  }

  /** Where a prerequisite of a step working in `region` lives. */
  regionOf(prerequisite: AnyStep, region: string): string {
    return prerequisite.scope === 'account' ? this.homeRegion : region;
  }

  offer(step: AnyStep, region: string, value: unknown): void {
    this.mapOf(this.offered, step.id).set(region, value);
    this.refused.get(step.id)?.delete(region);
    this.listener?.(step, region, value);
  }

  refuse(step: AnyStep, region: string, reason: string): void {
    this.mapOf(this.refused, step.id).set(region, reason);
    this.listener?.(step, region, undefined);
  }

  /** Why a step cannot be planned in a region (a prerequisite is not done there), if so. */
  blocked(step: AnyStep, region: string): string | undefined {
    for (const prerequisite of this.prerequisites(step)) {
      const where = this.regionOf(prerequisite, region);
      const reason = this.refused.get(prerequisite.id)?.get(where);
      const place = prerequisite.scope === 'region' ? t.place(where) : '';
      if (reason) return t.notDone(prerequisite.title, place, reason);
      if (!this.offered.get(prerequisite.id)?.has(where)) return t.notReached(prerequisite.title, place);
    }
    return undefined;
  }

  /** What a step's prerequisites provide in a region, by step id. */
  providedFor(step: AnyStep, region: string): Record<string, unknown> {
    return Object.fromEntries(this.prerequisites(step).map((p) => [p.id, this.offered.get(p.id)?.get(this.regionOf(p, region))]));
  }

  /** Announces the applies about to start side by side, so dependents know what to wait for. */
  willApply(step: AnyStep, regions: readonly string[]): void {
    for (const region of regions) this.applying.set(`${step.id}@${region}`, deferred());
  }

  /** An apply has ended there; a failure is the reason its dependents are skipped there. */
  applied(step: AnyStep, region: string, failure?: string): void {
    if (failure) this.refuse(step, region, failure);
    this.applying.get(`${step.id}@${region}`)?.finish();
  }

  /** Waits until the prerequisites being applied in this region are done; why not to go on, if so. */
  async ready(step: AnyStep, region: string): Promise<string | undefined> {
    for (const prerequisite of this.prerequisites(step)) await this.applying.get(`${prerequisite.id}@${this.regionOf(prerequisite, region)}`)?.done;
    return this.blocked(step, region);
  }

  private mapOf<V>(map: Map<string, Map<string, V>>, id: string): Map<string, V> {
    let inner = map.get(id);
    if (!inner) map.set(id, (inner = new Map()));
    return inner;
  }
}

/**
 * Undo order: a step that builds on others is taken back before them. The step ids in waves;
 * each wave holds the steps whose dependents all sit in earlier waves.
 */
export function undoWaves(steps: readonly AnyStep[]): string[][] {
  const dependents = new Map(steps.map((step) => [step.id, steps.filter((other) => other.needs?.includes(step.id)).map((other) => other.id)]));
  const waves: string[][] = [];
  const placed = new Set<string>();
  while (placed.size < steps.length) {
    const wave = steps.filter((step) => !placed.has(step.id) && dependents.get(step.id)!.every((id) => placed.has(id))).map((step) => step.id);
    if (!wave.length) throw new Error(`steps need each other in a circle: ${steps.filter((s) => !placed.has(s.id)).map((s) => s.id).join(', ')}`);
    wave.forEach((id) => placed.add(id));
    waves.push(wave);
  }
  return waves;
}
