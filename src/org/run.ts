/**
 * `--org`: the same checklist in every account of an Organization, a bounded number of accounts
 * at once. Each account is one ordinary run (its own clients, undo log and report), so every
 * safety of a single run holds per account. What the person sees is the organization's: each
 * step previewed once over all accounts, asked once, then applied in each.
 *
 * Interactive: a silent dry run of every account → the inputs still missing, asked once → a
 * grouped preview and one question per step → the approved steps applied in every account.
 * `--yes`: every account applied at once, the grouped result after. `plan`: the dry run, the
 * grouped preview and the compliance matrix.
 */
import { explainFailure } from '../aws/errors.js';
import { ExitCode, UserQuit } from '../core/errors.js';
import { mapPool } from '../core/pool.js';
import type { AwsClients } from '../aws/clients.js';
import type { AnyStep, Question, StepContext } from '../core/step.js';
import type { Host } from '../engine/host.js';
import { askQuestions, openQuestions, parseInputs, sectionName, sectionOf } from '../engine/inputs.js';
import { questionState, type Observed } from '../engine/observe.js';
import { runWizard, type WizardOptions } from '../engine/run.js';
import { contextsFor, identify } from '../engine/setup.js';
import { texts, withLanguage } from '../i18n/index.js';
import { exitCodeFor, styles, type RunReport } from '../report/render.js';
import { defaultOrganizationUndoLogPath } from '../undo/log.js';
import { chooseAccounts, coveredDetail, coveredSteps, organizationHeading, organizationScope, perAccountHeading, type OrganizationSettings } from './organization.js';
import { quietHost, reachOrganization, type OrgAccess, type Reached } from './reach.js';
import { groupStep, renderMatrix, type AccountOutcome } from './report.js';

const en = {
  reading: (n: number) => `Reading ${n} account${n > 1 ? 's' : ''} (nothing is changed yet)…`,
  applying: (n: number) => `Applying in ${n} account${n > 1 ? 's' : ''}…`,
  accountFailed: (why: string) => `the run could not start: ${why}`,
  inputFor: (step: string) => `Input for ${step}, used in every account (override one account under accounts.<id> in the config file):`,
  confirm: (n: number) => `Apply this step in ${n} account${n > 1 ? 's' : ''}?`,
  confirmDestructive: (accounts: string) => `Delete as listed above, in ${accounts}? This cannot be undone with the same ids.`,
  nothingToDo: 'Nothing to change in any account.',
  undoLogs: 'Undo logs, one per account (`aws-bootstrap undo --org` takes the newest of each back):',
  noChange: 'no change was made',
  accountCounts: (changed: number, pending: number, failed: number) => `${changed} changed, ${pending} would change, ${failed} failed`,
  accountNotRun: 'not run',
  allCarried: 'You answered "all" for the organization-wide steps: the per-account steps are applied too, without asking again (what deletes is still asked on its own).',
};

const t = texts('org-run', en, {
  reading: (n: number) => `${n} アカウントを読み取っています (まだ何も変更しません)…`,
  applying: (n: number) => `${n} アカウントで適用しています…`,
  accountFailed: (why: string) => `実行を開始できません: ${why}`,
  inputFor: (step: string) => `${step} の入力 (すべてのアカウントで使います。1 アカウントだけ変えるには設定ファイルの accounts.<id> に書きます):`,
  confirm: (n: number) => `このステップを ${n} アカウントで適用しますか?`,
  confirmDestructive: (accounts: string) => `上記のとおり削除しますか (${accounts})? 同じ ID で元に戻すことはできません。`,
  nothingToDo: 'どのアカウントにも変更はありません。',
  undoLogs: 'アカウントごとの元に戻すログ (`aws-bootstrap undo --org` で各アカウントの最新のものを元に戻します):',
  noChange: '変更はありません',
  accountCounts: (changed: number, pending: number, failed: number) => `変更済み ${changed}、変更予定 ${pending}、失敗 ${failed}`,
  accountNotRun: '未実行',
  allCarried: '組織全体のステップで「すべて」と答えたので、アカウントごとのステップも改めて確認せずに適用します (削除を伴うものは個別に確認します)。',
});

/** Everything of a single run except what differs per account. */
export type SharedRunOptions = Omit<WizardOptions, 'clients' | 'host' | 'renderer' | 'undoLogPath' | 'config'>;

