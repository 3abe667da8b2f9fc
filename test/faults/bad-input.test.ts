/**
 * Bad input on every path — flags, --set, the config file, prompts and undo logs — is rejected
 * before any change, with a message that names the value and says what is expected.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { checklist } from '../../steps/index.js';
import { InputError } from '../../src/core/errors.js';
import { language, setLanguage } from '../../src/i18n/index.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { freshAccountState } from '../../src/sim/state.js';
import type { Question } from '../../src/core/step.js';
import { cli, runBuilt } from '../support/cli.js';
import { englishLeft } from '../support/english.js';
import { comparable } from '../support/state.js';
import { runAgainst, tempDir } from '../support/wizard.js';
import { rechained } from '../support/undo-log.js';

let home: string;
let statePath: string;
beforeEach(() => {
  home = tempDir();
  process.env.AWS_BOOTSTRAP_HOME = home;
  statePath = join(home, 'account.json');
});

/** The demo account is untouched: never created, or still exactly a fresh account. */
function expectNoChange() {
  if (!existsSync(statePath)) return;
  expect(comparable(JSON.parse(readFileSync(statePath, 'utf8')))).toEqual(comparable(freshAccountState()));
}

async function rejects(flags: Parameters<typeof cli>[1], message: RegExp, command: 'apply' | 'plan' = 'apply') {
  const error = await cli(command, { demo: true, demoState: statePath, yes: true, ...flags }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  expect((error as Error).message).toMatch(message);
  expectNoChange();
}

const setCases: Array<[string, RegExp]> = [
  ['monthly-budget.amount=-5', /monthly-budget\.amount: expected a positive amount/],
  ['monthly-budget.amount=0', /monthly-budget\.amount: expected a positive amount/],
  ['monthly-budget.amount=1.234', /monthly-budget\.amount: .*at most 2 decimal places/],
  ['monthly-budget.amount=abc', /monthly-budget\.amount: expected a positive amount/],
  ['monthly-budget.emails=[not-an-email]', /monthly-budget\.emails\.0: expected an email address/],
  [`monthly-budget.emails=[${Array.from({ length: 11 }, (_, i) => `a${i}@example.com`).join(',')}]`, /monthly-budget\.emails: AWS accepts at most 10/],
  ['monthly-budget.thresholds=[{type: ACTUAL, percent: 0}]', /monthly-budget\.thresholds\.0\.percent: a threshold is at least 1 %/],
  ['monthly-budget.thresholds=[{type: LATER, percent: 50}]', /monthly-budget\.thresholds\.0\.type: expected ACTUAL .* or FORECASTED/],
  ['monthly-budget.surprise=1', /monthly-budget: .*surprise/],
  ['cost-anomaly-detection.frequency=IMMEDIATE', /cost-anomaly-detection\.frequency: IMMEDIATE alerts can only go to an SNS topic/],
  ['cost-anomaly-detection.thresholdType=relative', /cost-anomaly-detection\.thresholdType: expected 'absolute'/],
  ['cost-anomaly-detection.threshold=-1', /cost-anomaly-detection\.threshold: a threshold is at least 0/],
  ['alternate-contacts.billing.email=x', /alternate-contacts\.billing\.email: expected an email address/],
  ['alternate-contacts.billing.phone=abc', /alternate-contacts\.billing\.phone: expected a phone number/],
  [`alternate-contacts.security.name=${'x'.repeat(65)}`, /alternate-contacts\.security\.name: .*64/],
  ['root-contact-phone.countryCode=abc', /root-contact-phone\.countryCode: expected a country calling code like \+81/],
  ['iam-password-policy.minimumPasswordLength=8', /iam-password-policy.*12.*allowWeakerThanChecklist/],
  ['iam-password-policy.requireSymbols=false', /iam-password-policy.*allowWeakerThanChecklist/],
  ['iam-password-policy.minimumPasswordLength=200', /iam-password-policy\.minimumPasswordLength: .*128/],
  ['iam-password-policy.maxPasswordAge=0', /iam-password-policy\.maxPasswordAge: expected a whole number of days from 1 to 1095/],
  ['iam-password-policy.maxPasswordAge=1096', /iam-password-policy\.maxPasswordAge: expected a whole number of days from 1 to 1095/],
  ['iam-password-policy.maxPasswordAge=45.5', /iam-password-policy\.maxPasswordAge: expected a whole number of days from 1 to 1095/],
  ['iam-password-policy.maxPasswordAge=ninety', /iam-password-policy\.maxPasswordAge: expected a whole number of days from 1 to 1095/],
  ['admin-group-and-role.maxSessionHours=13', /admin-group-and-role\.maxSessionHours: .*12/],
  ['admin-group-and-role.roleName=bad name!', /admin-group-and-role\.roleName: /],
  ['access-analyzer.name=1bad', /access-analyzer\.name: /],
  ['nostep.field=1', /nostep: not a step id/],
];

/** A log's text with its checksums made anew: as if written so (a changed log is refused before these checks). */
const resealed = (text: string) => rechained(text.split('\n').filter(Boolean)).map((line) => `${line}\n`).join('');

describe('--set values that do not fit the step schema', () => {
  for (const [assignment, message] of setCases) {
    it(assignment.slice(0, 80), () => rejects({ set: [assignment] }, message));
  }
});

describe('flags', () => {
  it('an unknown step id in --only', () => rejects({ only: ['nope'] }, /unknown step id: nope\. Known steps:/));
  it('an unknown step id in --skip', () => rejects({ skip: ['guardduty', 'gaurdduty'] }, /unknown step id: gaurdduty/));
  it('an unknown region', () => rejects({ regions: ['eu-west-9'] }, /"eu-west-9" is not an AWS region/));
  it('a region that is not enabled', () => rejects({ regions: ['af-south-1'] }, /af-south-1 is not enabled for this account/));
  it('a --set without a field path', () => rejects({ set: ['amount=5'] }, /--set amount=5: expected <step-id>\.<field>=<value>/));
  it('--yes with inputs missing: every missing one is named, nothing changes', () =>
    rejects({}, /Missing input \(nothing was changed\):[\s\S]*monthly-budget\.amount[\s\S]*cost-anomaly-detection\.emails[\s\S]*--skip/));
  it('no terminal and no --yes', async () => {
    const error = await cli('apply', { demo: true, demoState: statePath }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/no terminal to ask before each change.*--yes.*--dry-run/);
    expectNoChange();
  });
  it('--demo-faults that is not a list of faults', () => rejects({ demoFaults: '{"code": 1}' }, /--demo-faults: expected a list/));
  it('a usage error from the command line exits 64 with the reason', () => {
    const result = runBuilt(['--demo', '--concurrency', '0']);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/--concurrency.*'0' is invalid\. expected a whole number from 1 to 64/);
    const unknown = runBuilt(['--demo', '--colour']);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toMatch(/unknown option '--colour'/);
  });
});

