/**
 * Wires one run together from the parsed flags (session.ts): config, step selection, clients,
 * host, progress renderer and Ctrl-C handling; `--org` goes to org/start.ts.
 */
import { checklist } from '../steps/index.js';
import { InputError } from './core/errors.js';
import { texts } from './i18n/index.js';
import { runWizard } from './engine/run.js';
import { renderJson, type RunReport } from './report/render.js';
import { runUndo } from './engine/undo.js';
import { checkEndpoints, clientsFor, concurrencyLimits, homeRegion, readInputs, selectSteps, withSession, type RunFlags, type Streams } from './session.js';

export { clientsFor, concurrencyLimits, homeRegion, selectSteps, type RunFlags, type Streams } from './session.js';

const en = {
  needsOrg: (flags: string) => `${flags} only work${flags.includes(',') ? '' : 's'} with --org.`,
  orgLogPath: '--org writes one undo log per account, in each account\'s own folder: leave out --undo-log (and the log argument of undo).',
  demoAccountsNeedsDemo: '--demo-accounts sets the size of the simulated organization: it needs --demo --org.',
  demoAddAccountNeedsDemo: '--demo-add-account creates an account in the simulated organization: it needs --demo --org.',
};

const t = texts('main', en, {
  needsOrg: (flags: string) => `${flags} は --org と一緒にしか使えません。`,
  orgLogPath: '--org ではアカウントごとにそれぞれのフォルダーへ取り消しログを書きます。--undo-log (と undo のログ引数) は指定しないでください。',
  demoAccountsNeedsDemo: '--demo-accounts はシミュレーションの組織の大きさを決めます。--demo --org と一緒に指定してください。',
  demoAddAccountNeedsDemo: '--demo-add-account はシミュレーションの組織にアカウントを作成します。--demo --org と一緒に指定してください。',
});

function finish(report: RunReport, flags: RunFlags, streams: Streams): number {
  if (flags.json) streams.stdout.write(`${renderJson(report)}\n`);
  return report.exitCode;
}

/** Flags that only mean something with --org, given without it (or one log where each account has its own). */
function checkOrgFlags(flags: RunFlags): void {
  const orgOnly = [
    flags.accounts && '--accounts',
    flags.excludeAccounts && '--exclude-accounts',
    flags.demoAccounts !== undefined && '--demo-accounts',
    flags.allowManagementAccount && '--allow-management-account',
    flags.demoAddAccount && '--demo-add-account',
  ].filter(Boolean);
  if (!flags.org && orgOnly.length) throw new InputError(t.needsOrg(orgOnly.join(', ')));
  if (flags.org && flags.undoLog) throw new InputError(t.orgLogPath);
  if (flags.demoAccounts !== undefined && !flags.demo) throw new InputError(t.demoAccountsNeedsDemo);
  if (flags.demoAddAccount && !flags.demo) throw new InputError(t.demoAddAccountNeedsDemo);
}

export async function startRun(command: 'apply' | 'plan', flags: RunFlags, streams: Streams): Promise<number> {
  checkOrgFlags(flags);
  if (flags.org) return (await import('./org/start.js')).startOrgRun(command, flags, streams);
  const dryRun = command === 'plan';
  const { settings, sections } = await readInputs(flags);
  const steps = selectSteps(checklist, flags.only ?? settings.only, flags.skip ?? settings.skip);
  const { regions: concurrency } = concurrencyLimits(flags, settings.concurrency);
  return withSession(flags, streams, !dryRun, async ({ host, renderer, signal }) => {
    const clients = clientsFor(flags);
    const region = await homeRegion(flags, clients);
    await checkEndpoints(flags, clients, steps, region);
    const report = await runWizard({
      steps,
      allSteps: checklist,
      clients,
      homeRegion: region,
      ...(flags.regions ?? settings.regions ? { regions: flags.regions ?? settings.regions } : {}),
      concurrency,
      dryRun,
      config: sections,
      host,
      ...(flags.undoLog ? { undoLogPath: flags.undoLog } : {}),
      demo: Boolean(flags.demo),
      renderer,
      signal,
      ...(flags.verbose ? { verbose: true } : {}),
    });
    return finish(report, flags, streams);
  });
}

export async function startUndo(logPath: string | undefined, flags: RunFlags & { dryRun?: boolean; force?: boolean }, streams: Streams): Promise<number> {
  checkOrgFlags(flags);
  if (flags.org) {
    if (logPath ?? flags.undoLog) throw new InputError(t.orgLogPath);
    return (await import('./org/start.js')).startOrgUndo(flags, streams);
  }
  const dryRun = Boolean(flags.dryRun);
  const { regions: concurrency } = concurrencyLimits(flags);
  return withSession(flags, streams, !dryRun, async ({ host, signal }) => {
    const clients = clientsFor(flags);
    const region = await homeRegion(flags, clients);
    const steps = checklist.filter((step) => (!flags.only?.length || flags.only.includes(step.id)) && !flags.skip?.includes(step.id));
    await checkEndpoints(flags, clients, steps, region);
    const report = await runUndo({
      allSteps: checklist,
      clients,
      homeRegion: region,
      ...(logPath ?? flags.undoLog ? { logPath: logPath ?? flags.undoLog } : {}),
      ...(flags.only ? { only: flags.only } : {}),
      ...(flags.skip ? { skip: flags.skip } : {}),
      dryRun,
      force: Boolean(flags.force),
      concurrency,
      host,
      demo: Boolean(flags.demo),
      signal,
    });
    return finish(report, flags, streams);
  });
}
