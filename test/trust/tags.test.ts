/**
 * What aws-bootstrap leaves behind is recognisable (issue 15): after a full demo run (all 20
 * steps, the example config) every resource the run created, found by walking the simulated
 * account's state, carries `aws-bootstrap:managed=true` and `aws-bootstrap:run=<the run id in the
 * undo log's header>`; IAM groups, which AWS cannot tag, sit under the path /aws-bootstrap/
 * instead; and in an account that already had resources, the ones the run adopted gain no tags.
 * A kind of resource the walk does not know fails the test, so a new step cannot create
 * something untagged unnoticed.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADMIN_GROUP_PATH } from '../../steps/admin-group-and-role/admin-group-and-role.js';
import { checklist } from '../../steps/index.js';
import { loadConfigFile } from '../../src/config.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { freshAccountState, type SimState } from '../../src/sim/state.js';
import { MANAGED_TAG, RUN_TAG, tagMap } from '../../src/core/tags.js';
import { readUndoLog } from '../../src/undo/log.js';
import { endStatus } from '../support/checklist.js';
import { runAgainst } from '../support/wizard.js';
import { adoptingAccount, EXISTING, HOME, OTHER } from './adopting-account.js';

const config = loadConfigFile(join(import.meta.dirname, '..', '..', 'examples', 'aws-bootstrap.yaml')).sections;

type Tags = Record<string, string> | undefined;
type TagList = ReadonlyArray<{ Key: string; Value: string }> | undefined;

/** One resource in the account: what it is, its identity, its tags (or, for an IAM group, its path). */
interface Resource {
  readonly kind: string;
  readonly id: string;
  readonly tags?: Tags;
  readonly path?: string;
}

const list = (tags: TagList): Record<string, string> => tagMap(tags as Array<{ Key: string; Value: string }> | undefined);

/** Every taggable resource (and IAM group) in the simulated account. */
function resources(state: SimState): Resource[] {
  const found: Resource[] = [
    ...Object.values(state.iam.roles).map((r) => ({ kind: 'IAM role', id: r.Arn, tags: list(r.Tags) })),
    ...Object.values(state.iam.groups).map((g) => ({ kind: 'IAM group', id: g.Arn, path: g.Path })),
    ...Object.values(state.s3Buckets ?? {}).map((b) => ({ kind: 'S3 bucket', id: b.Name, tags: list(b.Tags) })),
    ...Object.entries(state.budgets).map(([name, b]) => ({ kind: 'budget', id: name, tags: list(b.tags) })),
    ...state.costExplorer.monitors.map((m) => ({ kind: 'anomaly monitor', id: m.MonitorArn, tags: list(m.tags) })),
    ...state.costExplorer.subscriptions.map((s) => ({ kind: 'anomaly subscription', id: s.SubscriptionArn, tags: list(s.tags) })),
  ];
  for (const [region, r] of Object.entries(state.regional)) {
    found.push(
      ...r.analyzers.map((a) => ({ kind: 'analyzer', id: a.arn, tags: a.tags ?? {} })),
      ...r.detectors.map((d) => ({ kind: 'detector', id: `${region}/${d.DetectorId}`, tags: d.Tags ?? {} })),
      ...(r.snsTopics ?? []).map((t) => ({ kind: 'SNS topic', id: t.TopicArn, tags: list(t.Tags) })),
      ...(r.trails ?? []).map((t) => ({ kind: 'trail', id: t.TrailARN, tags: list(t.Tags) })),
      ...(r.logGroups ?? []).map((g) => ({ kind: 'log group', id: g.arn, tags: g.tags })),
      ...(r.alarms ?? []).map((a) => ({ kind: 'alarm', id: a.AlarmArn, tags: list(a.Tags) })),
      ...(r.eventRules ?? []).map((rule) => ({ kind: 'EventBridge rule', id: rule.Arn, tags: list(rule.Tags) })),
      ...(r.configRecorders ?? []).map((c) => ({ kind: 'Config recorder', id: `${region}/${c.name}`, tags: list(c.tags) })),
      ...(r.securityHub ? [{ kind: 'Security Hub hub', id: r.securityHub.HubArn, tags: r.securityHub.Tags ?? {} }] : []),
    );
  }
  return found;
}

/**
 * What AWS cannot tag, by where the simulation keeps it: known by what it belongs to (a rule's
 * targets, a topic's subscriptions, a budget's alerts, a role's inline policies are inside those).
 */
