import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import { CLI, cli, runBuilt } from './support/cli.js';
import { tempDir } from './support/wizard.js';

let home: string;
beforeEach(() => {
  home = tempDir();
  process.env.AWS_BOOTSTRAP_HOME = home;
});

const demo = () => ({ demo: true, demoState: join(home, 'account.json') });

describe('aws-bootstrap permissions', () => {
  it('prints the policy for the chosen steps and mode as JSON', () => {
    const { code, stdout } = runBuilt(['permissions', '--only', 'guardduty']);
    expect(code).toBe(0);
    const policy = JSON.parse(stdout) as { Statement: Array<{ Sid: string; Action: string[] }> };
    expect(policy.Statement.map((s) => s.Sid)).toEqual(['AwsBootstrapEngine', 'Guardduty']);
    expect(policy.Statement[1]!.Action).toContain('guardduty:CreateDetector');
    const undo = JSON.parse(runBuilt(['permissions', '--only', 'guardduty', '--mode', 'undo']).stdout) as typeof policy;
    expect(undo.Statement[1]!.Action).toContain('guardduty:DeleteDetector');
    expect(undo.Statement[1]!.Action).not.toContain('guardduty:CreateDetector');
  });

  it('an unknown step id or mode is bad input (exit 64), nothing printed on stdout', () => {
    const unknown = runBuilt(['permissions', '--only', 'guard-duty']);
    expect(unknown.code).toBe(64);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/unknown step id: guard-duty\. Known steps: alternate-contacts/);
    expect(runBuilt(['permissions', '--mode', 'apply']).code).toBe(64);
  });
});

