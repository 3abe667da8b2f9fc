/**
 * `undo --org`: each account's newest undo log (in its own folder), taken back in every account
 * at once, a bounded number at a time. Interactive: a dry run of every account's undo first,
 * grouped by step, then one question for all of it, and one more (No by default) for what
 * cannot be had again (Security Hub's findings).
 */
import { explainFailure } from '../aws/errors.js';
import { ExitCode, UserQuit } from '../core/errors.js';
import { mapPool } from '../core/pool.js';
import type { AnyStep } from '../core/step.js';
import { runUndo, type UndoOptions } from '../engine/undo.js';
import { texts } from '../i18n/index.js';
import { latestOrganizationUndoLog, readUndoLog, latestUndoLog } from '../undo/log.js';
import type { RunReport } from '../report/render.js';
import { organizationScope, type OrganizationSettings } from './organization.js';
import { groupStep, renderMatrix, type AccountOutcome } from './report.js';
import { quietHost, reachOrganization, type OrgAccess, type Reached } from './reach.js';

const en = {
  noLog: 'no undo log for this account',
  previewing: (n: number) => `Reading the newest undo log of ${n} account${n > 1 ? 's' : ''} (nothing is changed yet)…`,
  confirm: (n: number) => `Undo these changes in ${n} account${n > 1 ? 's' : ''}?`,
  confirmDestructive: (steps: string, accounts: string) =>
    `Also take back ${steps} in ${accounts}? That deletes what cannot be had again (Security Hub's findings and their history).`,
  keptDestructive: 'you chose to keep it (its undo destroys data)',
  nothingToUndo: 'Nothing to undo in any account.',
  organization: (management: string) => `Organization-wide changes (from the management account ${management}), taken back after every account's own:`,
};

const t = texts('org-undo', en, {
  noLog: 'このアカウントの元に戻すログはありません',
  previewing: (n: number) => `${n} アカウントの最新の元に戻すログを読み取っています (まだ何も変更しません)…`,
  confirm: (n: number) => `${n} アカウントでこれらの変更を元に戻しますか?`,
  confirmDestructive: (steps: string, accounts: string) =>
    `${accounts} の ${steps} も元に戻しますか? 二度と取り戻せないもの (Security Hub の検出結果とその履歴) が削除されます。`,
  keptDestructive: '残すことを選びました (元に戻すとデータが失われます)',
  nothingToUndo: 'どのアカウントにも元に戻す変更はありません。',
  organization: (management: string) => `組織全体の変更 (管理アカウント ${management} から)。各アカウントの変更を元に戻した後に元に戻します:`,
});

export interface OrgUndoOptions extends OrgAccess, Omit<UndoOptions, 'clients' | 'host' | 'logPath' | 'homeRegion' | 'organization'> {
  /** `organization.securityAccount` and `organization.logArchiveAccount`, if given (else read from the organization's undo log). */
  readonly organizationSettings?: OrganizationSettings;
}

export async function runOrgUndo(options: OrgUndoOptions): Promise<{ accounts: AccountOutcome[]; organization?: RunReport; exitCode: number; quit: boolean }> {
  const organization = await reachOrganization(options);
  const result = await undoAccounts(options, organization);
  if (result.quit) return result;
  // The organization-wide changes last: the per-account ones may build on them.
  const logPath = latestOrganizationUndoLog(organization.caller.accountId, options.demo);
  if (!logPath) return result;
  options.host.print('');
  options.host.print(t.organization(organization.caller.accountId));
  const changes = readUndoLog(logPath).records.flatMap((r) => (r.type === 'change' ? [r.undo] : []));
  const recorded = changes.flatMap((u) => (typeof u.accountId === 'string' ? [u.accountId] : []));
  const securityAccount = options.organizationSettings?.securityAccount ?? recorded[0];
  // The log archive account, as the changes made there recorded it.
  const logArchiveAccount = options.organizationSettings?.logArchiveAccount ?? changes.flatMap((u) => (typeof u.logArchiveAccount === 'string' ? [u.logArchiveAccount] : []))[0];
  const scope = await organizationScope(organization, { ...(securityAccount ? { securityAccount } : {}), ...(logArchiveAccount ? { logArchiveAccount } : {}) });
  try {
    const report = await runUndo({ ...options, clients: options.management, logPath, host: options.host, organization: scope });
    const codes = [result.exitCode, report.exitCode];
    const exitCode = codes.includes(ExitCode.Failed) ? ExitCode.Failed : codes.includes(ExitCode.PendingChanges) ? ExitCode.PendingChanges : ExitCode.Done;
    return { ...result, organization: report, exitCode, quit: report.quit };
  } catch (failure) {
    options.host.print(explainFailure(failure, options.homeRegion));
    return { ...result, exitCode: ExitCode.Failed };
  }
}

