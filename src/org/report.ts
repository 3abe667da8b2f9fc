/**
 * What `--org` shows: one step's changes grouped over accounts and regions ("In 3 accounts ×
 * 17 regions: …") with the accounts that differ listed, and the compliance matrix (accounts ×
 * steps). Built from each account's run report, so it says what the per-account runs found.
 */
import { statusText, type ResultRow, type ResultStatus, type RunReport } from '../report/render.js';
import type { AnyStep } from '../core/step.js';
import { texts } from '../i18n/index.js';

const en = {
  inAccounts: (accounts: number, regions: string) => `In ${accounts} account${accounts > 1 ? 's' : ''}${regions}:`,
  regionsEach: (n: number) => ` × ${n} region${n > 1 ? 's' : ''}`,
  regionsInAll: (n: number) => ` (${n} regions in all)`,
  accountWide: '',
  more: (first: string, rest: number) => `${first}; and ${rest} more`,
  matrixTitle: (dryRun: boolean): string => (dryRun ? 'Compliance by account (dry run: nothing was changed)' : 'Result by account'),
  legend: '✓ compliant or done   ~ would change   ! action needed   - skipped   ✗ failed   · not run',
  legendCovered: '◦ covered by the organization',
  account: 'account',
  org: 'org',
  notReached: (reason: string) => `not worked on: ${reason}`,
  untouched: (state: string) => `listed, not worked on (${state})`,
  totals: (accounts: number, failed: number, pending: number) =>
    `${accounts} account${accounts > 1 ? 's' : ''}: ${failed} with failures, ${pending} with changes pending`,
};

const t = texts('org-report', en, {
  inAccounts: (accounts: number, regions: string) => `${accounts} アカウント${regions}:`,
  regionsEach: (n: number) => ` × ${n} リージョン`,
  regionsInAll: (n: number) => ` (合計 ${n} リージョン)`,
  accountWide: '',
  more: (first: string, rest: number) => `${first}; ほか ${rest} 件`,
  matrixTitle: (dryRun: boolean): string => (dryRun ? 'アカウント別の準拠状況 (ドライラン: 何も変更していません)' : 'アカウント別の結果'),
  legend: '✓ 準拠または完了   ~ 変更予定   ! 対応が必要   - スキップ   ✗ 失敗   · 未実行',
  legendCovered: '◦ 組織全体で対象',
  account: 'アカウント',
  org: '組織',
  notReached: (reason: string) => `作業していません: ${reason}`,
  untouched: (state: string) => `一覧にはあるが作業しない (${state})`,
  totals: (accounts: number, failed: number, pending: number) => `${accounts} アカウント: 失敗あり ${failed}、変更予定あり ${pending}`,
});

/** One account's outcome in an org run: its report, or why it was not worked on. */
export interface AccountOutcome {
  readonly account: string;
  readonly name?: string;
  readonly report?: RunReport;
  /** Why the account could not be worked on (AssumeRole denied, say). */
  readonly error?: string;
}

/** How one step went in one account, over its regions: the worst status wins. */
const precedence: readonly ResultStatus[] = ['failed', 'action needed', 'would change', 'would undo', 'skipped', 'changed', 'undone', 'compliant'];

export function worstStatus(rows: readonly ResultRow[]): ResultStatus | undefined {
  return precedence.find((status) => rows.some((r) => r.status === status));
}

const mark: Record<ResultStatus, string> = {
  compliant: '✓',
  changed: '✓',
  undone: '✓',
  'would change': '~',
  'would undo': '~',
  skipped: '-',
  failed: '✗',
  'action needed': '!',
};

/**
 * One step's rows over every account, grouped: accounts whose rows say the same (status and
 * changes, region by region) share one heading, the largest group first.
 */
