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
import { contextsFor, identify, readingContexts, type OrganizationScope } from './setup.js';
import type { AnyStep } from '../core/step.js';
import { texts } from '../i18n/index.js';
import { layoutColumns } from './host.js';

const en = {
  noLog: (account: string, demo: boolean) => `No undo log found for account ${account}${demo ? ' (demo)' : ''}; name one: aws-bootstrap undo <log>.`,
  log: (path: string) => `Undo log ${path}`,
  unchained: '! This log was written before undo logs carried checksums: changes made to it by hand cannot be noticed.',
  torn: (n: number) =>
    `! ${n} line${n > 1 ? 's' : ''} of the log ${n > 1 ? 'are' : 'is'} incomplete (a run was cut off while writing). Ignored: the change being recorded there, if AWS made it, must be checked by hand.`,
  foreign: (accounts: readonly string[], current: string) => `This log records changes to account ${accounts.join(', ')}, but you are signed in to ${current}. Sign in to that account to undo them.`,
  unknownSteps: (ids: readonly string[]) => `The log names step${ids.length > 1 ? 's' : ''} this version does not know: ${ids.join(', ')}.`,
  unknownStep: (id: string, known: readonly string[]) => `unknown step id: ${id}. Known steps: ${known.join(', ')}.`,
  allUndone: 'Nothing to undo: every change in this log has already been undone.',
  noChange: 'Nothing to undo: the log records no change.',
  heading: (n: number) => `${n} change${n > 1 ? 's' : ''} to take back, newest first:`,
  recorded: (where: string, at: string) => `${where}; recorded ${at}`,
  cannotCheck: 'cannot check the current state:',
  byHand: 'by hand:',
  skipped: 'skipped:',
  useForce: (why: string) => `${why} (use --force to undo anyway)`,
  forceUndoes: (why: string) => `${why}; --force undoes it anyway`,
  changedSince: 'changed since the run:',
  undoingAnyway: (why: string) => `${why} (undoing anyway: --force)`,
  confirm: (description: string, region: string | undefined, destructive: boolean) =>
    `Undo: ${description}${region ? ` in ${region}` : ''}?${destructive ? ' This cannot be taken back.' : ''}`,
  /** One question for the same destructive undo in many regions. */
  confirmRegions: (description: string, regions: readonly string[]) =>
    `Undo: ${description} in ${regions.length} regions (${regions.join(', ')})? This cannot be taken back.`,
  kept: 'you chose to keep it',
  interrupted: 'interrupted',
  notTried: 'not tried: undoing a newer change of the same step and region failed',
  newVpcs: 'Default VPCs were recreated with CreateDefaultVpc: they are new VPCs with new ids, not the deleted ones.',
};

