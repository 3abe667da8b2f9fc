/**
 * The texts of the command line (src/cli.ts) in English and Japanese: the help of every command
 * and flag, the `steps` listing's labels, usage errors, and commander's own headings and error
 * messages put into Japanese. Kept apart from cli.ts, which runs the program when it is loaded,
 * so that tests can read the catalogue. Loaded by `--help`, so it imports nothing heavy.
 */
import { texts } from './i18n/index.js';

const en = {
  program: 'Walks a new AWS account through the "things to do after creating an AWS account" checklist: shows what it found and what it would change, asks before every change, and records how to undo it.',
  helpAfterError: '(run aws-bootstrap --help for usage)',
  help: 'display help for command',
  version: 'output the version number',
  lang: 'language of the messages: ja or en (default: from LC_ALL, LC_MESSAGES or LANG)',
  badLang: 'expected ja (Japanese) or en (English)',
  wholeNumber: 'expected a whole number from 1 to 64',
  nonNegative: 'expected a whole number ≥ 0',
  options: {
    demo: 'use a simulated fresh AWS account (no credentials needed; state kept between runs)',
    demoState: 'where --demo keeps the simulated account (default: ~/.aws-bootstrap/demo/account.json)',
    demoReset: 'start --demo from a fresh simulated account',
    demoSeed: 'add to the demo account what the read-only checks look for (findings: users without MFA, old keys, open security groups, unused roles, public buckets)',
    demoLatency: 'simulated per-call latency',
    demoJitter: 'simulated latency jitter',
    demoRegions: 'enabled regions in a fresh demo account',
    demoFaults: 'faults to inject into the simulated account',
    demoStats: "write every simulated call (with timing) and the CPU used (with the simulation's share) to this file at exit",
    demoUnlimited: 'benchmark only: no per-service in-flight limit, every region at once (needs --demo)',
    profile: 'AWS profile from your AWS config (default: AWS_PROFILE or the default chain)',
    region: 'home region for account-wide calls (default: AWS_REGION, AWS_DEFAULT_REGION, the profile region, or us-east-1)',
    regions: 'only these enabled regions, comma-separated (default: every enabled region)',
    only: 'only these step ids, comma-separated (see `aws-bootstrap steps`)',
    skip: 'leave out these step ids, comma-separated',
    yes: 'apply without asking; inputs come from --config and --set',
    config: 'YAML or JSON file with step inputs (see examples/aws-bootstrap.yaml)',
    set: 'set one step input (repeatable), e.g. --set monthly-budget.amount=50',
    concurrency: 'regions worked on at once, 1–64 (default 40: all of them)',
    undoLog: 'where to write the undo log (default: ~/.aws-bootstrap/undo-logs/<account>/<time>.jsonl)',
    json: 'print only a JSON report on stdout (human output goes to stderr)',
    verbose: 'show every change in full (the default VPCs resource by resource, not as one table)',
    org: 'every account of your AWS Organization (run from the management account or a delegated administrator)',
    accounts: 'with --org: only these account ids, comma-separated',
    excludeAccounts: 'with --org: leave out these account ids, comma-separated',
    roleName: 'with --org: the role assumed in each member account (Control Tower: AWSControlTowerExecution)',
    accountConcurrency: 'with --org: accounts worked on at once, 1–64',
    demoAccounts: 'with --demo --org: member accounts in a fresh simulated organization',
    allowManagementAccount: 'with --org: let organization.securityAccount or organization.logArchiveAccount be the management account (AWS advises against it)',
    demoAddAccount: 'with --demo --org: create one more account in the simulated organization first (to see what covers a new account)',
  },
  run: {
    description: 'walk the checklist (the default command)',
    dryRun: 'show everything that would change, change nothing (exit 2 when changes are pending)',
  },
  plan: 'preview every step (same as --dry-run): zero changes; exit 2 when changes are pending',
  undo: {
    description: 'take back the changes recorded in an undo log, newest first (default: the newest log for this account)',
    dryRun: 'show what would be undone, change nothing',
    force: 'undo even a change whose resource was changed since the run',
  },
  steps: {
    description: 'list the checklist: id, title, scope and why',
    region: 'every enabled region',
    account: 'account',
    organization: 'organization-wide, --org with the security and log archive accounts',
    readOnly: ', read-only check',
    permissions: (read: string, change: string, undo: string) => `permissions: read ${read}; change ${change}; undo ${undo}`,
  },
  permissions: {
    description: 'print the least IAM policy (JSON) that a run, a plan or an undo of the chosen steps needs',
    mode: 'what the policy is for',
    only: 'only these step ids, comma-separated',
    skip: 'leave out these step ids, comma-separated',
    org: 'for --org: three policies, labelled: managementAccount (the caller: listing accounts, assuming the member role, the organization-wide steps\' calls there), securityAccount (the member role there) and memberRole (in every other member)',
    config: 'the config file of the run, so that names given there (role, group, buckets) are in the policy',
    tooBig: (size: number, limit: number) =>
      `this policy is ${size} characters, over the ${limit} a managed policy may have: attach it inline to a role (up to 10,240), or print it as several managed policies with --split.`,
    tooBigInline: (size: number, parts: number) =>
      `this policy is ${size} characters, over the 10,240 a role's inline policies may have together: print it as ${parts} managed policies with --split (a role may have 10 attached).`,
    split: 'print each policy as a list of managed policies that each fit IAM\'s 6,144-character limit (together they allow the same)',
  },
  examples: `
Examples:
  # Try it on a simulated account (no AWS credentials needed)
  $ aws-bootstrap --demo
  # Preview every step on your account, change nothing
  $ aws-bootstrap plan --profile my-account
  # Apply without asking, inputs from a file (see examples/aws-bootstrap.yaml)
  $ aws-bootstrap --yes --config my-account.yaml

Run aws-bootstrap <command> --help for the options of plan and undo.`,
  unexpected: (message: string) => `unexpected error: ${message}`,
  debugHint: ' (set AWS_BOOTSTRAP_DEBUG=1 for details)',
  /** Said once at the start of a run on a Node.js past its end of life (the AWS SDK's own notice is kept out). */
  oldNode: (major: number) => `Node.js ${major} is past its end of life: aws-bootstrap still runs on it; use 22 or 24.`,
  /** Commander's own help headings and notes; English is commander's text as it is. */
  title: (title: string) => title,
  extraInfo: (info: string) => info,
  /** Commander's own error messages (unknown option…); English is commander's text as it is. */
  commanderError: (text: string) => text,
};

