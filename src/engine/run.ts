/**
 * The wizard, phase by phase: set up (identity, regions, undo log) → observe every step
 * (observe.ts) → inputs → for each step in checklist order: plan and preview (preview.ts) →
 * confirm → apply, recording each change as AWS accepts it and reading again until nothing is
 * left (apply.ts) → summary. A dry run probes permissions instead of applying (probe.ts).
 */
import { explainFailure } from '../aws/errors.js';
import { listRegions, selectRegions } from '../aws/regions.js';
import { exitCodeFor, renderSummary, styles, type RunReport } from '../report/render.js';
import { defaultUndoLogPath, UndoLogWriter } from '../undo/log.js';
import { ExitCode, SetupError, UserQuit } from '../core/errors.js';
import { checkGivenInputs } from './inputs.js';
import { Observer, servicesOf } from './observe.js';
import type { RunSetUp, WizardOptions } from './options.js';
import { contextsFor, identify, readingContexts } from './setup.js';
import { texts } from '../i18n/index.js';
import { layoutColumns } from './host.js';
import { StepWalk, unattendedInputs } from './walk.js';

const en = {
  regionsUnreadable: (why: string) => `Could not list the account's enabled regions. ${why}`,
  account: (account: string, arn: string) => `Account ${account} as ${arn}`,
  demoAccount: ' (simulated demo account)',
  root: '! You are signed in as the root user. This checklist exists to stop using root: after it, sign in as an IAM user (or IAM Identity Center) and assume the admin role.',
  regions: (regions: readonly string[]) => `Regions (${regions.length}): ${regions.join(', ')}`,
  dryRun: 'Dry run: nothing will be changed.',
  undoLog: (path: string) => `Undo log: ${path}`,
  stopped: (changed: boolean) => `Stopped before the end: ${changed ? 'the changes listed as changed were made; run again to continue.' : 'nothing was changed.'}`,
  written: (path: string, n: number, command = 'aws-bootstrap undo') => `Undo log: ${path} (${n} record${n > 1 ? 's' : ''}; \`${command}\` takes them back)`,
  notWritten: 'No change was made, so no undo log was written.',
};

const t = texts('engine.run', en, {
  regionsUnreadable: (why: string) => `アカウントで有効なリージョンを一覧できませんでした。${why}`,
  account: (account: string, arn: string) => `アカウント ${account}、呼び出し元 ${arn}`,
  demoAccount: ' (シミュレーションのデモアカウント)',
  root: '! ルートユーザーでサインインしています。このチェックリストはルートユーザーを使わなくするためのものです。完了したら IAM ユーザー (または IAM Identity Center) でサインインし、管理者ロールを引き受けてください。',
  regions: (regions: readonly string[]) => `リージョン (${regions.length}): ${regions.join(', ')}`,
  dryRun: 'ドライラン: 何も変更しません。',
  undoLog: (path: string) => `取り消しログ: ${path}`,
  stopped: (changed: boolean) => `途中で停止しました: ${changed ? '「変更済み」の変更は行われています。もう一度実行すると続きから進みます。' : '何も変更していません。'}`,
  written: (path: string, n: number, command = 'aws-bootstrap undo') => `取り消しログ: ${path} (${n} 件の記録。\`${command}\` で元に戻せます)`,
  notWritten: '変更を行わなかったため、取り消しログは書き込んでいません。',
});

export type { Renderer } from './progress.js';
export { servicesOf } from './observe.js';
export { VERIFY_DELAYS_MS } from './apply.js';
export type { WizardOptions } from './options.js';

/**
 * Regions worked on at once per step. Every region has its own endpoints and rate limits (and
 * each service has its own in-flight bound per region, see AwsClients), so by default every
 * region an account can have runs at once; the bound caps sockets and memory.
 */
export const DEFAULT_REGION_CONCURRENCY = 40;