export interface OrgOptions extends SharedRunOptions, OrgAccess {
  /** Config sections shared by all accounts. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Per account id: sections that override the shared ones. */
  readonly accountConfig?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The organization-wide steps (run once first, when both accounts below are chosen). */
  readonly organizationSteps?: readonly AnyStep[];
  /** `organization.securityAccount` and `organization.logArchiveAccount`, as given. */
  readonly organizationSettings?: OrganizationSettings;
  /** `--allow-management-account`. */
  readonly allowManagementAccount?: boolean;
}

export interface OrgReport {
  readonly management: string;
  readonly dryRun: boolean;
  readonly accounts: AccountOutcome[];
  readonly untouched: ReadonlyArray<{ id: string; name: string; state: string }>;
  /** The organization-wide run (from the management account), when the two accounts are chosen. */
  organization?: RunReport;
  quit: boolean;
  exitCode: number;
}

export async function runOrg(options: OrgOptions): Promise<OrgReport> {
  const { host } = options;
  const organization = await reachOrganization(options);
  const { caller, reached, untouched } = organization;
  const report: OrgReport = {
    management: caller.accountId,
    dryRun: options.dryRun,
    accounts: [],
    untouched: untouched.map((a) => ({ id: a.id, name: a.name, state: a.state })),
    quit: false,
    exitCode: ExitCode.Done,
  };
  const orgSteps = options.organizationSteps ?? [];
  const chosen = orgSteps.length ? await chooseAccounts(options.organizationSettings ?? {}, organization.all, caller.accountId, host, Boolean(options.allowManagementAccount)) : undefined;
  // What the organization covers is not run per account.
  const covered = chosen ? coveredSteps(orgSteps) : new Map<string, string>();
  let perAccount: OrgOptions = { ...options, steps: options.steps.filter((step) => !covered.has(step.id)) };
  // What each organization-wide step provides (org step id → region → value), for the steps that need what it covers.
  const offered = new Map<string, Map<string, unknown>>();
  // "all" answered in the organization-wide part holds for the rest of the run, as in a single run.
  let saidAll = false;
  try {
    if (chosen) {
      organizationHeading(host, caller.accountId, chosen, organization.all);
      report.organization = await runWizard({
        ...options,
        steps: orgSteps,
        clients: options.management,
        host: host.interactive ? noticingAll(host, () => (saidAll = true)) : host,
        renderer: 'silent',
        organization: await organizationScope(organization, chosen),
        onOffer: (step, region, value) => {
          if (!offered.has(step.id)) offered.set(step.id, new Map());
          offered.get(step.id)!.set(region, value);
        },
        ...(options.dryRun ? {} : { undoLogPath: defaultOrganizationUndoLogPath(caller.accountId, options.demo, (options.now ?? (() => new Date()))()) }),
      });
      if (report.organization.quit) throw new UserQuit();
      perAccount = { ...perAccount, fromOrganization: providedByOrganization(orgSteps, offered, options.homeRegion) };
      host.print('');
      perAccountHeading(host, new Map(options.steps.filter((step) => covered.has(step.id)).map((step) => [step.id, covered.get(step.id)!])));
    }
    if (options.dryRun || !host.interactive) {
      if (!options.dryRun) host.print(t.applying(reached.length));
      report.accounts.push(...(await pass(perAccount, reached, perAccount.steps, options.dryRun)));
      markCovered(options.steps, covered, report.accounts);
      previewByStep(options, report.accounts);
    } else {
      if (saidAll) host.print(styles(host.out).dim(t.allCarried));
      report.accounts.push(...(await interactive(perAccount, reached, saidAll)));
      markCovered(options.steps, covered, report.accounts);
    }
  } catch (error) {
    if (!(error instanceof UserQuit)) throw error;
    report.quit = true;
  }
  const organizationColumns = report.organization ? { steps: orgSteps, report: report.organization } : undefined;
  host.print(renderMatrix(options.steps.map((step) => step.id), report.accounts, untouched, options.dryRun, organizationColumns));
  const logs = report.accounts.filter((o) => o.report?.undoLog && o.report.undoRecords);
  if (logs.length) {
    host.print(t.undoLogs);
    for (const o of logs) host.print(`  ${o.account}: ${o.report!.undoLog}`);
  }
  report.exitCode = orgExitCode(report);
  return report;
}

/** The same host, telling `onAll` when a person answers "all" to a step's question. */
function noticingAll(host: Host, onAll: () => void): Host {
  return {
    get interactive() {
      return host.interactive;
    },
    get out() {
      return host.out;
    },
    print: (text) => host.print(text),
    ask: (question) => host.ask(question),
    confirm: async (request) => {
      const decision = await host.confirm(request);
      if (decision === 'all') onAll();
      return decision;
    },
    pick: (what, items) => host.pick(what, items),
  };
}