describe('config files', () => {
  const withConfig = (text: string, message: RegExp) => {
    const config = join(home, 'config.yaml');
    writeFileSync(config, text);
    return rejects({ config }, message);
  };
  it('not YAML', () => withConfig('a: [1, 2\n', /not valid YAML or JSON/));
  it('a list instead of a mapping', () => withConfig('- 1\n- 2\n', /must hold a mapping/));
  it('a region that is not a region name', () => withConfig('regions: [Tokyo]\n', /regions\.0: expected a region name like eu-west-1/));
  it('a concurrency that is not a number', () => withConfig('concurrency: many\n', /concurrency: /));
  it('a step section that is not a mapping', () => withConfig('guardduty: 5\n', /guardduty: expected a mapping/));
  it('an unknown step section', () => withConfig('guard-duty: {}\n', /guard-duty: not a step id/));
  it('a wrong type deep inside a section, named by its path', () =>
    withConfig('alternate-contacts:\n  billing:\n    name: A\n    title: B\n    email: [a@example.com]\n    phone: "+1 555 0100"\n', /alternate-contacts\.billing\.email: /));
  it('a file that does not exist', () => rejects({ config: join(home, 'nope.yaml') }, /--config: cannot read .*nope\.yaml \(ENOENT\)/));
});

describe('prompts re-ask on a typo (their validators reject it with the reason)', () => {
  const sim = new SimulatedAccount(freshAccountState());
  const questionsOf = async (id: string, given: Record<string, unknown> = {}): Promise<Question[]> => {
    const step = checklist.find((s) => s.id === id)!;
    const ctx = { accountId: sim.state.accountId, partition: 'aws', region: 'us-east-1', dryRun: true, aws: (await import('../../src/sim/clients.js')).simulatedClients(sim).forRegion('us-east-1') };
    return step.inputs!.questions(await step.observe(ctx), given);
  };
  const check = async (id: string, path: string, answer: string, message: RegExp) => {
    const question = (await questionsOf(id)).find((q) => q.path === path)!;
    expect(question, `${id} asks for ${path}`).toBeDefined();
    expect(question.validate!(answer)).toMatch(message);
  };
  it('a negative budget amount', () => check('monthly-budget', 'amount', '-5', /expected a positive amount/));
  it('a malformed address among budget emails', () => check('monthly-budget', 'emails', 'a@example.com, nope', /expected an email address/));
  it('a contact phone with letters', () => check('alternate-contacts', 'billing.phone', 'call me', /expected a phone number/));
  it('a contact email without a domain', () => check('alternate-contacts', 'security.email', 'sec@', /expected an email address/));
  it('a contact phone without +country code: its international form is offered', () =>
    check('alternate-contacts', 'billing.phone', '03-1111-2222', /add the country code, so AWS can call it from abroad: \+81 3-1111-2222/));
  it('a country code with a leading zero', () => check('root-contact-phone', 'countryCode', '+081', /expected a country calling code/));
});