describe('command line', () => {
  it('without a terminal and without --yes, fails fast instead of waiting for an answer', async () => {
    await expect(cli('apply', demo())).rejects.toThrow(/no terminal to ask.*--yes.*--dry-run/);
  });

  it('names the field path of an invalid config file, before any AWS call', async () => {
    const config = join(home, 'bad.yaml');
    writeFileSync(config, 'concurrency: 0\n');
    await expect(cli('apply', { ...demo(), yes: true, config })).rejects.toThrow(/concurrency: .*>=1|concurrency: .*at least/i);
    writeFileSync(config, 's3-block-public-access:\n  surprise: true\n');
    await expect(cli('apply', { ...demo(), yes: true, config })).rejects.toThrow(/s3-block-public-access.*surprise/);
    writeFileSync(config, 'foo: [1, 2\n');
    await expect(cli('apply', { ...demo(), yes: true, config })).rejects.toThrow(/not valid YAML or JSON/);
  });

  it('rejects an unknown step id in --only or --skip with the list of known ones', async () => {
    const error = await cli('apply', { ...demo(), yes: true, only: ['nope'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/unknown step id: nope\. Known steps: .*s3-block-public-access/);
  });

  it('rejects a malformed --set', async () => {
    await expect(cli('apply', { ...demo(), yes: true, set: ['amount=5'] })).rejects.toThrow(/expected <step-id>\.<field>=<value>/);
  });

  it('--json prints only a JSON report on stdout', async () => {
    const result = await cli('plan', { ...demo(), json: true, only: ['s3-block-public-access'] });
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ account: '123456789012', dryRun: true, results: [{ step: 's3-block-public-access', status: 'would change' }] });
    expect(result.stderr).toContain('Summary');
  });

  it('demo state persists between runs: apply, then plan sees it compliant, then undo takes it back', async () => {
    const first = await cli('apply', { ...demo(), yes: true, only: ['s3-block-public-access'] });
    expect(first.code).toBe(0);
    const second = await cli('plan', { ...demo(), only: ['s3-block-public-access'] });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('already compliant');
    const undone = await cli('undo', { ...demo(), yes: true });
    expect(undone.code).toBe(0);
    expect(undone.stdout).toMatch(/undone/);
    const third = await cli('plan', { ...demo(), only: ['s3-block-public-access'] });
    expect(third.code).toBe(2);
  });

  it('the built CLI answers --help and --version, and exits 64 on bad input with one line of explanation', () => {
    const help = runBuilt(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--dry-run|plan/);
    expect(runBuilt(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const bad = runBuilt(['--demo', '--yes', '--only', 'nope']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/^aws-bootstrap: unknown step id: nope/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('the built CLI without credentials ends with a message that says how to fix it', () => {
    const result = runBuilt(['plan', '--region', 'us-east-1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/No AWS credentials were found.*--profile.*--demo/);
  });
});

describe('the top-level --help', () => {
  it("lists the default command's flags, the other commands and examples, not the hidden flags", () => {
    const { code, stdout } = runBuilt(['--help']);
    expect(code).toBe(0);
    const options = stdout.slice(stdout.indexOf('Options:'), stdout.indexOf('Commands:'));
    for (const flag of ['--demo ', '--demo-reset', '--profile <name>', '-y, --yes', '--dry-run', '--config <file>', '--set <step.field=value>', '--only <ids>', '--json', '-V, --version', '-h, --help']) {
      expect(options).toContain(flag);
    }
    const commands = stdout.slice(stdout.indexOf('Commands:'), stdout.indexOf('Examples:'));
    for (const command of ['run [options]', 'plan [options]', 'undo [options] [log]', 'steps']) expect(commands).toContain(command);
    expect(stdout).toMatch(/Examples:\n(?:.*\n)* {2}\$ aws-bootstrap --demo\n(?:.*\n)* {2}\$ aws-bootstrap plan --profile my-account\n(?:.*\n)* {2}\$ aws-bootstrap --yes --config my-account\.yaml\n/);
    expect(stdout).not.toMatch(/--demo-(?:latency|jitter|regions|faults|stats|unlimited)/);
    // Each flag once: the program's own -h is not doubled by run's.
    expect(stdout.match(/-h, --help/g)).toHaveLength(1);
  });

  it("a command's own help is unchanged: its flags, no examples", () => {
    const { code, stdout } = runBuilt(['undo', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: aws-bootstrap undo \[options\] \[log\]/);
    expect(stdout).toContain('--force');
    expect(stdout).not.toContain('Examples:');
  });

  it('loads neither the wizard, the steps nor the SDK (it stays fast)', () => {
    const dir = tempDir();
    const hooks = join(dir, 'hooks.mjs');
    // Every module the CLI imports, as Node resolves it.
    writeFileSync(hooks, 'export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write(`loaded ${r.url}\\n`); return r; }\n');
    const register = `data:text/javascript,import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)});`;
    const result = spawnSync(process.execPath, ['--import', register, CLI, '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir }, timeout: 60_000 });
    expect(result.status).toBe(0);
    const loaded = result.stderr.split('\n').filter((line) => line.startsWith('loaded '));
    expect(loaded.some((line) => line.includes('/commander/'))).toBe(true);
    expect(loaded.filter((line) => /\/dist\/src\/main\.js|\/dist\/steps\/|@aws-sdk|@smithy|\/zod\/|\/yaml\//.test(line))).toEqual([]);
  });
});

describe('a profile that does not exist', () => {
  const configs = () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config'), '[default]\nregion = eu-west-1\n[profile dev]\nregion = us-east-1\n');
    writeFileSync(join(dir, 'credentials'), '[ci]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = example\n');
    return { HOME: dir, AWS_BOOTSTRAP_HOME: dir, AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
  };
  /** The built CLI with these shared files; instance metadata is off, so nothing leaves the machine. */
  const runWith = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1', ...env }, input: '', timeout: 60_000 });

  it.each([
    ['--profile nope', ['plan', '--profile', 'nope'], {}],
    ['AWS_PROFILE=nope', ['plan'], { AWS_PROFILE: 'nope' }],
  ])('%s: names the profile, the files read and the profiles there', (_name, args, env) => {
    const files = configs();
    const result = runWith(args, { ...files, ...env });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `aws-bootstrap: The AWS profile "nope" is not in the config or credentials file. Read: ${files.AWS_CONFIG_FILE} (from AWS_CONFIG_FILE), ${files.AWS_SHARED_CREDENTIALS_FILE} (from AWS_SHARED_CREDENTIALS_FILE). ` +
        'Profiles there: default, dev, ci. Pass one of them with --profile (or AWS_PROFILE), or create "nope" with `aws configure --profile nope` (access keys) or `aws configure sso` (IAM Identity Center).\n',
    );
  });

  it('--profile wins over AWS_PROFILE', () => {
    const result = runWith(['plan', '--profile', 'nope'], { ...configs(), AWS_PROFILE: 'dev' });
    expect(result.stderr).toMatch(/The AWS profile "nope" is not in the config or credentials file/);
  });
});