const UNTAGGABLE = new Set(['regional.*.metricFilters', 'regional.*.deliveryChannels', 'regional.*.findingAggregators']);

/** Where `resources` looks. */
const WALKED = new Set([
  'iam.roles', 'iam.groups', 's3Buckets', 'budgets', 'costExplorer.monitors', 'costExplorer.subscriptions',
  ...['analyzers', 'detectors', 'snsTopics', 'trails', 'logGroups', 'alarms', 'eventRules', 'configRecorders', 'securityHub'].map((key) => `regional.*.${key}`),
]);

/** How many things each collection of the state holds, by path (regions as `*`). */
function census(state: SimState): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (path: string, n: number) => counts.set(path, (counts.get(path) ?? 0) + n);
  const size = (value: unknown) => (Array.isArray(value) ? value.length : value && typeof value === 'object' ? Object.keys(value).length : 0);
  // The account's settings, not resources: the summary, the password policy, the last credential report (read-only checks have IAM write it).
  for (const [key, value] of Object.entries(state.iam)) if (typeof value === 'object' && !['summary', 'passwordPolicy', 'credentialReport'].includes(key)) add(`iam.${key}`, size(value));
  add('s3Buckets', size(state.s3Buckets));
  add('budgets', size(state.budgets));
  for (const [key, value] of Object.entries(state.costExplorer)) add(`costExplorer.${key}`, size(value));
  for (const region of Object.values(state.regional)) {
    for (const [key, value] of Object.entries(region)) {
      if (Array.isArray(value)) add(`regional.*.${key}`, value.length);
      else if (key === 'securityHub') add('regional.*.securityHub', value ? 1 : 0);
    }
  }
  return counts;
}

const byId = (state: SimState) => new Map(resources(state).map((r) => [`${r.kind} ${r.id}`, r]));

describe('a full demo run tags everything it creates', async () => {
  const sim = new SimulatedAccount(freshAccountState());
  const before = structuredClone(sim.state);
  const { report, undoLogPath } = await runAgainst(sim, { config });
  const runId = readUndoLog(undoLogPath).records[0]!.run;
  const existing = byId(before);
  const created = resources(sim.state).filter((r) => !existing.has(`${r.kind} ${r.id}`));

  it('all 25 steps ran to their end (so everything the checklist makes was made)', () => {
    expect(checklist).toHaveLength(25);
    const byStep = new Map<string, Set<string>>();
    for (const r of report.results) byStep.set(r.step, (byStep.get(r.step) ?? new Set()).add(r.status));
    expect(Object.fromEntries([...byStep].map(([step, statuses]) => [step, [...statuses]]))).toEqual(Object.fromEntries(checklist.map((s) => [s.id, [endStatus(s)]])));
    expect(readUndoLog(undoLogPath).records[0]).toMatchObject({ type: 'run', run: runId });
  });

  it('every taggable resource it created carries aws-bootstrap:managed=true and this run\'s id', () => {
    const taggable = created.filter((r) => r.kind !== 'IAM group');
    // One of each kind the checklist makes, at least.
    expect(new Set(taggable.map((r) => r.kind))).toEqual(new Set([
      'IAM role', 'S3 bucket', 'budget', 'anomaly monitor', 'anomaly subscription', 'analyzer', 'detector', 'SNS topic', 'trail', 'log group', 'alarm',
      'EventBridge rule', 'Config recorder', 'Security Hub hub',
    ]));
    const wrong = taggable.filter((r) => r.tags?.[MANAGED_TAG] !== 'true' || r.tags?.[RUN_TAG] !== runId).map((r) => `${r.kind} ${r.id}: ${JSON.stringify(r.tags)}`);
    expect(wrong).toEqual([]);
    // 17 regions each: an analyzer, a detector, a recorder, a hub; the rules of both forwarding steps.
    expect(taggable.filter((r) => r.kind === 'detector')).toHaveLength(17);
    expect(taggable.filter((r) => r.kind === 'Security Hub hub')).toHaveLength(17);
  });

  it('the check can fail: a created resource without the run\'s tag is named', () => {
    const stripped = structuredClone(sim.state);
    stripped.regional[HOME]!.trails![0]!.Tags = [];
    stripped.iam.roles['aws-bootstrap-health-forwarding']!.Tags = [{ Key: RUN_TAG, Value: 'another-run' }, { Key: MANAGED_TAG, Value: 'true' }];
    const wrong = resources(stripped).filter((r) => !existing.has(`${r.kind} ${r.id}`) && r.kind !== 'IAM group' && r.tags?.[RUN_TAG] !== runId).map((r) => r.id);
    expect(wrong).toEqual([`arn:aws:iam::${sim.state.accountId}:role/aws-bootstrap-health-forwarding`, `arn:aws:cloudtrail:${HOME}:${sim.state.accountId}:trail/aws-bootstrap-trail`]);
  });

  it('IAM groups, which AWS cannot tag, are made under the path /aws-bootstrap/', () => {
    const groups = created.filter((r) => r.kind === 'IAM group');
    expect(groups.map((g) => g.id)).toEqual([`arn:aws:iam::${sim.state.accountId}:group${ADMIN_GROUP_PATH}Administrators`]);
    expect(groups.every((g) => g.path === ADMIN_GROUP_PATH)).toBe(true);
  });

  it('what it made that AWS cannot tag is only of the kinds it says so of; no kind of resource is made that this walk does not know', () => {
    const after = census(sim.state);
    const first = census(before);
    const grown = [...after].filter(([path, n]) => n > (first.get(path) ?? 0)).map(([path]) => path);
    expect(grown.filter((path) => !WALKED.has(path) && !UNTAGGABLE.has(path))).toEqual([]);
    expect(grown.filter((path) => UNTAGGABLE.has(path)).sort()).toEqual([...UNTAGGABLE].sort());
  });
});