async function undoAccounts(options: OrgUndoOptions, organization: Awaited<ReturnType<typeof reachOrganization>>): Promise<{ accounts: AccountOutcome[]; exitCode: number; quit: boolean }> {
  const { host } = options;
  const { reached, untouched } = organization;
  const stepIds = options.allSteps.map((step) => step.id);
  const skipAll = [...(options.skip ?? [])];
  /** Accounts whose destructive undos the person chose to keep, and those steps. */
  let kept: { steps: string[]; accounts: Set<string> | 'all' } = { steps: [], accounts: new Set() };
  const skip = (account: string) => (kept.accounts === 'all' || kept.accounts.has(account) ? [...skipAll, ...kept.steps] : skipAll);
  if (host.interactive && !options.dryRun) {
    host.print(t.previewing(reached.length));
    const preview = await undoPass(options, reached, true, () => skipAll);
    printGrouped(host, stepIds, preview);
    const pending = preview.filter((o) => o.report?.results.some((r) => r.status === 'would undo'));
    if (!pending.length) {
      host.print(t.nothingToUndo);
      return { accounts: preview, exitCode: ExitCode.Done, quit: false };
    }
    const decision = await host.confirm({ message: t.confirm(pending.length), destructive: false });
    if (decision === 'quit' || decision === 'no') return { accounts: preview, exitCode: ExitCode.Quit, quit: true };
    const destructive = destructiveSteps(options.allSteps, reached, options.demo);
    if (destructive.steps.length) {
      const many = destructive.accounts.length > 1 ? { choose: 'accounts' as const } : {};
      const keep = await host.confirm({ message: t.confirmDestructive(destructive.steps.join(', '), destructive.accounts.join(', ')), destructive: true, ...many });
      if (keep === 'quit') throw new UserQuit();
      if (keep === 'no') kept = { steps: destructive.steps, accounts: 'all' };
      if (keep === 'some') {
        const chosen = new Set(await host.pick('accounts', destructive.accounts));
        kept = { steps: destructive.steps, accounts: new Set(destructive.accounts.filter((a) => !chosen.has(a))) };
      }
    }
  }
  const accounts = await undoPass(options, reached, options.dryRun, skip);
  // What was (or would be) taken back, and what is left for a person (the commands to remove
  // what undo keeps, failures), as a single-account undo says it.
  printGrouped(host, stepIds, accounts);
  host.print(renderMatrix(stepIds, accounts, untouched, options.dryRun));
  const codes = accounts.map((o) => (o.report ? o.report.exitCode : ExitCode.Failed));
  const exitCode = codes.includes(ExitCode.Failed) ? ExitCode.Failed : codes.includes(ExitCode.PendingChanges) ? ExitCode.PendingChanges : ExitCode.Done;
  return { accounts, exitCode, quit: false };
}

/** What would be (or was) undone, step by step, grouped over the accounts and regions. */
function printGrouped(host: OrgAccess['host'], stepIds: readonly string[], outcomes: readonly AccountOutcome[]): void {
  for (const id of stepIds) {
    const lines = groupStep(id, outcomes);
    if (lines.length) host.print([id, ...lines].join('\n'));
  }
}

/** Steps whose records in the accounts' newest logs would destroy data when undone, and those accounts. */
function destructiveSteps(allSteps: readonly AnyStep[], reached: readonly Reached[], demo: boolean): { steps: string[]; accounts: string[] } {
  const steps = new Set<string>();
  const accounts: string[] = [];
  for (const { account, clients } of reached) {
    const path = clients && latestUndoLog(account.id, demo);
    if (!path) continue;
    const found = readUndoLog(path).records.flatMap((r) => (r.type === 'change' && r.undo.destructive ? [r.step] : []));
    if (found.length) accounts.push(account.id);
    for (const id of found) steps.add(id);
  }
  return { steps: allSteps.filter((step) => steps.has(step.id)).map((step) => step.id), accounts };
}

async function undoPass(options: OrgUndoOptions, reached: readonly Reached[], dryRun: boolean, skipFor: (account: string) => readonly string[]): Promise<AccountOutcome[]> {
  const settled = await mapPool(reached, options.accountConcurrency, async ({ account, clients, error }): Promise<AccountOutcome> => {
    if (!clients) return { account: account.id, name: account.name, error: error! };
    const skip = [...skipFor(account.id)];
    const logPath = latestUndoLog(account.id, options.demo);
    if (!logPath) {
      return { account: account.id, name: account.name, report: { account: account.id, regions: [], dryRun, undoRecords: 0, results: [], quit: false, exitCode: ExitCode.Done, notes: [{ step: '-', note: t.noLog }] } };
    }
    try {
      const report = await runUndo({ ...options, clients, logPath, dryRun, skip, host: quietHost(options.host.out) });
      // What the person kept on purpose reads as such, not as pending.
      for (const row of report.results) if (skip.includes(row.step) && row.status === 'skipped') row.detail ??= t.keptDestructive;
      return { account: account.id, name: account.name, report };
    } catch (failure) {
      return { account: account.id, name: account.name, error: explainFailure(failure, options.homeRegion) };
    }
  });
  return settled.map((r) => (r as PromiseFulfilledResult<AccountOutcome>).value);
}
