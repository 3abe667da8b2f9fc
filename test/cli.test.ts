import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import { cliTexts } from '../src/cli-texts.js';
import { languageFromEnv, withLanguage } from '../src/i18n/index.js';
import { CLI, cli, runBuilt } from './support/cli.js';
import { englishLeft } from './support/english.js';
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
    // The engine's own statements, those several steps share, and the chosen step's: no other step's.
    expect(policy.Statement.map((s) => s.Sid).filter((sid) => !['Engine', 'Account', 'LogBuckets', 'ServiceLinkedRoles'].includes(sid))).toEqual(['Guardduty']);
    expect(policy.Statement.map((s) => s.Sid)).toContain('Engine');
    const guardduty = (p: typeof policy) => p.Statement.find((s) => s.Sid === 'Guardduty')!;
    expect(guardduty(policy).Action).toContain('guardduty:CreateDetector');
    const undo = JSON.parse(runBuilt(['permissions', '--only', 'guardduty', '--mode', 'undo']).stdout) as typeof policy;
    expect(guardduty(undo).Action).toContain('guardduty:DeleteDetector');
    expect(guardduty(undo).Action).not.toContain('guardduty:CreateDetector');
  });

  it('--split prints managed policies that each fit; without it, a policy over the inline limit says to use --split', () => {
    const split = runBuilt(['permissions', '--org', '--split']);
    expect(split.code).toBe(0);
    const policies = JSON.parse(split.stdout) as Record<string, Array<{ Statement: Array<{ Action: string[] }> }>>;
    expect(Object.keys(policies)).toEqual(['managementAccount', 'securityAccount', 'memberRole']);
    for (const parts of Object.values(policies)) for (const part of parts) expect(JSON.stringify(part).length).toBeLessThanOrEqual(6144);
    const whole = JSON.parse(runBuilt(['permissions', '--org']).stdout) as Record<string, { Statement: Array<{ Action: string[] }> }>;
    for (const label of Object.keys(whole)) expect(policies[label]!.flatMap((p) => p.Statement.flatMap((s) => s.Action))).toEqual(whole[label]!.Statement.flatMap((s) => s.Action));
    expect(split.stderr).toBe('');
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

describe('the Node.js it runs on (issue 26)', () => {
  const major = Number(process.versions.node.split('.')[0]);
  it.each(['en', 'ja'])('on Node.js 20 one line of our own at the start in %s, never the SDK\'s NodeVersionSupportWarning; on 22 and 24 nothing', (lang) => {
    const out = runBuilt(['plan', '--demo', '--demo-reset', '--demo-regions', '1', '--only', 'guardduty', '--lang', lang], home);
    expect(out.code).toBe(2);
    expect(`${out.stdout}${out.stderr}`).not.toMatch(/NodeVersionSupportWarning|will require node/);
    const said = lang === 'ja' ? `Node.js ${major} はサポート終了済みです: aws-bootstrap はまだ動きますが、22 か 24 を使ってください。` : `Node.js ${major} is past its end of life: aws-bootstrap still runs on it; use 22 or 24.`;
    if (major < 22) {
      expect(out.stdout.split('\n')[0]).toBe(said);
      expect(out.stdout.split(said)).toHaveLength(2);
    } else {
      expect(out.stdout).not.toMatch(/end of life|サポート終了/);
    }
    const json = runBuilt(['plan', '--demo', '--demo-regions', '1', '--only', 'guardduty', '--json', '--lang', lang], home);
    expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();
    if (major < 22) expect(json.stderr.split('\n')[0]).toBe(said);
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
    const list = join(dir, 'loaded.txt');
    // Every module the CLI imports, as Node resolves it, appended to a file at once: the hooks run
    // in a thread of their own, and what they write to stderr is lost when the CLI exits first
    // (seen on Node.js 24).
    writeFileSync(hooks, `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(list)}, \`loaded \${r.url}\\n\`); return r; }\n`);
    const register = `data:text/javascript,import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)});`;
    const result = spawnSync(process.execPath, ['--import', register, CLI, '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir }, timeout: 60_000 });
    expect(result.status).toBe(0);
    const loaded = readFileSync(list, 'utf8').split('\n').filter((line) => line.startsWith('loaded '));
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

describe('the language (--lang, else LC_ALL, LC_MESSAGES, LANG)', () => {
  /** The built CLI with these locale variables (and nothing else of the caller's environment). */
  const runIn = (args: string[], locale: Record<string, string> = {}) => {
    const dir = tempDir();
    const result = spawnSync(process.execPath, [CLI, ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: dir, AWS_BOOTSTRAP_HOME: dir, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1', ...locale },
      input: '',
      timeout: 60_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

  it('languageFromEnv: the first set of LC_ALL, LC_MESSAGES, LANG; ja or ja_* is Japanese, anything else English', () => {
    expect(languageFromEnv({ LANG: 'ja_JP.UTF-8' })).toBe('ja');
    expect(languageFromEnv({ LANG: 'ja' })).toBe('ja');
    expect(languageFromEnv({ LANG: 'en_US.UTF-8' })).toBe('en');
    expect(languageFromEnv({})).toBe('en');
    expect(languageFromEnv({ LC_ALL: 'C', LANG: 'ja_JP.UTF-8' })).toBe('en');
    expect(languageFromEnv({ LC_ALL: 'ja_JP.UTF-8', LANG: 'en_US.UTF-8' })).toBe('ja');
    expect(languageFromEnv({ LC_MESSAGES: 'ja_JP.UTF-8', LANG: 'en_US.UTF-8' })).toBe('ja');
    expect(languageFromEnv({ LC_ALL: 'en_GB.UTF-8', LC_MESSAGES: 'ja_JP.UTF-8' })).toBe('en');
    // Empty means unset, as POSIX has it.
    expect(languageFromEnv({ LC_ALL: '', LANG: 'ja_JP.UTF-8' })).toBe('ja');
    expect(languageFromEnv({ LANG: 'jav_ID' })).toBe('en');
  });

  it('an unknown --lang is bad input: exit 64, naming ja and en, nothing on stdout', () => {
    for (const args of [['--lang', 'xx'], ['plan', '--lang', 'fr'], ['steps', '--lang=de']]) {
      const result = runIn(args);
      expect(result.code, args.join(' ')).toBe(64);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^error: option '--lang <lang>' argument '\w+' is invalid\. expected ja \(Japanese\) or en \(English\)\n/);
    }
    const ja = runIn(['--lang', 'xx'], { LANG: 'ja_JP.UTF-8' });
    expect(ja.code).toBe(64);
    expect(ja.stderr).toMatch(/^エラー: オプション '--lang <lang>' の値 'xx' は使えません。ja \(日本語\) か en \(英語\) を指定してください\n/);
  });

  it('LANG=ja_JP.UTF-8 gives the Japanese help; LC_ALL overrides LANG; --lang overrides both', () => {
    const ja = runIn(['--help'], { LANG: 'ja_JP.UTF-8' });
    expect(ja.code).toBe(0);
    expect(ja.stdout).toMatch(/^使い方: aws-bootstrap /);
    expect(ja.stdout).toContain('オプション:');
    expect(ja.stdout).toContain('コマンド:');
    expect(ja.stdout).toContain('例:');
    expect(ja.stdout).toContain('シミュレーションの新しい AWS アカウントを使う');
    // The flags, commands and examples are the same in every language.
    for (const flag of ['--demo ', '--profile <name>', '-y, --yes', '--dry-run', '--config <file>', '--set <step.field=value>', '--only <ids>', '--json', '--lang <lang>', '-V, --version', '-h, --help']) {
      expect(ja.stdout).toContain(flag);
    }
    for (const command of ['run [options]', 'plan [options]', 'undo [options] [log]', 'steps', 'permissions']) expect(ja.stdout).toContain(command);
    expect(ja.stdout).toContain('$ aws-bootstrap --yes --config my-account.yaml');
    expect(englishLeft(ja.stdout, ['options', 'command', 'log', 'lang', 'file', 'name', 'list', 'ids', 'account', 'time', 'step.field=value'])).toEqual([]);
    // Each flag once, as in English.
    expect(ja.stdout.match(/--lang <lang>/g)).toHaveLength(1);

    const overridden = runIn(['--help'], { LC_ALL: 'C', LANG: 'ja_JP.UTF-8' });
    expect(overridden.stdout).toMatch(/^Usage: aws-bootstrap /);
    expect(overridden.stdout).not.toMatch(JAPANESE);
    expect(runIn(['--help'], { LC_MESSAGES: 'ja_JP.UTF-8', LANG: 'en_US.UTF-8' }).stdout).toMatch(/^使い方:/);
    expect(runIn(['--lang', 'en', '--help'], { LANG: 'ja_JP.UTF-8' }).stdout).toMatch(/^Usage:/);
    expect(runIn(['--help', '--lang=ja']).stdout).toMatch(/^使い方:/);
  });

  it("a command's help and the steps listing in Japanese, with the ids and flags as they are", () => {
    const undo = runIn(['undo', '--lang', 'ja', '--help']);
    expect(undo.code).toBe(0);
    expect(undo.stdout).toMatch(/^使い方: aws-bootstrap undo \[options\] \[log\]/);
    expect(undo.stdout).toContain('--force');
    expect(undo.stdout).toContain('実行の後にリソースが変更されていても元に戻す');
    const permissions = runIn(['permissions', '--help'], { LANG: 'ja_JP.UTF-8' });
    expect(permissions.stdout).toMatch(/--mode <mode> +ポリシーの用途 \(選択肢: "run", "plan", "undo", デフォルト:\s+"run"\)/);

    const steps = runIn(['steps', '--lang', 'ja']);
    expect(steps.code).toBe(0);
    expect(steps.stdout).toMatch(/^alternate-contacts {2}\(アカウント\)\n/);
    expect(steps.stdout).toMatch(/\nebs-encryption-by-default {2}\(有効なすべてのリージョン\)\n {2}新しい EBS ボリュームがデフォルトで暗号化される\n/);
    expect(steps.stdout).toContain('アクセス許可: 読み取り ec2:GetEbsEncryptionByDefault、変更 ec2:EnableEbsEncryptionByDefault、元に戻す ec2:DisableEbsEncryptionByDefault');
    expect(steps.stdout).toMatch(/\(アカウント、読み取り専用のチェック\)/);
    // Piped: not wrapped, one line per text.
    expect(runIn(['steps']).stdout).toContain('  permissions: read ec2:GetEbsEncryptionByDefault; change ec2:EnableEbsEncryptionByDefault; undo ec2:DisableEbsEncryptionByDefault\n');
  });

  it('errors in Japanese keep exit codes, names and stdout as they are', () => {
    const unknown = runIn(['--demo', '--yes', '--only', 'nope', '--lang', 'ja']);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toMatch(/^aws-bootstrap: 知らないステップ ID です: nope。ステップ ID: alternate-contacts, /);
    const option = runIn(['--demo', '--colour'], { LANG: 'ja_JP.UTF-8' });
    expect(option.code).toBe(64);
    expect(option.stderr).toBe("エラー: 知らないオプションです: '--colour'\n(使い方は aws-bootstrap --help で確認できます)\n");
    const concurrency = runIn(['--demo', '--concurrency', '0'], { LANG: 'ja_JP.UTF-8' });
    expect(concurrency.code).toBe(64);
    expect(concurrency.stderr).toMatch(/オプション '--concurrency <n>' の値 '0' は使えません。1 から 64 までの整数を指定してください/);
    // Machine output does not change with the language.
    const policyJa = runIn(['permissions', '--only', 'guardduty', '--lang', 'ja']);
    const policyEn = runIn(['permissions', '--only', 'guardduty', '--lang', 'en']);
    expect(policyJa.code).toBe(0);
    expect(policyJa.stdout).toBe(policyEn.stdout);
  });
});

describe("commander's own messages in Japanese", () => {
  it('each usage error commander makes is put into Japanese, its flags and values kept; English is left as commander wrote it', () => {
    const cases: Array<[string, string]> = [
      ["error: unknown option '--colour'\n", "エラー: 知らないオプションです: '--colour'\n"],
      ["error: unknown option '--dmeo'\n(Did you mean --demo?)\n", "エラー: 知らないオプションです: '--dmeo'\n(--demo のことですか?)\n"],
      ["error: unknown command 'pland'\n(Did you mean plan?)\n", "エラー: 知らないコマンドです: 'pland'\n(plan のことですか?)\n"],
      ["error: option '--mode <mode>' argument 'x' is invalid. Allowed choices are run, plan, undo.\n", "エラー: オプション '--mode <mode>' の値 'x' は使えません。run, plan, undo のいずれかを指定してください\n"],
      ["error: option '--profile <name>' argument missing\n", "エラー: オプション '--profile <name>' に値がありません\n"],
      ["error: missing required argument 'log'\n", "エラー: 引数 'log' がありません\n"],
      ["error: too many arguments for 'undo'. Expected 1 argument but got 2.\n", "エラー: 'undo' の引数が多すぎます (1 個まで、指定は 2 個)\n"],
      ['error: something commander adds later\n', 'エラー: something commander adds later\n'],
    ];
    for (const [english, japanese] of cases) {
      expect(withLanguage('ja', () => cliTexts.commanderError(english))).toBe(japanese);
      expect(cliTexts.commanderError(english)).toBe(english);
    }
    expect(withLanguage('ja', () => ['Usage:', 'Options:', 'Commands:', 'Arguments:'].map((title) => cliTexts.title(title)))).toEqual(['使い方:', 'オプション:', 'コマンド:', '引数:']);
  });

  it('every help text of the catalogue is Japanese in Japanese', () => {
    const strings = (value: unknown): string[] =>
      typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
    const all = withLanguage('ja', () => strings({ ...cliTexts }));
    expect(all.length).toBeGreaterThan(30);
    for (const text of all) expect(englishLeft(text, ['account', 'time', 'command']), text).toEqual([]);
  });
});