const t = texts('engine.undo', en, {
  noLog: (account: string, demo: boolean) => `アカウント ${account}${demo ? ' (デモ)' : ''} の取り消しログが見つかりません。ログを指定してください: aws-bootstrap undo <ログ>`,
  log: (path: string) => `取り消しログ ${path}`,
  unchained: '! このログは、取り消しログにチェックサムが付く前に書かれたものです。手で書き換えられていても気付けません。',
  torn: (n: number) =>
    `! ログの ${n} 行が不完全です (書き込み中に実行が中断されました)。この行は無視します。そこに記録しようとしていた変更を AWS が行っていた場合は、手動で確認してください。`,
  foreign: (accounts: readonly string[], current: string) =>
    `このログはアカウント ${accounts.join(', ')} への変更を記録していますが、サインインしているのは ${current} です。元に戻すには、そのアカウントにサインインしてください。`,
  unknownSteps: (ids: readonly string[]) => `このログには、このバージョンが知らないステップがあります: ${ids.join(', ')}`,
  unknownStep: (id: string, known: readonly string[]) => `不明なステップ ID です: ${id}。使えるステップ: ${known.join(', ')}`,
  allUndone: '元に戻すものはありません: このログの変更はすべて取り消し済みです。',
  noChange: '元に戻すものはありません: このログには変更が記録されていません。',
  heading: (n: number) => `元に戻す変更 ${n} 件 (新しい順):`,
  recorded: (where: string, at: string) => `${where}、記録 ${at}`,
  cannotCheck: '現在の状態を確認できません:',
  byHand: '手動で対応:',
  skipped: 'スキップ:',
  useForce: (why: string) => `${why} (それでも元に戻すには --force を付けてください)`,
  forceUndoes: (why: string) => `${why}。--force を付けるとそれでも元に戻します`,
  changedSince: '実行の後に変更されています:',
  undoingAnyway: (why: string) => `${why} (--force のため元に戻します)`,
  confirm: (description: string, region: string | undefined, destructive: boolean) =>
    `元に戻す: ${description}${region ? ` (${region})` : ''}?${destructive ? ' これは取り消せません。' : ''}`,
  confirmRegions: (description: string, regions: readonly string[]) =>
    `元に戻す: ${description} (${regions.length} リージョン: ${regions.join(', ')})? これは取り消せません。`,
  kept: 'そのままにすることを選びました',
  interrupted: '中断しました',
  notTried: '試していません: 同じステップとリージョンの、より新しい変更を元に戻せませんでした',
  newVpcs: 'デフォルト VPC は CreateDefaultVpc で作り直しました。削除したものとは別の、新しい ID の VPC です。',
});

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
  /** Undoing an organization-wide run (`undo --org`): the organization its steps act on. */
  readonly organization?: OrganizationScope;
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
  if (!path) throw new InputError(t.noLog(identity.accountId, options.demo));
  const log = readUndoLog(path);
  host.print(t.log(path));
  if (!log.chained && log.records.length) host.print(s.yellow(t.unchained));
  if (log.tornLines.length) host.print(s.yellow(t.torn(log.tornLines.length)));

  const changes = log.records.filter((r): r is ChangeRecord => r.type === 'change');
  const foreign = [...new Set(log.records.map((r) => r.account))].filter((a) => a !== identity.accountId);
  if (foreign.length) {
    throw new InputError(t.foreign(foreign, identity.accountId));
  }
  const byId = new Map(options.allSteps.map((step) => [step.id, step]));
  const unknownSteps = [...new Set(changes.map((c) => c.step))].filter((id) => !byId.has(id));
  if (unknownSteps.length) throw new InputError(t.unknownSteps(unknownSteps));
  for (const id of [...(options.only ?? []), ...(options.skip ?? [])]) {
    if (!byId.has(id)) throw new InputError(t.unknownStep(id, [...byId.keys()]));
  }

  const undone = new Set(log.records.flatMap((r) => (r.type === 'undone' ? [r.ref] : [])));
  const pending = changes
    .filter((c) => !undone.has(c.id))
    .filter((c) => (!options.only?.length || options.only.includes(c.step)) && !options.skip?.includes(c.step))
    .reverse();

  const report: RunReport = { account: identity.accountId, caller: identity.arn, regions: [], dryRun: options.dryRun, undoLog: path, undoRecords: 0, results: [], quit: false, exitCode: ExitCode.Done };
  if (!pending.length) {
    host.print(changes.length ? s.green(t.allUndone) : t.noChange);
    return report;
  }

  const context = contextsFor(identity, options.clients, options.dryRun, { homeRegion: options.homeRegion, ...(options.organization ? { organization: options.organization } : {}) });
  // The read before deciding takes the tags too: whether a run created a resource decides whether undo deletes it.
  const reading = readingContexts(context, options.clients, { readTags: true });

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
      const state = await inLane(`${group.step.id}@${group.region}`, () => group.step.observe(reading(group.region)));
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
      ...(byId.get(record.step)!.organization ? { organization: true as const } : {}),
      status,
      changes: status === 'undone' || status === 'would undo' ? [record.undo.description] : [],
      ...(detail ? { detail } : {}),
    };
    rowOrder.set(result, position.get(record.id)!);
    return result;
  };

  // The whole preview first; then a decision per change that can be undone.
  host.print(s.bold(t.heading(pending.length)));
  const candidates: ChangeRecord[] = [];
  for (const record of pending) {
    const where = `${record.step}${byId.get(record.step)!.scope === 'region' ? ` ${record.region}` : ''}`;
    host.print(`  ${s.yellow('↶')} ${record.undo.description}  ${s.dim(t.recorded(where, record.at))}`);
    const readError = unreadable.get(`${record.step}@${record.region}`);
    const changedSince = drift.get(record.id);
    if (readError) {
      host.print(`      ${s.red(t.cannotCheck)} ${readError}`);
      report.results.push(row(record, 'failed', readError));
    } else if (record.undo.manual) {
      host.print(`      ${s.yellow(t.byHand)} ${record.undo.manual}`);
      report.results.push(row(record, 'action needed', record.undo.manual));
    } else if (changedSince && !options.force) {
      host.print(`      ${s.yellow(t.skipped)} ${t.useForce(changedSince)}`);
      report.results.push(row(record, 'skipped', t.forceUndoes(changedSince)));
    } else {
      if (changedSince) host.print(`      ${s.yellow(t.changedSince)} ${t.undoingAnyway(changedSince)}`);
      if (options.dryRun) report.results.push(row(record, 'would undo'));
      else candidates.push(record);
    }
  }

  const approved = new Set<string>();
  let yesToAll = !host.interactive;
  // The same destructive undo in many regions (Security Hub in 17) is one question, naming them.
  const sameUndo = (record: ChangeRecord) => `${record.step}|${record.undo.kind}`;
  const destructiveGroups = new Map<string, ChangeRecord[]>();
  for (const record of candidates) {
    if (record.undo.destructive === true && host.interactive) destructiveGroups.set(sameUndo(record), [...(destructiveGroups.get(sameUndo(record)) ?? []), record]);
  }
  const decided = new Set<string>();
  try {
    for (const record of candidates) {
      const destructive = record.undo.destructive === true;
      const regional = byId.get(record.step)!.scope === 'region';
      const group = destructive ? destructiveGroups.get(sameUndo(record)) : undefined;
      if (group && group.length > 1 && regional) {
        if (decided.has(sameUndo(record))) continue;
        decided.add(sameUndo(record));
        const regions = group.map((r) => r.region).sort();
        // The description names its own region ("in this region"): the one of the first stands for all.
        const decision = await host.confirm({ message: t.confirmRegions(record.undo.description, regions), destructive: true, choose: 'regions' });
        if (decision === 'quit') throw new UserQuit();
        const chosen = decision === 'yes' ? new Set(regions) : decision === 'some' ? new Set(await host.pick('regions', regions)) : new Set<string>();
        for (const r of group) {
          if (chosen.has(r.region)) approved.add(r.id);
          else report.results.push(row(r, 'skipped', t.kept));
        }
        continue;
      }
      if (!yesToAll || (destructive && host.interactive)) {
        const region = regional ? record.region : undefined;
        const decision = await host.confirm({ message: t.confirm(record.undo.description, region, destructive), destructive });
        if (decision === 'quit') throw new UserQuit();
        if (decision === 'no') {
          report.results.push(row(record, 'skipped', t.kept));
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
            report.results.push(row(record, 'skipped', blocked ?? t.interrupted));
            continue;
          }
          try {
            await inLane(`${group.step.id}@${group.region}`, () => group.step.undo!(context(group.region), record.undo as never));
            writer.undone(record.id);
            await writer.onDisk();
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
            blocked = t.notTried;
          }
        }
      };
      for (const wave of undoWaves(options.allSteps)) {
        await mapPool([...groups.values()].filter((group) => wave.includes(group.step.id)), options.concurrency, undoGroup);
      }
    } finally {
      await writer.close();
      report.undoRecords = writer.written;
    }
  }

  // Newest first, the order they were taken back in.
  report.results.sort((a, b) => rowOrder.get(a)! - rowOrder.get(b)!);
  report.exitCode = exitCodeFor(report);
  host.print('');
  host.print(renderSummary(report, s, layoutColumns(host.out)));
  if (report.results.some((r) => r.step === 'default-vpcs' && r.status === 'undone')) host.print(s.dim(t.newVpcs));
  return report;
}

