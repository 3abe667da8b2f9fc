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
import type { RunFlags } from './main.js';
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
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('expected a whole number from 1 to 64');
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}

/** Flags as commander hands them over (type-only import: main.js loads only when a command runs). */
type CliOptions = RunFlags & { dryRun?: boolean; force?: boolean };

/** Flags shared by the wizard, `plan` and `undo`. */
function addCommonOptions(command: Command): Command {
  return command
    .option('--demo', 'use a simulated fresh AWS account (no credentials needed; state kept between runs)')
    .option('--demo-state <file>', 'where --demo keeps the simulated account (default: ~/.aws-bootstrap/demo/account.json)')
    .option('--demo-reset', 'start --demo from a fresh simulated account')
    .addOption(new Option('--demo-latency <ms>', 'simulated per-call latency').argParser(nonNegativeInt).hideHelp())
    .addOption(new Option('--demo-jitter <ms>', 'simulated latency jitter').argParser(nonNegativeInt).hideHelp())
    .addOption(new Option('--demo-regions <n>', 'enabled regions in a fresh demo account').argParser(positiveInt).hideHelp())
    .addOption(new Option('--demo-faults <json>', 'faults to inject into the simulated account').hideHelp())
    .addOption(new Option('--demo-stats <file>', 'write every simulated call (with timing) to this file at exit').hideHelp())
    .addOption(new Option('--demo-unlimited', 'benchmark only: no per-service in-flight limit, every region at once (needs --demo)').hideHelp())
    .option('--profile <name>', 'AWS profile from your AWS config (default: AWS_PROFILE or the default chain)')
    .option('--region <name>', 'home region for account-wide calls (default: AWS_REGION, AWS_DEFAULT_REGION, the profile region, or us-east-1)')
    .option('--regions <list>', 'only these enabled regions, comma-separated (default: every enabled region)', list)
    .option('--only <ids>', 'only these step ids, comma-separated (see `aws-bootstrap steps`)', list)
    .option('--skip <ids>', 'leave out these step ids, comma-separated', list)
    .option('-y, --yes', 'apply without asking; inputs come from --config and --set')
    .option('--config <file>', 'YAML or JSON file with step inputs (see examples/aws-bootstrap.yaml)')
    .option('--set <step.field=value>', 'set one step input (repeatable), e.g. --set monthly-budget.amount=50', (v: string, prev: string[] = []) => [...prev, v])
    .option('--concurrency <n>', 'regions worked on at once, 1–64 (default 40: all of them)', positiveInt)
    .option('--undo-log <path>', 'where to write the undo log (default: ~/.aws-bootstrap/undo-logs/<account>/<time>.jsonl)')
    .option('--json', 'print only a JSON report on stdout (human output goes to stderr)');
}