describe('undo logs', () => {
  async function logFromRun() {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await runAgainst(sim, { steps: checklist.filter((s) => s.id === 's3-block-public-access') });
    return { sim, undoLogPath };
  }
  const undoRejects = async (log: string, message: RegExp) => {
    const error = await cli('undo', { demo: true, demoState: statePath, yes: true, log }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
    expectNoChange();
  };
  it('a log that does not exist', () => undoRejects(join(home, 'none.jsonl'), /does not exist/));
  it('a hand-edited line in the middle that is not JSON', async () => {
    const { undoLogPath } = await logFromRun();
    const lines = readFileSync(undoLogPath, 'utf8').split('\n');
    lines.splice(1, 0, '{oops');
    writeFileSync(undoLogPath, lines.join('\n'));
    await undoRejects(undoLogPath, /line 2: not valid JSON/);
  });
  it('a line that is JSON but not a record', async () => {
    const { undoLogPath } = await logFromRun();
    writeFileSync(undoLogPath, `${readFileSync(undoLogPath, 'utf8')}{"type":"change","v":1}\n`);
    await undoRejects(undoLogPath, /line 3: not an aws-bootstrap record/);
  });
  it('a log from another account', async () => {
    const { undoLogPath } = await logFromRun();
    writeFileSync(undoLogPath, resealed(readFileSync(undoLogPath, 'utf8').replaceAll('123456789012', '999999999999')));
    await undoRejects(undoLogPath, /account 999999999999, but you are signed in to 123456789012/);
  });
  it('a log naming a step this version does not know', async () => {
    const { undoLogPath } = await logFromRun();
    writeFileSync(undoLogPath, resealed(readFileSync(undoLogPath, 'utf8').replaceAll('"step":"s3-block-public-access"', '"step":"s3-everything"')));
    await undoRejects(undoLogPath, /does not know: s3-everything/);
  });
});

describe('bad input in Japanese: the same refusal, nothing changed, the value and field named', () => {
  /** The InputError a command ends with, run in Japanese. */
  async function refusedInJapanese(command: 'apply' | 'plan' | 'undo', flags: Parameters<typeof cli>[1]) {
    const before = language();
    setLanguage('ja');
    try {
      const error = await cli(command, { demo: true, demoState: statePath, ...flags }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      const message = (error as Error).message;
      expect(englishLeft(message), message).toEqual([]);
      expectNoChange();
      return message;
    } finally {
      setLanguage(before);
    }
  }

  it('flags', async () => {
    expect(await refusedInJapanese('apply', { yes: true, only: ['nope'] })).toMatch(/^知らないステップ ID です: nope。ステップ ID: alternate-contacts, .*s3-block-public-access/);
    expect(await refusedInJapanese('apply', { yes: true, regions: ['eu-west-9'] })).toMatch(/^--regions: "eu-west-9" はこのアカウントが知っている AWS リージョンではありません。有効なリージョン: /);
    expect(await refusedInJapanese('apply', { yes: true, regions: ['af-south-1'] })).toMatch(/af-south-1 はこのアカウントで有効になっていません \(ステータス DISABLED\)/);
    expect(await refusedInJapanese('apply', {})).toMatch(/^変更のたびに確認するための端末がありません。.*--yes.*--dry-run/);
    expect(await refusedInJapanese('apply', { yes: true, set: ['amount=5'] })).toBe('--set amount=5: <ステップ ID>.<フィールド>=<値> の形で指定してください (例: --set monthly-budget.amount=50)');
    expect(await refusedInJapanese('apply', { yes: true, demoUnlimited: true, concurrency: 4 })).toBe('--demo-unlimited と --concurrency は矛盾します。どちらか一方だけを指定してください。');
    expect(await refusedInJapanese('apply', { yes: true, only: ['guardduty'], skip: ['guardduty'] })).toBe('--only と --skip の指定で、実行するステップが残りません。');
  });

  it('config files, with the field path as written in the file', async () => {
    const config = join(home, 'config.yaml');
    writeFileSync(config, 'regions: [Tokyo]\nconcurrency: many\n');
    const message = await refusedInJapanese('apply', { yes: true, config });
    expect(message).toContain('regions.0: eu-west-1 のようなリージョン名を指定してください');
    expect(message).toContain('concurrency: 数値を指定してください (文字列が指定されています)');
    expect(await refusedInJapanese('apply', { yes: true, config: join(home, 'nope.yaml') })).toMatch(/^--config: .*nope\.yaml を読めません \(ENOENT\)。$/);
  });

  it('a demo account file that is not one', async () => {
    writeFileSync(statePath, '{"not": "a demo"');
    const before = language();
    setLanguage('ja');
    try {
      const error = await cli('plan', { demo: true, demoState: statePath }).catch((e: unknown) => e);
      expect((error as Error).message).toBe(`--demo-state: ${statePath} はデモアカウントのファイルではありません (JSON として読めません)。新しく始めるには --demo-reset を付けてください。`);
      writeFileSync(statePath, '{"version": 2}');
      const other = await cli('plan', { demo: true, demoState: statePath }).catch((e: unknown) => e);
      expect((other as Error).message).toBe(`--demo-state: ${statePath} はデモアカウントのファイルではありません (形式が違います)。新しく始めるには --demo-reset を付けてください。`);
    } finally {
      setLanguage(before);
    }
  });

  it('undo logs', async () => {
    const missing = join(home, 'none.jsonl');
    expect(await refusedInJapanese('undo', { yes: true, log: missing })).toBe(`取り消しログ ${missing} がありません。`);
  });
});