export function groupStep(stepId: string, outcomes: readonly AccountOutcome[]): string[] {
  const worked = outcomes.filter((o) => o.report).length;
  const groups = new Map<string, { accounts: string[]; regionCounts: number[]; status: ResultStatus; what: string }>();
  for (const outcome of outcomes) {
    const rows = outcome.report?.results.filter((r) => r.step === stepId) ?? [];
    if (!rows.length) continue;
    // Per distinct (status, changes/detail): the regions with it.
    const parts = new Map<string, { status: ResultStatus; what: string; regions: number }>();
    for (const row of rows) {
      const shown = row.changesShown ?? row.changes;
      // Undo's sentences name their region (the log lists records one by one): the region is a placeholder there.
      const undoRegion = row.status === 'would undo' || row.status === 'undone' ? row.region : undefined;
      // The changes and, when there is one, the reason (a failure's cause, what a person must do).
      const changes = shown.length ? listed(shown) : '';
      const detail = row.detail && changes ? `\n      ${row.detail}` : (row.detail ?? '');
      const what = sameInEveryAccount(outcome.account, undoRegion, `${changes}${detail}`);
      const key = `${row.status}|${what}`;
      const part = parts.get(key) ?? { status: row.status, what, regions: 0 };
      part.regions += row.region ? 1 : 0;
      parts.set(key, part);
    }
    for (const [key, part] of parts) {
      const group = groups.get(key) ?? { accounts: [], regionCounts: [], status: part.status, what: part.what };
      group.accounts.push(outcome.account);
      group.regionCounts.push(part.regions);
      groups.set(key, group);
    }
  }
  const sorted = [...groups.values()].sort((a, b) => b.accounts.length - a.accounts.length);
  return sorted.map(({ accounts, regionCounts, status, what }) => {
    const same = regionCounts.every((n) => n === regionCounts[0]);
    const regions = regionCounts[0] ? (same ? t.regionsEach(regionCounts[0]) : t.regionsInAll(regionCounts.reduce((a, b) => a + b, 0))) : t.accountWide;
    const which = accounts.length < worked ? ` (${accounts.join(', ')})` : '';
    return `  ${t.inAccounts(accounts.length, regions + which)} ${mark[status]} ${statusText(status)}${what ? `: ${what}` : ''}`;
  });
}

/** More changes than this are counted, with the first few named (the per-account preview has them all). */
const MAX_LISTED = 3;

function listed(changes: readonly string[]): string {
  return changes.length <= MAX_LISTED ? changes.join('; ') : t.more(changes.slice(0, MAX_LISTED).join('; '), changes.length - MAX_LISTED);
}

/**
 * The same change in another account or region names other things: its own id (in bucket names),
 * the region of an undo record ("Delete the rule … in eu-west-1") and its own resource ids (each
 * default VPC). Those are written as placeholders, so the changes group.
 */
function sameInEveryAccount(accountId: string, region: string | undefined, text: string): string {
  const placed = region ? text.replace(new RegExp(`\\b${region}\\b(?![-\\w])`, 'g'), '<region>') : text;
  return placed
    .replaceAll(accountId, '<account>')
    .replace(/\b(vpc|subnet|igw|eigw|sg|acl|rtb|dopt|eni|vpce)-[0-9a-f]{8,17}\b/g, '$1-…')
    // GuardDuty detector ids: 32 hex digits.
    .replace(/\b[0-9a-f]{32}\b/g, '…');
}

/** The organization-wide run, for the matrix's "org" column group. */
export interface OrganizationColumns {
  readonly steps: ReadonlyArray<Pick<AnyStep, 'id' | 'organization'>>;
  readonly report: RunReport;
}

/** Columns a label takes in a terminal: CJK characters take two. */
function displayWidth(text: string): number {
  return [...text].reduce((width, c) => width + (c.codePointAt(0)! >= 0x2e80 ? 2 : 1), 0);
}

const PER_ACCOUNT_MARKS: readonly ResultStatus[] = ['would change', 'changed'];

/**
 * An organization-wide step's cell for one account: the step's status, which holds for every
 * account; except that a step done account by account (`organization.perAccount`) marks a change
 * only in the account its summary names (the others are done).
 */