/** Commander's help headings in Japanese. */
const TITLES_JA: Record<string, string> = {
  'Usage:': '使い方:',
  'Options:': 'オプション:',
  'Commands:': 'コマンド:',
  'Arguments:': '引数:',
  'Global Options:': 'グローバルオプション:',
};

/**
 * Commander's error messages in Japanese, matched by their English text (commander 14 has no
 * hook for them). One not listed keeps its English sentence after a Japanese "error".
 */
function commanderErrorJa(text: string): string {
  const rules: Array<[RegExp, (...groups: string[]) => string]> = [
    [/^error: unknown option '(.+?)'(?:\n\(Did you mean (.+?)\?\))?$/s, (flag, maybe) => `エラー: 知らないオプションです: '${flag}'${maybe ? `\n(${maybe} のことですか?)` : ''}`],
    [/^error: unknown command '(.+?)'(?:\n\(Did you mean (.+?)\?\))?$/s, (name, maybe) => `エラー: 知らないコマンドです: '${name}'${maybe ? `\n(${maybe} のことですか?)` : ''}`],
    [/^error: option '(.+?)' argument '(.*)' is invalid\. ?(.*)$/s, (flag, value, why) => `エラー: オプション '${flag}' の値 '${value}' は使えません。${choicesJa(why ?? '')}`],
    [/^error: option '(.+?)' argument missing$/s, (flag) => `エラー: オプション '${flag}' に値がありません`],
    [/^error: missing required argument '(.+?)'$/s, (name) => `エラー: 引数 '${name}' がありません`],
    [/^error: required option '(.+?)' not specified$/s, (flag) => `エラー: オプション '${flag}' が必要です`],
    [/^error: too many arguments(?: for '(.+?)')?\. Expected (\d+) arguments? but got (\d+)\.$/s, (name, expected, got) =>
      `エラー: ${name ? `'${name}' の` : ''}引数が多すぎます (${expected} 個まで、指定は ${got} 個)`],
    [/^error: (.*)$/s, (rest) => `エラー: ${rest}`],
  ];
  const body = text.replace(/\n$/, '');
  for (const [pattern, render] of rules) {
    const match = pattern.exec(body);
    if (match) return `${render(...match.slice(1).map((group) => group ?? ''))}\n`;
  }
  return text;
}