/**
 * What the organization provides in place of each step it covers: the covering step's value in
 * that region (in the home region for a step made once per account).
 */
function providedByOrganization(orgSteps: readonly AnyStep[], offered: ReadonlyMap<string, ReadonlyMap<string, unknown>>, homeRegion: string): Map<string, (region: string) => unknown> {
  return new Map(
    orgSteps.flatMap((step) => {
      const values = offered.get(step.id);
      if (!values) return [];
      const valueIn = (region: string) => values.get(step.scope === 'account' ? homeRegion : region);
      return (step.organization?.covers ?? []).map((id) => [id, valueIn] as const);
    }),
  );
}

/** Each account's row for a step the organization covers: not run there, and why. */
function markCovered(steps: readonly AnyStep[], covered: ReadonlyMap<string, string>, outcomes: AccountOutcome[]): void {
  for (const outcome of outcomes) {
    if (!outcome.report) continue;
    for (const step of steps.filter((s) => covered.has(s.id))) {
      outcome.report.results.push({ step: step.id, title: withLanguage('en', () => step.title), status: 'skipped', detail: coveredDetail(covered.get(step.id)!), coveredBy: covered.get(step.id)!, changes: [] });
    }
  }
}

/** The config sections for one account: each shared section, with the account's own values over it. */
export function accountSections(shared: Readonly<Record<string, unknown>>, own: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const merged: Record<string, unknown> = structuredClone({ ...shared });
  for (const [section, values] of Object.entries(own)) {
    merged[section] = { ...((merged[section] as object | undefined) ?? {}), ...(values as object) };
  }
  return merged;
}

/** One ordinary run per reachable account, a bounded number at once; one failing never stops the rest. */
async function pass(options: OrgOptions, reached: readonly Reached[], steps: readonly AnyStep[], dryRun: boolean, config = options.config): Promise<AccountOutcome[]> {
  const finished = progressLine(options, reached.length);
  const settled = await mapPool(reached, options.accountConcurrency, async ({ account, clients, error }): Promise<AccountOutcome> => {
    const done = (report: RunReport | undefined) => finished(account, report);
    if (!clients) {
      done(undefined);
      return { account: account.id, name: account.name, error: error! };
    }
    try {
      const report = await runWizard({
        ...options,
        steps,
        dryRun,
        clients,
        config: accountSections(config, options.accountConfig?.[account.id]),
        host: quietHost(options.host.out),
        renderer: 'silent',
      });
      done(report);
      return { account: account.id, name: account.name, report };
    } catch (failure) {
      done(undefined);
      return { account: account.id, name: account.name, error: t.accountFailed(explainFailure(failure, options.homeRegion)) };
    }
  });
  return settled.map((r) => (r as PromiseFulfilledResult<AccountOutcome>).value);
}

/** One line as each account finishes, so a long run over many accounts shows it is moving. */
function progressLine(options: OrgOptions, total: number): (account: Reached['account'], report: RunReport | undefined) => void {
  let finished = 0;
  return (account, report) => {
    finished += 1;
    const count = (status: string) => report?.results.filter((r) => r.status === status).length ?? 0;
    options.host.print(`  ${finished}/${total} ${account.id} ${account.name}: ${report ? t.accountCounts(count('changed'), count('would change'), count('failed')) : t.accountNotRun}`);
  };
}

/** Each step once, grouped over the accounts (the run's order). */
function previewByStep(options: OrgOptions, outcomes: readonly AccountOutcome[]): void {
  const s = styles(options.host.out);
  for (const [index, step] of options.steps.entries()) {
    options.host.print(`${s.bold(`[${index + 1}/${options.steps.length}] ${step.title}`)}  ${s.dim(step.id)}`);
    for (const line of groupStep(step.id, outcomes)) options.host.print(line);
    options.host.print('');
  }
}

/**
 * A dry run of every account; the inputs still missing asked once; every step previewed over
 * all accounts and asked once; then the approved steps applied in every account.
 */
