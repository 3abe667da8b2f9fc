/**
 * Dry run: lets a step prove its permissions without changing anything (EC2 DryRun), and says
 * which calls would be denied.
 */
import { explainFailure } from '../aws/errors.js';
import type { ProbeResult } from '../aws/dry-run.js';
import type { styles } from '../report/render.js';
import type { Host } from './host.js';
import { inLane } from '../core/lane.js';
import { mapPool } from '../core/pool.js';
import type { Planned } from './preview.js';
import type { AnyStep } from '../core/step.js';
import { texts } from '../i18n/index.js';

const en = {
  checkFailed: (why: string) => `permission check failed: ${why}`,
  denied: (calls: readonly string[], grant: readonly string[]) => `DryRun: ${calls.join(', ')} would be denied (grant ${grant.join(', ')})`,
  everyRegion: 'every region',
  allowed: (actions: readonly string[]) => `every call would succeed (${actions.join(', ')})`,
  heading: (step: string) => `Permission check with EC2 DryRun, ${step}`,
  nothingChanged: '(nothing changed)',
};

const t = texts('engine.probe', en, {
  checkFailed: (why: string) => `権限を確認できませんでした: ${why}`,
  denied: (calls: readonly string[], grant: readonly string[]) => `DryRun: ${calls.join(', ')} は拒否されます (${grant.join(', ')} を許可してください)`,
  everyRegion: 'すべてのリージョン',
  allowed: (actions: readonly string[]) => `すべての呼び出しが成功します (${actions.join(', ')})`,
  heading: (step: string) => `EC2 DryRun による権限の確認: ${step}`,
  nothingChanged: '(何も変更していません)',
});

/**
 * Dry run: lets a step prove its permissions without changing anything (EC2 DryRun), in every
 * region with changes pending (at most --concurrency at once). Per region: the probe results, or
 * why probing failed.
 */
export async function probeAll(step: AnyStep, pending: readonly Planned[], concurrency: number): Promise<Map<string, ProbeResult[] | string>> {
  const outcome = new Map<string, ProbeResult[] | string>();
  await mapPool(pending, concurrency, async (p) => {
    try {
      const perChange = await Promise.all(p.plan.changes.map((change) => inLane(`${step.id}@${p.region}`, () => step.probe!(p.ctx, change))));
      outcome.set(p.region, perChange.flat());
    } catch (error) {
      outcome.set(p.region, t.checkFailed(explainFailure(error, p.region)));
    }
  });
  return outcome;
}

/** Prints denials one by one and the rest as a count; returns a denial sentence per region. */
export function printProbes(step: AnyStep, pending: readonly Planned[], outcome: Map<string, ProbeResult[] | string>, host: Host, s: ReturnType<typeof styles>): Map<string, string> {
  const denied = new Map<string, string>();
  const allowedRegions: string[] = [];
  const allowedActions = new Set<string>();
  const lines: string[] = [];
  for (const p of pending) {
    const results = outcome.get(p.region)!;
    if (typeof results === 'string') {
      denied.set(p.region, results);
      lines.push(`${s.red('✗')} ${p.region}: ${results}`);
      continue;
    }
    for (const r of results) if (r.allowed) allowedActions.add(r.action);
    const refused = results.filter((r) => !r.allowed);
    if (!refused.length) {
      allowedRegions.push(p.region);
      continue;
    }
    const sentence = t.denied(refused.map((r) => `${r.action} ${r.target}`), [...new Set(refused.map((r) => r.action))]);
    denied.set(p.region, sentence);
    lines.push(`${s.red('✗')} ${p.region}: ${sentence}`);
  }
  if (allowedRegions.length) {
    const where = step.scope === 'region' ? `${allowedRegions.length === pending.length ? t.everyRegion : allowedRegions.join(', ')}: ` : '';
    lines.unshift(`${s.green('✓')} ${where}${t.allowed([...allowedActions].sort())}`);
  }
  host.print(`${s.bold(t.heading(step.id))} ${s.dim(t.nothingChanged)}\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
  return denied;
}
