#!/usr/bin/env node
/**
 * The command line: parses flags, builds the clients (real or simulated), and maps every
 * outcome to an exit code and a readable message. Heavy modules load only when a command
 * runs, so `--help` and `--version` stay fast.
 */
import { readFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { join } from 'node:path';
import { Command, CommanderError, Help, InvalidArgumentError, Option } from 'commander';
import { ExitCode, InputError, SetupError, UserQuit } from './core/errors.js';
import { cliTexts as t } from './cli-texts.js';
import { isLanguage, languageFromEnv, setLanguage, type Lang } from './i18n/index.js';
import { displayWidth, terminalColumns, wrapText } from './i18n/wrap.js';
import type { RunFlags } from './main.js';
import type { PolicyDocument } from './permissions.js';
import { findPackageRoot } from './templates.js';

// The SDK's multi-line Node-version notice would land in the middle of the wizard's output; the
// supported Node range is stated in package.json `engines` and the README instead.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Node 22+ keeps compiled modules on disk between runs (start-up is mostly module loading);
// older Node versions simply lack the function.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// Output piped into `head` and the like: a closed pipe ends the program quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

/**
 * `--lang` as given on the command line, read before commander parses it: the help texts are
 * made in the language when the program is built. The last one wins, as in commander; nothing
 * after `--` counts. Commander still parses (and checks) the flag itself.
 */
function langFlag(argv: readonly string[]): string | undefined {
  let lang: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--lang') lang = argv[++i];
    else if (arg.startsWith('--lang=')) lang = arg.slice('--lang='.length);
  }
  return lang;
}

// The language every text is read in: --lang, else the locale (LC_ALL, LC_MESSAGES, LANG). An
// unknown --lang leaves the locale's language for the error commander then reports (exit 64).
const asked = langFlag(process.argv.slice(2));
setLanguage(asked !== undefined && isLanguage(asked) ? asked : languageFromEnv());

/** A paragraph of the `steps` listing, indented; wrapped to the terminal, not when piped. */
function fitted(text: string, indent: string): string {
  const columns = terminalColumns(process.stdout);
  return columns ? wrapText(`${indent}${text}`, columns) : `${indent}${text}`;
}