export async function runWizard(options: WizardOptions): Promise<RunReport> {
  checkGivenInputs(options.steps, options.allSteps, options.config);
  const run = await setUp(options);
  const observer = new Observer(options, run.targets, readingContexts(run.context, options.clients));
  if (!options.host.interactive) await observer.readAll(options.steps);
  const walk = new StepWalk(options, run, observer, options.host.interactive ? undefined : await unattendedInputs(options, observer));
  try {
    await walk.all();
  } catch (error) {
    if (!(error instanceof UserQuit)) throw error;
    run.report.quit = true;
  } finally {
    await run.log?.close();
  }
  return summarise(options, run);
}

/** Identity, enabled regions and the undo log, with the lines that tell the person about them. */
async function setUp(options: WizardOptions): Promise<RunSetUp> {
  const { host, steps } = options;
  const s = styles(host.out);
  // Who we are and which regions are enabled do not depend on each other: one round trip for both.
  const needsRegions = steps.some((step) => step.scope === 'region') || Boolean(options.regions?.length);
  // A failure to identify the caller is reported first: it usually explains the other one too.
  const [identity, regionsRead] = await Promise.all([
    identify(options.clients, options.homeRegion),
    (needsRegions ? listRegions(options.clients, options.homeRegion) : Promise.resolve([])).then(
      (list) => ({ list }),
      (error: unknown) => ({ error }),
    ),
    // An unattended run reads every step next: their SDK modules load while these answers travel.
    // (Interactive runs do not: the first question would wait for them.)
    host.interactive ? undefined : options.clients.preload(servicesOf(steps)),
  ]);
  if ('error' in regionsRead) {
    throw new SetupError(t.regionsUnreadable(explainFailure(regionsRead.error, options.homeRegion)));
  }
  host.print(`${t.account(s.bold(identity.accountId), identity.arn)}${options.demo ? s.dim(t.demoAccount) : ''}`);
  if (identity.isRoot) host.print(s.yellow(t.root));
  const regions = needsRegions ? selectRegions(regionsRead.list, options.regions) : [];
  if (needsRegions) host.print(t.regions(regions));

  const startedAt = (options.now ?? (() => new Date()))();
  const runId = startedAt.toISOString().replace(/[-:.TZ]/g, '').slice(0, 17);
  const log = options.dryRun
    ? undefined
    : new UndoLogWriter(options.undoLogPath ?? defaultUndoLogPath(identity.accountId, options.demo, startedAt), {
        run: runId,
        account: identity.accountId,
        caller: identity.arn,
        command: 'apply',
        ...(options.demo ? { demo: true } : {}),
      });
  host.print(options.dryRun ? s.dim(t.dryRun) : t.undoLog(log!.path));
  host.print('');

  const report: RunReport = {
    account: identity.accountId,
    caller: identity.arn,
    regions,
    dryRun: options.dryRun,
    ...(log ? { undoLog: log.path } : {}),
    undoRecords: 0,
    results: [],
    quit: false,
    exitCode: ExitCode.Done,
  };
  return {
    s,
    report,
    regions,
    log,
    // A dry run creates nothing, so it carries no run id to tag with.
    context: contextsFor(identity, options.clients, options.dryRun, {
      homeRegion: options.homeRegion,
      ...(options.dryRun ? {} : { runId }),
      ...(options.organization ? { organization: options.organization } : {}),
    }),
    targets: (step) => (step.scope === 'region' ? regions : [options.homeRegion]),
  };
}

/** Inputs known before the first change (unattended runs), and the ones still missing per step. */
/** The summary, in checklist order, then region: side-by-side work finishes in any order. */
function summarise(options: WizardOptions, { report, log, s }: RunSetUp): RunReport {
  const { host } = options;
  const order = new Map(options.steps.map((step, i) => [step.id, i]));
  report.results.sort((a, b) => order.get(a.step)! - order.get(b.step)! || (a.region ?? '').localeCompare(b.region ?? ''));
  report.undoRecords = log?.written ?? 0;
  report.exitCode = exitCodeFor(report);
  host.print(renderSummary(report, s, layoutColumns(host.out)));
  if (report.quit) host.print(s.yellow(t.stopped(report.undoRecords > 0)));
  if (log) host.print(log.written ? t.written(log.path, log.written, options.organization ? 'aws-bootstrap undo --org' : undefined) : t.notWritten);
  return report;
}