async function interactive(options: OrgOptions, reached: readonly Reached[], saidAll = false): Promise<AccountOutcome[]> {
  const { host } = options;
  const s = styles(host.out);
  host.print(t.reading(reached.length));
  const config = structuredClone({ ...options.config }) as Record<string, unknown>;
  let preview = await pass(options, reached, options.steps, true, config);
  if (await askMissingInputs(options, reached, preview, config)) preview = await pass(options, reached, options.steps, true, config);
  const approved: AnyStep[] = [];
  let yesToAll = saidAll;
  for (const [index, step] of options.steps.entries()) {
    host.print(`${s.bold(`[${index + 1}/${options.steps.length}] ${step.title}`)}  ${s.dim(step.id)}`);
    for (const line of groupStep(step.id, preview)) host.print(line);
    const pendingIn = preview.filter((o) => o.report?.results.some((r) => r.step === step.id && r.status === 'would change'));
    if (pendingIn.length) {
      const destructive = pendingIn.some((o) => o.report!.results.some((r) => r.step === step.id && r.destructive));
      if (!yesToAll || destructive) {
        const decision = await host.confirm({
          message: destructive ? t.confirmDestructive(pendingIn.map((o) => o.account).join(', ')) : t.confirm(pendingIn.length),
          destructive,
        });
        if (decision === 'quit') throw new UserQuit();
        if (decision === 'all') yesToAll = true;
        if (decision !== 'no') approved.push(step);
      } else approved.push(step);
    }
    host.print('');
  }
  if (!approved.length) {
    host.print(t.nothingToDo);
    return preview;
  }
  host.print(t.applying(reached.length));
  const applied = await pass(options, reached, approved, false, config);
  // Steps not applied keep what the preview found.
  return applied.map((outcome) => {
    const before = preview.find((o) => o.account === outcome.account)?.report;
    if (!outcome.report || !before) return outcome;
    const appliedIds = new Set(approved.map((step) => step.id));
    const kept = before.results.filter((r) => !appliedIds.has(r.step)).map((r) => (r.status === 'would change' ? { ...r, status: 'skipped' as const, detail: 'you chose not to apply it' } : r));
    const report: RunReport = { ...outcome.report, results: [...outcome.report.results, ...kept] };
    report.exitCode = exitCodeFor(report);
    return { ...outcome, report };
  });
}

/**
 * Steps the dry run could not preview for want of an input: their questions, asked once for
 * every account (from the first account that needs them). True when anything was asked.
 */
async function askMissingInputs(options: OrgOptions, reached: readonly Reached[], preview: readonly AccountOutcome[], config: Record<string, unknown>): Promise<boolean> {
  let asked = false;
  // Each account's identity is read once, however many of its steps need inputs.
  const contexts = new Map<string, Promise<(region: string) => StepContext>>();
  const contextOf = (accountId: string, clients: AwsClients) => {
    let context = contexts.get(accountId);
    if (!context) {
      context = identify(clients, options.homeRegion).then((identity) => contextsFor(identity, clients, true, { homeRegion: options.homeRegion }));
      contexts.set(accountId, context);
    }
    return context;
  };
  for (const step of options.steps) {
    // The rows say so in a field of their own: their detail text is in the run's language.
    const needing = preview.find((o) => o.report?.results.some((r) => r.step === step.id && r.missingInputs?.length));
    const clients = needing && reached.find((r) => r.account.id === needing.account)?.clients;
    if (!clients) continue;
    const context = await contextOf(needing.account, clients);
    const regions = needing.report!.results.filter((r) => r.step === step.id).map((r) => r.region ?? options.homeRegion);
    const observed: Observed[] = await Promise.all(regions.map(async (region) => ({ region, state: await step.observe(context(region)) })));
    const given = sectionOf(config, step);
    config[sectionName(step)] = given;
    const questions: Question[] = openQuestions(step, questionState(step, observed), given, earlierInputs(options.steps, step, config));
    if (!questions.length) continue;
    options.host.print(t.inputFor(step.id));
    await askQuestions(options.host, questions, given);
    asked = true;
  }
  return asked;
}

/** The inputs of the steps before `step`, as far as they are known (to suggest answers from, as a single run does). */
function earlierInputs(steps: readonly AnyStep[], step: AnyStep, config: Record<string, unknown>): Record<string, unknown> {
  const earlier: Record<string, unknown> = {};
  for (const before of steps.slice(0, steps.indexOf(step))) {
    try {
      earlier[before.id] = parseInputs(before, sectionOf(config, before));
    } catch {
      // Not complete yet (asked later, or given in a form a later check refuses): nothing to suggest from.
    }
  }
  return earlier;
}

function orgExitCode(report: OrgReport): number {
  if (report.quit) return ExitCode.Quit;
  const codes = [...report.accounts.map((o) => (o.report ? o.report.exitCode : ExitCode.Failed)), ...(report.organization ? [report.organization.exitCode] : [])];
  if (codes.includes(ExitCode.Failed)) return ExitCode.Failed;
  if (codes.includes(ExitCode.PendingChanges)) return ExitCode.PendingChanges;
  return ExitCode.Done;
}