describe('a run in an account that already had resources leaves the adopted ones untagged', async () => {
  const sim = await adoptingAccount();
  const before = byId(sim.state);
  const { report, undoLogPath } = await runAgainst(sim, { config });
  const runId = readUndoLog(undoLogPath).records[0]!.run;
  const after = byId(sim.state);
  const adopted = [...before.keys()].map((key) => after.get(key)!);

  it('the run adopted them: nothing failed, and it changed some of them', () => {
    expect(report.results.filter((r) => r.status === 'failed')).toEqual([]);
    expect(adopted.every(Boolean)).toBe(true);
    expect(sim.state.iam.roles[EXISTING.adminRole]!.AssumeRolePolicyDocument).toContain('aws:MultiFactorAuthPresent');
    expect(sim.state.regional[HOME]!.trails!.find((t) => t.Name === EXISTING.trail)!.LogFileValidationEnabled).toBe(true);
    expect(sim.state.regional[OTHER]!.detectors[0]!.Status).toBe('ENABLED');
    expect(sim.state.regional[OTHER]!.configRecorders!.map((r) => [r.name, r.recording])).toEqual([[EXISTING.recorder, true]]);
    expect(Number(sim.state.budgets[EXISTING.budget]!.budget.BudgetLimit!.Amount)).toBe(50);
  });

  it('none of the adopted ones gained aws-bootstrap\'s tags (nor a group its path)', () => {
    const kinds = new Set(adopted.map((r) => r.kind));
    for (const kind of ['IAM role', 'IAM group', 'analyzer', 'detector', 'SNS topic', 'trail', 'log group', 'budget', 'Config recorder', 'Security Hub hub']) expect(kinds, kind).toContain(kind);
    const tagged = adopted.filter((r) => r.tags && (MANAGED_TAG in r.tags || RUN_TAG in r.tags)).map((r) => `${r.kind} ${r.id}`);
    expect(tagged).toEqual([]);
    expect(adopted.filter((r) => r.kind === 'IAM group').map((g) => g.path)).toEqual([EXISTING.adminGroupPath]);
  });

  it('beside them, what it did create carries the run\'s tags', () => {
    const made = [...after.values()].filter((r) => !before.has(`${r.kind} ${r.id}`) && r.kind !== 'IAM group');
    expect(made.length).toBeGreaterThan(50);
    expect(made.filter((r) => r.tags?.[RUN_TAG] !== runId).map((r) => `${r.kind} ${r.id}`)).toEqual([]);
    // The other regions got new detectors, recorders and hubs; the ones already there stayed as they were.
    expect(made.some((r) => r.kind === 'detector' && !r.id.startsWith(OTHER))).toBe(true);
    expect(made.some((r) => r.kind === 'detector' && r.id.startsWith(OTHER))).toBe(false);
  });
});