/** Commander's "Allowed choices are a, b." (from `.choices()`) in Japanese; our own reasons are already. */
const choicesJa = (why: string) => why.replace(/^Allowed choices are (.+)\.$/, '$1 のいずれかを指定してください');

export const cliTexts = texts('cli', en, {
  program: '新しい AWS アカウントで「AWS アカウントを作ったらまずやること」のチェックリストを順に進めます。見つけた状態と変更する内容を示し、変更の前には毎回確認し、元に戻す方法を記録します。',
  helpAfterError: '(使い方は aws-bootstrap --help で確認できます)',
  help: 'コマンドのヘルプを表示する',
  version: 'バージョン番号を表示する',
  lang: 'メッセージの言語: ja または en (デフォルト: LC_ALL、LC_MESSAGES、LANG の順に決まります)',
  badLang: 'ja (日本語) か en (英語) を指定してください',
  wholeNumber: '1 から 64 までの整数を指定してください',
  nonNegative: '0 以上の整数を指定してください',
  options: {
    demo: 'シミュレーションの新しい AWS アカウントを使う (認証情報は不要。状態は実行の間で保持されます)',
    demoState: '--demo がシミュレーションのアカウントを保存するファイル (デフォルト: ~/.aws-bootstrap/demo/account.json)',
    demoReset: '--demo を新しいシミュレーションのアカウントから始める',
    demoSeed: '読み取り専用のチェックが探すものをデモアカウントに加える (findings: MFA のないユーザー、古いキー、開いたセキュリティグループ、使われていないロール、パブリックなバケット)',
    demoLatency: 'シミュレーションの呼び出しごとの遅延',
    demoJitter: 'シミュレーションの遅延のばらつき',
    demoRegions: '新しいデモアカウントで有効なリージョンの数',
    demoFaults: 'シミュレーションのアカウントに注入する障害',
    demoStats: '終了時に、シミュレーションのすべての呼び出し (所要時間付き) と使った CPU 時間 (うちシミュレーションの分) をこのファイルに書き出す',
    demoUnlimited: 'ベンチマーク専用: サービスごとの同時呼び出し数の制限をなくし、すべてのリージョンを同時に処理する (--demo が必要)',
    profile: 'AWS の設定ファイルのプロファイル (デフォルト: AWS_PROFILE、なければデフォルトの認証情報プロバイダーチェーン)',
    region: 'アカウント全体に対する呼び出しに使うホームリージョン (デフォルト: AWS_REGION、AWS_DEFAULT_REGION、プロファイルのリージョン、us-east-1 の順)',
    regions: '対象にする有効なリージョン、カンマ区切り (デフォルト: 有効なすべてのリージョン)',
    only: '実行するステップ ID、カンマ区切り (`aws-bootstrap steps` を参照)',
    skip: '除外するステップ ID、カンマ区切り',
    yes: '確認せずに適用する。入力は --config と --set から取る',
    config: 'ステップの入力を書いた YAML または JSON ファイル (examples/aws-bootstrap.yaml を参照)',
    set: 'ステップの入力を 1 つ指定する (繰り返し可)。例: --set monthly-budget.amount=50',
    concurrency: '同時に処理するリージョンの数、1～64 (デフォルト 40: すべて)',
    undoLog: '取り消しログの書き込み先 (デフォルト: ~/.aws-bootstrap/undo-logs/<account>/<time>.jsonl)',
    json: '標準出力には JSON のレポートだけを出力する (人が読むための出力は標準エラー出力へ)',
    verbose: 'すべての変更を省略せずに表示する (デフォルト VPC を 1 つの表ではなくリソースごとに)',
    org: 'AWS Organizations の組織のすべてのアカウントを対象にする (管理アカウントまたは委任管理者から実行します)',
    accounts: '--org で: これらのアカウント ID だけ (カンマ区切り)',
    excludeAccounts: '--org で: これらのアカウント ID を除く (カンマ区切り)',
    roleName: '--org で: 各メンバーアカウントで引き受けるロール (Control Tower では AWSControlTowerExecution)',
    accountConcurrency: '--org で: 同時に処理するアカウントの数、1～64',
    demoAccounts: '--demo --org で: 新しいシミュレーションの組織のメンバーアカウントの数',
    allowManagementAccount: '--org で: organization.securityAccount や organization.logArchiveAccount に管理アカウントを指定できるようにする (AWS は推奨していません)',
    demoAddAccount: '--demo --org で: 先にシミュレーションの組織にアカウントを 1 つ作成する (新しいアカウントを何が対象にするかを見るため)',
  },
  run: {
    description: 'チェックリストを順に進める (デフォルトのコマンド)',
    dryRun: '変更される内容をすべて表示し、何も変更しない (未適用の変更があれば終了コード 2)',
  },
  plan: 'すべてのステップをプレビューする (--dry-run と同じ): 何も変更しない。未適用の変更があれば終了コード 2',
  undo: {
    description: '取り消しログに記録された変更を新しい順に元に戻す (デフォルト: このアカウントの最新のログ)',
    dryRun: '元に戻す内容を表示し、何も変更しない',
    force: '実行の後にリソースが変更されていても元に戻す',
  },
  steps: {
    description: 'チェックリストを一覧表示する: ID、タイトル、範囲、理由',
    region: '有効なすべてのリージョン',
    account: 'アカウント',
    organization: '組織全体 (セキュリティアカウントとログアーカイブアカウントを指定した --org)',
    readOnly: '、読み取り専用のチェック',
    permissions: (read: string, change: string, undo: string) => `アクセス許可: 読み取り ${read}、変更 ${change}、元に戻す ${undo}`,
  },
  permissions: {
    description: '選んだステップの実行・プレビュー・取り消しに必要な最小限の IAM ポリシー (JSON) を出力する',
    mode: 'ポリシーの用途',
    only: '対象にするステップ ID、カンマ区切り',
    skip: '除外するステップ ID、カンマ区切り',
    org: '--org 用: ラベル付きの 3 つのポリシー。managementAccount (呼び出し元: アカウントの一覧、メンバーのロールの引き受け、組織全体のステップのそこでの呼び出し)、securityAccount (そこでのメンバーのロール)、memberRole (ほかのすべてのメンバー)',
    config: '実行に使う設定ファイル (そこで指定した名前 (ロール、グループ、バケット) をポリシーに入れます)',
    tooBig: (size: number, limit: number) =>
      `このポリシーは ${size} 文字で、管理ポリシーの上限 ${limit} 文字を超えています。インラインポリシーとしてロールにアタッチする (10,240 文字まで) か、--split で複数の管理ポリシーとして出力してください。`,
    tooBigInline: (size: number, parts: number) =>
      `このポリシーは ${size} 文字で、ロールのインラインポリシー全体の上限 10,240 文字を超えています。--split で ${parts} 個の管理ポリシーとして出力してください (ロールには 10 個までアタッチできます)。`,
    split: '各ポリシーを、IAM の 6,144 文字の上限に収まる管理ポリシーのリストとして出力する (合わせて同じ権限になります)',
  },
  examples: `
例:
  # シミュレーションのアカウントで試す (AWS の認証情報は不要)
  $ aws-bootstrap --demo
  # 自分のアカウントで全ステップをプレビューする (何も変更しない)
  $ aws-bootstrap plan --profile my-account
  # 確認せずに適用する。入力はファイルから (examples/aws-bootstrap.yaml を参照)
  $ aws-bootstrap --yes --config my-account.yaml

plan と undo のオプションは aws-bootstrap <command> --help で表示されます。`,
  unexpected: (message: string) => `予期しないエラー: ${message}`,
  debugHint: ' (詳しく知るには AWS_BOOTSTRAP_DEBUG=1 を設定してください)',
  oldNode: (major: number) => `Node.js ${major} はサポート終了済みです: aws-bootstrap はまだ動きますが、22 か 24 を使ってください。`,
  title: (title: string) => TITLES_JA[title] ?? title,
  extraInfo: (info: string) => info.replace(/\bchoices: /, '選択肢: ').replace(/\bdefault: /, 'デフォルト: '),
  commanderError: commanderErrorJa,
});