function buildProgram(
  run: (command: 'apply' | 'plan', options: CliOptions) => Promise<number>,
  undo: (log: string | undefined, options: CliOptions) => Promise<number>,
  listSteps: () => Promise<void>,
): Command {
  const program = new Command('aws-bootstrap')
    .description('Walks a new AWS account through the "things to do after creating an AWS account" checklist: shows what it found and what it would change, asks before every change, and records how to undo it.')
    .version(version(), '-V, --version')
    .showHelpAfterError('(run aws-bootstrap --help for usage)')
    // Usage errors end with our exit code for bad input (64), not commander's process.exit(1).
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });

  const runCommand = addCommonOptions(program.command('run', { isDefault: true }).description('walk the checklist (the default command)'))
    .option('--dry-run', 'show everything that would change, change nothing (exit 2 when changes are pending)')
    .action(async (options: CliOptions) => {
      process.exitCode = await run(options.dryRun ? 'plan' : 'apply', options);
    });

  addCommonOptions(program.command('plan').description('preview every step (same as --dry-run): zero changes; exit 2 when changes are pending'))
    .action(async (options: CliOptions) => {
      process.exitCode = await run('plan', options);
    });

  addCommonOptions(program.command('undo [log]').description('take back the changes recorded in an undo log, newest first (default: the newest log for this account)'))
    .option('--dry-run', 'show what would be undone, change nothing')
    .option('--force', 'undo even a change whose resource was changed since the run')
    .action(async (log: string | undefined, options: CliOptions) => {
      process.exitCode = await undo(log, options);
    });

  program
    .command('steps')
    .description('list the checklist: id, title, scope and why')
    .action(listSteps);

  program
    .command('permissions')
    .description('print the least IAM policy (JSON) that a run, a plan or an undo of the chosen steps needs')
    .addOption(new Option('--mode <mode>', 'what the policy is for').choices(['run', 'plan', 'undo']).default('run'))
    .option('--only <ids>', 'only these step ids, comma-separated', list)
    .option('--skip <ids>', 'leave out these step ids, comma-separated', list)
    .action((options: { mode: 'run' | 'plan' | 'undo'; only?: string[]; skip?: string[] }) => printPermissions(options));

  // `aws-bootstrap --foo` is `aws-bootstrap run --foo`, so the top-level help lists run's flags:
  // a newcomer who asks for help learns the flags of what they came for.
  program.configureHelp({
    visibleOptions(this: Help, command: Command) {
      const own = Help.prototype.visibleOptions.call(this, command);
      if (command !== program) return own;
      return [...Help.prototype.visibleOptions.call(this, runCommand).filter((option) => option.long !== '--help'), ...own];
    },
  });
  program.addHelpText(
    'after',
    `
Examples:
  # Try it on a simulated account (no AWS credentials needed)
  $ aws-bootstrap --demo
  # Preview every step on your account, change nothing
  $ aws-bootstrap plan --profile my-account
  # Apply without asking, inputs from a file (see examples/aws-bootstrap.yaml)
  $ aws-bootstrap --yes --config my-account.yaml

Run aws-bootstrap <command> --help for the options of plan and undo.`,
  );

  return program;
}

async function listSteps(): Promise<void> {
  const { checklist } = await import('../steps/index.js');
  for (const step of checklist) {
    const { observe, apply, undo = [] } = step.permissions;
    const scope = `${step.scope === 'region' ? 'every enabled region' : 'account'}${step.readOnly ? ', read-only check' : ''}`;
    process.stdout.write(
      `${step.id}  (${scope})\n  ${step.title}\n  ${step.why}\n` +
        `  permissions: read ${observe.join(', ') || '-'}; change ${apply.join(', ') || '-'}; undo ${undo.join(', ') || '-'}\n\n`,
    );
  }
}

/** `permissions`: the policy document on stdout; its size against IAM's limits on stderr. */
async function printPermissions(options: { mode: 'run' | 'plan' | 'undo'; only?: string[]; skip?: string[] }): Promise<void> {
  process.exitCode = await exitCodeOf(async () => {
    const [{ checklist }, { selectSteps }, { MANAGED_POLICY_LIMIT, policyFor, policySize }] = await Promise.all([
      import('../steps/index.js'),
      import('./main.js'),
      import('./permissions.js'),
    ]);
    const policy = policyFor(selectSteps(checklist, options.only, options.skip), options.mode);
    process.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);
    const size = policySize(policy);
    if (size > MANAGED_POLICY_LIMIT) {
      process.stderr.write(`aws-bootstrap: this policy is ${size} characters, over the ${MANAGED_POLICY_LIMIT} a managed policy may have: attach it inline to a role (up to 10,240), or split it with --only/--skip.\n`);
    }
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
    const details = process.env.AWS_BOOTSTRAP_DEBUG ? `\n${redactSecrets(String((error as Error).stack))}` : ' (set AWS_BOOTSTRAP_DEBUG=1 for details)';
    err(`unexpected error: ${cleanMessage(error)}${details}`);
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

const runCommand = (command: 'apply' | 'plan', options: CliOptions) =>
  exitCodeOf(async () => {
    useProfile(options);
    return (await import('./main.js')).startRun(command, options, streams);
  });
const undoCommand = (log: string | undefined, options: CliOptions) =>
  exitCodeOf(async () => {
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