function version(): string {
  return (JSON.parse(readFileSync(join(findPackageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError(t.wholeNumber);
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(t.nonNegative);
  return n;
}

function languageArg(value: string): Lang {
  if (!isLanguage(value)) throw new InvalidArgumentError(t.badLang);
  return value;
}

/** `--lang`, on the program and on every command (the program reads it wherever it stands). */
const langOption = () => new Option('--lang <lang>', t.lang).argParser(languageArg);

/** Flags as commander hands them over (type-only import: main.js loads only when a command runs). */
type CliOptions = RunFlags & { dryRun?: boolean; force?: boolean };

/** Flags shared by the wizard, `plan` and `undo`. */
function addCommonOptions(command: Command): Command {
  const o = t.options;
  return command
    .option('--demo', o.demo)
    .option('--demo-state <file>', o.demoState)
    .option('--demo-reset', o.demoReset)
    .addOption(new Option('--demo-seed <name>', o.demoSeed).choices(['findings']))
    .addOption(new Option('--demo-latency <ms>', o.demoLatency).argParser(nonNegativeInt).hideHelp())
    .addOption(new Option('--demo-jitter <ms>', o.demoJitter).argParser(nonNegativeInt).hideHelp())
    .addOption(new Option('--demo-regions <n>', o.demoRegions).argParser(positiveInt).hideHelp())
    .addOption(new Option('--demo-faults <json>', o.demoFaults).hideHelp())
    .addOption(new Option('--demo-stats <file>', o.demoStats).hideHelp())
    .addOption(new Option('--demo-unlimited', o.demoUnlimited).hideHelp())
    .option('--profile <name>', o.profile)
    .option('--region <name>', o.region)
    .option('--regions <list>', o.regions, list)
    .option('--only <ids>', o.only, list)
    .option('--skip <ids>', o.skip, list)
    .option('-y, --yes', o.yes)
    .option('--config <file>', o.config)
    .option('--set <step.field=value>', o.set, (v: string, prev: string[] = []) => [...prev, v])
    .option('--concurrency <n>', o.concurrency, positiveInt)
    .option('--undo-log <path>', o.undoLog)
    .option('--json', o.json)
    .option('--verbose', o.verbose)
    .option('--org', o.org)
    .option('--accounts <ids>', o.accounts, list)
    .option('--exclude-accounts <ids>', o.excludeAccounts, list)
    .option('--role-name <name>', o.roleName, 'OrganizationAccountAccessRole')
    .option('--account-concurrency <n>', o.accountConcurrency, positiveInt, 8)
    .option('--demo-accounts <n>', o.demoAccounts, positiveInt)
    .option('--allow-management-account', o.allowManagementAccount)
    .option('--demo-add-account', o.demoAddAccount)
    .addOption(langOption());
}

function buildProgram(
  run: (command: 'apply' | 'plan', options: CliOptions) => Promise<number>,
  undo: (log: string | undefined, options: CliOptions) => Promise<number>,
  listSteps: () => Promise<void>,
): Command {
  const program = new Command('aws-bootstrap')
    .description(t.program)
    .version(version(), '-V, --version', t.version)
    .helpOption('-h, --help', t.help)
    .helpCommand('help [command]', t.help)
    .addOption(langOption())
    .showHelpAfterError(t.helpAfterError)
    // Usage errors end with our exit code for bad input (64), not commander's process.exit(1).
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(t.commanderError(text)) });

  // Before the commands are made: they take the program's help settings as they are then.
  program.configureHelp({
    // `aws-bootstrap --foo` is `aws-bootstrap run --foo`, so the top-level help lists run's flags:
    // a newcomer who asks for help learns the flags of what they came for.
    visibleOptions(this: Help, command: Command) {
      const own = Help.prototype.visibleOptions.call(this, command);
      if (command !== program) return own;
      const longs = new Set(own.map((option) => option.long));
      return [...Help.prototype.visibleOptions.call(this, runCommand).filter((option) => !longs.has(option.long)), ...own];
    },
    // The language's headings, and widths in display columns so Japanese text wraps to fit.
    styleTitle: (title: string) => t.title(title),
    optionDescription(this: Help, option: Option) {
      const description = Help.prototype.optionDescription.call(this, option);
      const extra = description.lastIndexOf(' (');
      return extra >= 0 && description !== option.description ? `${description.slice(0, extra)}${t.extraInfo(description.slice(extra))}` : description;
    },
    displayWidth: (text: string) => displayWidth(text),
    boxWrap(this: Help, text: string, width: number) {
      return width < this.minWidthToWrap ? text : wrapText(text.replace(/\r\n/g, '\n'), width);
    },
  });

  const runCommand = addCommonOptions(program.command('run', { isDefault: true }).description(t.run.description))
    .option('--dry-run', t.run.dryRun)
    .action(async (options: CliOptions) => {
      process.exitCode = await run(options.dryRun ? 'plan' : 'apply', options);
    });

  addCommonOptions(program.command('plan').description(t.plan))
    .action(async (options: CliOptions) => {
      process.exitCode = await run('plan', options);
    });

  addCommonOptions(program.command('undo [log]').description(t.undo.description))
    .option('--dry-run', t.undo.dryRun)
    .option('--force', t.undo.force)
    .action(async (log: string | undefined, options: CliOptions) => {
      process.exitCode = await undo(log, options);
    });

  program
    .command('steps')
    .description(t.steps.description)
    .addOption(langOption())
    .action(listSteps);

  program
    .command('permissions')
    .description(t.permissions.description)
    .addOption(new Option('--mode <mode>', t.permissions.mode).choices(['run', 'plan', 'undo']).default('run'))
    .option('--only <ids>', t.permissions.only, list)
    .option('--skip <ids>', t.permissions.skip, list)
    .option('--config <file>', t.permissions.config)
    .option('--org', t.permissions.org)
    .option('--split', t.permissions.split)
    .option('--role-name <name>', t.options.roleName, 'OrganizationAccountAccessRole')
    .addOption(langOption())
    .action((options: PermissionsOptions) => printPermissions(options));

  program.addHelpText('after', t.examples);

  return program;
}

async function listSteps(): Promise<void> {
  const { checklist, loadOrganizationSteps } = await import('../steps/index.js');
  for (const step of [...checklist, ...(await loadOrganizationSteps())]) {
    const { observe, apply, undo = [] } = step.permissions;
    const where = step.scope === 'region' ? t.steps.region : t.steps.account;
    const scope = `${step.organization ? `${t.steps.organization}; ${where}` : where}${step.readOnly ? t.steps.readOnly : ''}`;
    const permissions = t.steps.permissions(observe.join(', ') || '-', apply.join(', ') || '-', undo.join(', ') || '-');
    process.stdout.write(`${step.id}  (${scope})\n${fitted(step.title, '  ')}\n${fitted(step.why, '  ')}\n${fitted(permissions, '  ')}\n\n`);
  }
}

/** `permissions`: the policy document on stdout; its size against IAM's limits on stderr. */
interface PermissionsOptions {
  mode: 'run' | 'plan' | 'undo';
  only?: string[];
  skip?: string[];
  config?: string;
  org?: boolean;
  split?: boolean;
  roleName: string;
}

async function printPermissions(options: PermissionsOptions): Promise<void> {
  process.exitCode = await exitCodeOf(async () => {
    const [{ checklist, loadOrganizationSteps }, { selectSteps }, { INLINE_POLICY_LIMIT, MANAGED_POLICY_LIMIT, organizationPolicies, policyFor, policySize, splitPolicy }, { loadConfigFile }] = await Promise.all([
      import('../steps/index.js'),
      import('./main.js'),
      import('./permissions.js'),
      import('./config.js'),
    ]);
    const config = options.config ? loadConfigFile(options.config).sections : undefined;
    const shown = (policy: PolicyDocument) => (options.split ? splitPolicy(policy) : policy);
    // Sizes on stderr (stdout stays the JSON): over the inline limit, only --split makes it usable.
    const warn = (policy: PolicyDocument) => {
      const size = policySize(policy);
      if (options.split) return;
      if (size > INLINE_POLICY_LIMIT) process.stderr.write(`aws-bootstrap: ${t.permissions.tooBigInline(size, splitPolicy(policy).length)}\n`);
      else if (size > MANAGED_POLICY_LIMIT) process.stderr.write(`aws-bootstrap: ${t.permissions.tooBig(size, MANAGED_POLICY_LIMIT)}\n`);
    };
    if (options.org) {
      // Three policies, labelled: the management account's caller, the member role in the security account, and in every other member.
      const selected = selectSteps([...checklist, ...(await loadOrganizationSteps())], options.only, options.skip);
      const policies = organizationPolicies(selected.filter((s) => !s.organization), selected.filter((s) => s.organization), options.mode, { ...(config ? { config } : {}), orgRoleName: options.roleName });
      process.stdout.write(`${JSON.stringify(Object.fromEntries(Object.entries(policies).map(([label, policy]) => [label, shown(policy)])), null, 2)}\n`);
      Object.values(policies).forEach(warn);
      return ExitCode.Done;
    }
    const policy = policyFor(selectSteps(checklist, options.only, options.skip), options.mode, { ...(config ? { config } : {}) });
    process.stdout.write(`${JSON.stringify(shown(policy), null, 2)}\n`);
    warn(policy);
    return ExitCode.Done;
  });
}

const streams = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

/** Runs a command and maps the outcome to an exit code; never prints a stack trace for expected failures. */
async function exitCodeOf(body: () => Promise<number>): Promise<number> {
  const err = (text: string) => process.stderr.write(`aws-bootstrap: ${text}\n`);
  try {
    return await body();
  } catch (error) {
    if (error instanceof InputError) {
      err(error.message);
      return ExitCode.BadInput;
    }
    if (error instanceof SetupError) {
      err(error.message);
      return ExitCode.Failed;
    }
    if (error instanceof UserQuit) return ExitCode.Quit;
    const { cleanMessage, redactSecrets } = await import('./aws/errors.js');
    const details = process.env.AWS_BOOTSTRAP_DEBUG ? `\n${redactSecrets(String((error as Error).stack))}` : t.debugHint;
    err(`${t.unexpected(cleanMessage(error))}${details}`);
    return ExitCode.Failed;
  }
}

/**
 * `--profile` wins over AWS_PROFILE, as in the AWS CLI; setting the variable makes everything
 * that looks for the profile (the SDK, the explanation of a profile that does not exist) see it.
 */
function useProfile(options: CliOptions): void {
  if (options.profile) process.env.AWS_PROFILE = options.profile;
}

/** Node.js majors past their end of life that the program still runs on (see package.json `engines`). */
const END_OF_LIFE_BELOW = 22;

/**
 * On a Node.js past its end of life, one line of our own at the start of a run, in its language,
 * where the run's output goes (stderr under --json); the SDK's own notice is kept out (above).
 */
function sayNodeIsOld(options: CliOptions): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < END_OF_LIFE_BELOW) (options.json ? process.stderr : process.stdout).write(`${fitted(t.oldNode(major), '')}\n`);
}

const runCommand = (command: 'apply' | 'plan', options: CliOptions) =>
  exitCodeOf(async () => {
    sayNodeIsOld(options);
    useProfile(options);
    return (await import('./main.js')).startRun(command, options, streams);
  });
const undoCommand = (log: string | undefined, options: CliOptions) =>
  exitCodeOf(async () => {
    sayNodeIsOld(options);
    useProfile(options);
    return (await import('./main.js')).startUndo(log, options, streams);
  });

try {
  await buildProgram(runCommand, undoCommand, listSteps).parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  // Commander has already printed the message (or the help / version text).
  process.exitCode = error.exitCode === 0 ? ExitCode.Done : ExitCode.BadInput;
}
