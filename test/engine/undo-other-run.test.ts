/**
 * Undo deletes a resource only if it carries the tag of the run that recorded creating it. One
 * table over every step that deletes what it created: the resources are tagged by the run that
 * made them (r-1), the undo log is rewritten to be another run's (r-2), and each such record must
 * be left alone with "created by another run". The table is checked against the log, so a step
 * that starts deleting something it created must be added to it (or to the kinds that take back
 * a setting or an untaggable resource).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { freshAccountState } from '../../src/sim/state.js';
import type { ResultRow } from '../../src/report/render.js';
import { readUndoLog, type ChangeRecord, type LogRecord } from '../../src/undo/log.js';
import { rechained } from '../support/undo-log.js';
import { runAgainst, undoAgainst } from '../support/wizard.js';

const config = loadConfigFile(join(import.meta.dirname, '..', '..', 'examples', 'aws-bootstrap.yaml')).sections;

/** step → the undo kinds that delete a tagged resource this run created. */
const DELETES_WHAT_IT_CREATED: Readonly<Record<string, readonly string[]>> = {
  'admin-group-and-role': ['delete-role'],
  'access-analyzer': ['delete-analyzer'],
  guardduty: ['delete-detector'],
  'monthly-budget': ['delete-budget'],
  'cost-anomaly-detection': ['delete-monitor', 'delete-subscription'],
  'alerts-topic': ['delete-topic'],
  cloudtrail: ['delete-trail', 'delete-role'],
  'log-alarms': ['delete-alarm'],
  'health-notifications': ['delete-rule', 'delete-role'],
  'findings-alerts': ['delete-rule', 'delete-role'],
  'config-bucket': ['delete-service-linked-role'],
  'aws-config': ['delete-recorder'],
  'security-hub': ['disable-security-hub'],
};

const R1 = 'r-1';
const R2 = 'r-2';

/** The full run's log, as run r-2 would have written it: every record names r-2, and a summary of its own (to find its row). */
function asAnotherRun(path: string): ChangeRecord[] {
  const records = readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as LogRecord & { run: string; sum?: string; prev?: string });
  const rewritten = records.map((record, i) => {
    const { sum: _sum, prev: _prev, ...rest } = record;
    return { ...rest, run: R2, ...(record.type === 'change' ? { summary: `${record.summary} #${i}` } : {}) };
  });
  writeFileSync(path, `${rechained(rewritten.map((r) => JSON.stringify(r))).join('\n')}\n`);
  return readUndoLog(path).records.filter((r): r is ChangeRecord => r.type === 'change');
}

/** Every `aws-bootstrap:run` tag in the simulated account, in a map or a Key/Value list, set to `run`. */
function retag(value: unknown, run: string): void {
  if (Array.isArray(value)) {
    for (const item of value) retag(item, run);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const object = value as Record<string, unknown>;
  for (const [key, field] of Object.entries(object)) {
    if (key === 'aws-bootstrap:run' && typeof field === 'string') object[key] = run;
    else retag(field, run);
  }
  for (const [keyField, valueField] of [['Key', 'Value'], ['key', 'value']] as const) {
    if (object[keyField] === 'aws-bootstrap:run' && typeof object[valueField] === 'string') object[valueField] = run;
  }
}

describe('undo leaves alone what another run created (issue 22 item 7)', () => {
  let records: ChangeRecord[];
  let rows: ResultRow[];
  let sim: SimulatedAccount;
  let deletesBefore: number;

  beforeAll(async () => {
    sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await runAgainst(sim, { config });
    retag(sim.state, R1);
    records = asAnotherRun(undoLogPath);
    deletesBefore = sim.mutatingCalls().length;
    rows = (await undoAgainst(sim, undoLogPath)).report.results;
  }, 120_000);

  const rowOf = (record: ChangeRecord) => rows.find((r) => r.step === record.step && r.title === record.summary);
  const ours = (record: ChangeRecord) => DELETES_WHAT_IT_CREATED[record.step]?.includes(record.undo.kind) ?? false;

  it('every step and kind of the table is in the log (the table is not vacuous)', () => {
    for (const [step, kinds] of Object.entries(DELETES_WHAT_IT_CREATED)) {
      for (const kind of kinds) expect(records.some((r) => r.step === step && r.undo.kind === kind), `${step} ${kind}`).toBe(true);
    }
  });

  it.each(Object.entries(DELETES_WHAT_IT_CREATED).flatMap(([step, kinds]) => kinds.map((kind) => [step, kind])))('%s %s: tagged by r-1, logged by r-2 → left alone, "created by another run"', (step, kind) => {
    const mine = records.filter((r) => r.step === step && r.undo.kind === kind);
    expect(mine.length).toBeGreaterThan(0);
    for (const record of mine) {
      expect(rowOf(record), `${step} ${record.region} ${kind}`).toMatchObject({ status: 'skipped', detail: expect.stringContaining(`was created by another run (aws-bootstrap:run=${R1}), not this one`) });
    }
  });

  it('every other record deletes nothing tagged: it takes back a setting, or a resource AWS cannot tag', () => {
    const deleting = records.filter((r) => !ours(r) && /^(delete|disable)-/.test(r.undo.kind)).map((r) => `${r.step} ${r.undo.kind}`);
    expect([...new Set(deleting)].sort()).toEqual([
      // IAM groups take no tags; inline policies are part of their role or group.
      'admin-group-and-role delete-group',
      'admin-group-and-role delete-group-policy',
      // Settings, taken back to what they were.
      'alternate-contacts delete-alternate-contact',
      // Config's delivery channel, metric filters, Security Hub's aggregator and standards subscriptions take no tags (undo knows them by name or ARN).
      'aws-config delete-channel',
      'ebs-encryption-by-default disable-ebs-encryption-by-default',
      'findings-alerts delete-role-policy',
      'health-notifications delete-role-policy',
      'iam-password-policy delete-password-policy',
      'log-alarms delete-metric-filter',
      's3-block-public-access delete-public-access-block',
      'security-hub delete-finding-aggregator',
      'security-hub disable-standards',
    ]);
  });

  it('nothing another run made was deleted', () => {
    const deletes = sim.mutatingCalls().slice(deletesBefore).filter((c) => /^(Delete|Disable|Remove)/.test(c.action));
    const tagged = ['DeleteRole', 'DeleteAnalyzer', 'DeleteDetector', 'DeleteBudget', 'DeleteAnomalyMonitor', 'DeleteAnomalySubscription', 'DeleteTopic', 'DeleteTrail', 'DeleteAlarms', 'DeleteRule', 'DeleteConfigurationRecorder', 'DeleteServiceLinkedRole', 'DisableSecurityHub'];
    expect(deletes.filter((c) => tagged.includes(c.action))).toEqual([]);
  });
});
