/**
 * `aws-bootstrap undo`: takes recorded changes back, newest first, each through its step's own
 * `undo`. Refuses a log from another account, tolerates a torn last line (a crash while
 * writing), skips what was already undone, and skips (unless forced) a change whose resource
 * has been changed since. Each undo is appended to the same log as it succeeds, so a second
 * `undo` does nothing.
 */
import type { AwsClients } from '../aws/clients.js';
import { explainFailure } from '../aws/errors.js';
import { exitCodeFor, renderSummary, styles, type ResultRow, type RunReport } from '../report/render.js';
import { latestUndoLog, readUndoLog, UndoLogWriter, type ChangeRecord } from '../undo/log.js';
import { ExitCode, InputError, LeftForAPerson, UserQuit } from '../core/errors.js';
import type { Host } from './host.js';
import { inLane } from '../core/lane.js';
import { undoWaves } from './needs.js';
import { mapPool } from '../core/pool.js';
import { contextsFor, identify } from './setup.js';
import type { AnyStep } from '../core/step.js';

export interface UndoOptions {
  /** Every known step; records name their step by id. */
  readonly allSteps: readonly AnyStep[];
  readonly clients: AwsClients;
  readonly homeRegion: string;
  /** The log to undo; the newest log for this account in the default location otherwise. */
  readonly logPath?: string;
  readonly only?: readonly string[];
  readonly skip?: readonly string[];
  readonly dryRun: boolean;
  /** Undo even where the resource changed since the run. */
  readonly force: boolean;
  readonly concurrency: number;
  readonly host: Host;
  readonly demo: boolean;
  readonly signal?: AbortSignal;
}

/** Records of one step in one region, newest first: they must be undone in that order. */
interface Group {
  readonly step: AnyStep;
  readonly region: string;
  readonly records: ChangeRecord[];
}