function organizationCell(step: OrganizationColumns['steps'][number], rows: readonly ResultRow[], accountId: string): string {
  if (!rows.length) return ' ·';
  const applying = rows.map((row) =>
    step.organization?.perAccount && PER_ACCOUNT_MARKS.includes(row.status) && row.changes.length && !row.changes.some((c) => c.includes(accountId)) ? { ...row, status: 'compliant' as const } : row,
  );
  return ` ${mark[worstStatus(applying)!]}`;
}

/**
 * The compliance matrix: a row per account, a column per step (numbered, with a key below); with
 * the organization-wide run, an "org" group of columns after a bar: what the organization does
 * for each account (the per-account steps it covers are ◦ on the left).
 */
export function renderMatrix(
  stepIds: readonly string[],
  outcomes: readonly AccountOutcome[],
  untouched: ReadonlyArray<{ id: string; state: string }>,
  dryRun: boolean,
  organization?: OrganizationColumns,
): string {
  const lines = [t.matrixTitle(dryRun)];
  const idWidth = Math.max(12, t.account.length);
  const numbers = stepIds.map((_, i) => String(i + 1).padStart(2));
  const orgSteps = organization?.steps ?? [];
  const orgNumbers = orgSteps.map((_, i) => String(stepIds.length + i + 1).padStart(2));
  const orgGroup = (cells: readonly string[]) => (orgSteps.length ? `  │ ${cells.join(' ')}` : '');
  const orgCells = (accountId: string) => orgSteps.map((step) => organizationCell(step, organization!.report.results.filter((r) => r.step === step.id), accountId));
  lines.push(`  ${t.account.padEnd(idWidth)}  ${numbers.join(' ')}${orgSteps.length ? `  │ ${t.org} ${orgNumbers.join(' ')}` : ''}`);
  // The org group's cells sit under its numbers, after the label.
  const orgPad = ' '.repeat(displayWidth(t.org) + 1);
  let failed = 0;
  let pending = 0;
  for (const outcome of outcomes) {
    if (!outcome.report) {
      failed++;
      lines.push(`  ${outcome.account.padEnd(idWidth)}  ${stepIds.map(() => ' ✗').join(' ')}${orgGroup([orgPad + orgCells(outcome.account).join(' ')])}  ${t.notReached(outcome.error ?? '')}`);
      continue;
    }
    const cells = stepIds.map((id) => {
      const rows = outcome.report!.results.filter((r) => r.step === id);
      if (rows.length && rows.every((r) => r.coveredBy)) return ' ◦';
      const status = worstStatus(rows);
      return ` ${status ? mark[status] : '·'}`;
    });
    if (outcome.report.results.some((r) => r.status === 'failed')) failed++;
    if (outcome.report.results.some((r) => r.status === 'would change')) pending++;
    lines.push(`  ${outcome.account.padEnd(idWidth)}  ${cells.join(' ')}${orgGroup([orgPad + orgCells(outcome.account).join(' ')])}${outcome.name ? `  ${outcome.name}` : ''}`);
  }
  for (const account of untouched) lines.push(`  ${account.id.padEnd(idWidth)}  ${stepIds.map(() => ' ·').join(' ')}${orgGroup([orgPad + orgSteps.map(() => ' ·').join(' ')])}  ${t.untouched(account.state)}`);
  lines.push(`  ${stepIds.map((id, i) => `${i + 1} ${id}`).join(', ')}`);
  if (orgSteps.length) lines.push(`  ${t.org}: ${orgSteps.map((step, i) => `${stepIds.length + i + 1} ${step.id}`).join(', ')}`);
  const covered = outcomes.some((o) => o.report?.results.some((r) => r.coveredBy));
  lines.push(`  ${t.legend}${covered ? `   ${t.legendCovered}` : ''}`);
  lines.push('');
  lines.push(t.totals(outcomes.length, failed, pending));
  return lines.join('\n');
}