export async function runUndo(options: UndoOptions): Promise<RunReport> {
  const { host } = options;
  const s = styles(host.out);
  const identity = await identify(options.clients, options.homeRegion);
  const path = options.logPath ?? latestUndoLog(identity.accountId, options.demo);
  if (!path) throw new InputError(`No undo log found for account ${identity.accountId}${options.demo ? ' (demo)' : ''}; name one: aws-bootstrap undo <log>.`);
  const log = readUndoLog(path);
  host.print(`Undo log ${path}`);
  if (!log.chained && log.records.length) {
    host.print(s.yellow('! This log was written before undo logs carried checksums: changes made to it by hand cannot be noticed.'));
  }
  if (log.tornLines.length) {
    host.print(s.yellow(`! ${log.tornLines.length} line${log.tornLines.length > 1 ? 's' : ''} of the log ${log.tornLines.length > 1 ? 'are' : 'is'} incomplete (a run was cut off while writing). Ignored: the change being recorded there, if AWS made it, must be checked by hand.`));
  }

  const changes = log.records.filter((r): r is ChangeRecord => r.type === 'change');
  const foreign = [...new Set(log.records.map((r) => r.account))].filter((a) => a !== identity.accountId);
  if (foreign.length) {
    throw new InputError(`This log records changes to account ${foreign.join(', ')}, but you are signed in to ${identity.accountId}. Sign in to that account to undo them.`);
  }
  const byId = new Map(options.allSteps.map((step) => [step.id, step]));
  const unknownSteps = [...new Set(changes.map((c) => c.step))].filter((id) => !byId.has(id));
  if (unknownSteps.length) throw new InputError(`The log names step${unknownSteps.length > 1 ? 's' : ''} this version does not know: ${unknownSteps.join(', ')}.`);
  for (const id of [...(options.only ?? []), ...(options.skip ?? [])]) {
    if (!byId.has(id)) throw new InputError(`unknown step id: ${id}. Known steps: ${[...byId.keys()].join(', ')}.`);
  }

  const undone = new Set(log.records.flatMap((r) => (r.type === 'undone' ? [r.ref] : [])));
  const pending = changes
    .filter((c) => !undone.has(c.id))
    .filter((c) => (!options.only?.length || options.only.includes(c.step)) && !options.skip?.includes(c.step))
    .reverse();

  const report: RunReport = { account: identity.accountId, caller: identity.arn, regions: [], dryRun: options.dryRun, undoLog: path, undoRecords: 0, results: [], quit: false, exitCode: ExitCode.Done };
  if (!pending.length) {
    host.print(changes.length ? s.green('Nothing to undo: every change in this log has already been undone.') : 'Nothing to undo: the log records no change.');
    return report;
  }

  const context = contextsFor(identity, options.clients, options.dryRun, { homeRegion: options.homeRegion });

  // Group by step and region, in the order the groups' newest records appear (newest first).
  const groups = new Map<string, Group>();
  for (const record of pending) {
    const key = `${record.step}@${record.region}`;
    const group = groups.get(key) ?? { step: byId.get(record.step)!, region: record.region, records: [] };
    group.records.push(record);
    groups.set(key, group);
  }

  // What changed since the run: read each group's resource once, before deciding anything.
  const drift = new Map<string, string>();
  const unreadable = new Map<string, string>();
  await mapPool([...groups.values()], options.concurrency, async (group) => {
    if (!group.step.undoDrift) return;
    try {
      const state = await inLane(`${group.step.id}@${group.region}`, () => group.step.observe(context(group.region)));
      for (const record of group.records) {
        const why = group.step.undoDrift(state, record.undo as never, { runId: record.run });
        if (why) drift.set(record.id, why);
      }
    } catch (error) {
      unreadable.set(`${group.step.id}@${group.region}`, explainFailure(error, group.region));
    }
  });

  const position = new Map(pending.map((record, i) => [record.id, i]));
  const rowOrder = new WeakMap<ResultRow, number>();
  const row = (record: ChangeRecord, status: ResultRow['status'], detail?: string): ResultRow => {
    const result: ResultRow = {
      step: record.step,
      title: record.summary,
      ...(byId.get(record.step)!.scope === 'region' ? { region: record.region } : {}),
      status,
      changes: status === 'undone' || status === 'would undo' ? [record.undo.description] : [],
      ...(detail ? { detail } : {}),
    };
    rowOrder.set(result, position.get(record.id)!);
    return result;
  };

  // The whole preview first; then a decision per change that can be undone.
  host.print(s.bold(`${pending.length} change${pending.length > 1 ? 's' : ''} to take back, newest first:`));
  const candidates: ChangeRecord[] = [];
  for (const record of pending) {
    const where = `${record.step}${byId.get(record.step)!.scope === 'region' ? ` ${record.region}` : ''}`;
    host.print(`  ${s.yellow('↶')} ${record.undo.description}  ${s.dim(`${where}; recorded ${record.at}`)}`);
    const readError = unreadable.get(`${record.step}@${record.region}`);
    const changedSince = drift.get(record.id);
    if (readError) {
      host.print(`      ${s.red('cannot check the current state:')} ${readError}`);
      report.results.push(row(record, 'failed', readError));
    } else if (record.undo.manual) {
      host.print(`      ${s.yellow('by hand:')} ${record.undo.manual}`);
      report.results.push(row(record, 'action needed', record.undo.manual));
    } else if (changedSince && !options.force) {
      host.print(`      ${s.yellow('skipped:')} ${changedSince} (use --force to undo anyway)`);
      report.results.push(row(record, 'skipped', `${changedSince}; --force undoes it anyway`));
    } else {
      if (changedSince) host.print(`      ${s.yellow('changed since the run:')} ${changedSince} (undoing anyway: --force)`);
      if (options.dryRun) report.results.push(row(record, 'would undo'));
      else candidates.push(record);
    }
  }

  const approved = new Set<string>();
  let yesToAll = !host.interactive;
  try {
    for (const record of candidates) {
      const destructive = record.undo.destructive === true;
      if (!yesToAll || (destructive && host.interactive)) {
        const where = byId.get(record.step)!.scope === 'region' ? ` in ${record.region}` : '';
        const decision = await host.confirm({ message: `Undo: ${record.undo.description}${where}?${destructive ? ' This cannot be taken back.' : ''}`, destructive });
        if (decision === 'quit') throw new UserQuit();
        if (decision === 'no') {
          report.results.push(row(record, 'skipped', 'you chose to keep it'));
          continue;
        }
        if (decision === 'all') yesToAll = true;
      }
      approved.add(record.id);
    }
  } catch (error) {
    if (!(error instanceof UserQuit)) throw error;
    report.quit = true;
  }

  if (!options.dryRun && approved.size && !report.quit) {
    const writer = new UndoLogWriter(path, { run: `undo-${Date.now()}`, account: identity.accountId, caller: identity.arn, command: 'undo', ...(options.demo ? { demo: true } : {}) });
    try {
      // Steps that build on others are taken back first (the alarms before the trail they read).
      const undoGroup = async (group: Group) => {
        let blocked: string | undefined;
        for (const record of group.records.filter((r) => approved.has(r.id))) {
          if (blocked || options.signal?.aborted) {
            report.results.push(row(record, 'skipped', blocked ?? 'interrupted'));
            continue;
          }
          try {
            await inLane(`${group.step.id}@${group.region}`, () => group.step.undo!(context(group.region), record.undo as never));
            writer.undone(record.id);
            report.results.push(row(record, 'undone'));
          } catch (error) {
            if (error instanceof LeftForAPerson) {
              // Not a failure of ours, and nothing older depends on it being finished by a person.
              report.results.push(row(record, 'action needed', error.message));
              continue;
            }
            const message = explainFailure(error, group.region);
            report.results.push(row(record, 'failed', message));
            // Older changes of the same resource depend on this one being undone first.
            blocked = `not tried: undoing a newer change of the same step and region failed`;
          }
        }
      };
      for (const wave of undoWaves(options.allSteps)) {
        await mapPool([...groups.values()].filter((group) => wave.includes(group.step.id)), options.concurrency, undoGroup);
      }
    } finally {
      writer.close();
      report.undoRecords = writer.written;
    }
  }

  // Newest first, the order they were taken back in.
  report.results.sort((a, b) => rowOrder.get(a)! - rowOrder.get(b)!);
  report.exitCode = exitCodeFor(report);
  host.print('');
  host.print(renderSummary(report, s));
  if (report.results.some((r) => r.step === 'default-vpcs' && r.status === 'undone')) {
    host.print(s.dim('Default VPCs were recreated with CreateDefaultVpc: they are new VPCs with new ids, not the deleted ones.'));
  }
  return report;
}

