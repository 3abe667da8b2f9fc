/**
 * IAM's credential report, read by the read-only checks of users (iam-users-mfa, iam-access-keys):
 * one call for every user's password, MFA and keys instead of one call per user.
 */
import { errorCode, isErrorCode } from '../../src/aws/errors.js';
import { sharedRead, type StepContext } from '../../src/core/step.js';
import { texts } from '../../src/i18n/index.js';

const t = texts('credential-report', {
  // "credentials report": the error scrubber blanks whatever follows "credential " (see redactSecrets).
  notReady: (seconds: number, last: string) => `IAM's credentials report was not ready after ${seconds} seconds (last answer: ${last}); run again in a minute`,
}, {
  notReady: (seconds: number, last: string) => `IAM の認証情報レポートが ${seconds} 秒待っても準備できませんでした (最後の応答: ${last})。1 分ほどおいてもう一度実行してください`,
});

/**
 * How long to wait between polls for the credential report (IAM takes a few seconds to write it).
 * A report still not ready after the last wait fails the step with the reason. Tests shorten it.
 */
export const credentialReportWait: { delaysMs: readonly number[] } = { delaysMs: [250, 500, 1000, 2000, 4000, 8000] };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One row of the credential report, by column name (values as IAM writes them: `true`, `N/A`, ISO dates). */
export type CredentialReportRow = Readonly<Record<string, string>>;

/** Splits CSV text into rows of fields (quoted fields may hold commas and doubled quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line) continue;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quoted && c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = !quoted;
      } else if (c === ',' && !quoted) {
        fields.push(field);
        field = '';
      } else {
        field += c;
      }
    }
    fields.push(field);
    rows.push(fields);
  }
  return rows;
}

/** The report's rows keyed by its header (the root user's row included, as `<root_account>`). */
export function credentialReportRows(csv: string): CredentialReportRow[] {
  const [header, ...rows] = parseCsv(csv);
  return rows.map((fields) => Object.fromEntries((header ?? []).map((name, i) => [name, fields[i] ?? ''])));
}

/** A report date column as an ISO string; undefined for `N/A`, `no_information`, `not_supported`. */
export function reportDate(value: string | undefined): string | undefined {
  const ms = value ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * Asks IAM for the credential report and reads it: GenerateCredentialReport until it answers
 * COMPLETE (a report under four hours old is reused), then GetCredentialReport, polling within
 * `credentialReportWait`. Neither call changes any setting. One report for the steps that read it
 * in a run where reads are shared (iam-users-mfa and iam-access-keys).
 */
export function readCredentialReport(ctx: StepContext): Promise<{ generatedAt: string; rows: CredentialReportRow[] }> {
  return sharedRead(ctx, 'iam:GetCredentialReport', () => generateAndReadReport(ctx));
}

async function generateAndReadReport(ctx: StepContext): Promise<{ generatedAt: string; rows: CredentialReportRow[] }> {
  const { client, sdk } = await ctx.aws.use('iam');
  let last = '';
  for (const delay of [0, ...credentialReportWait.delaysMs]) {
    if (delay) await sleep(delay);
    const { State } = await client.send(new sdk.GenerateCredentialReportCommand({}));
    if (State !== 'COMPLETE') {
      last = `${State ?? 'no state'}`;
      continue;
    }
    try {
      const report = await client.send(new sdk.GetCredentialReportCommand({}));
      return { generatedAt: (report.GeneratedTime ?? new Date()).toISOString(), rows: credentialReportRows(new TextDecoder().decode(report.Content)) };
    } catch (error) {
      // Still being written, gone, or expired since: generate (or wait) again.
      if (!isErrorCode(error, 'CredentialReportNotReadyException', 'CredentialReportNotPresentException', 'CredentialReportExpiredException')) throw error;
      last = errorCode(error);
    }
  }
  const seconds = Math.round(credentialReportWait.delaysMs.reduce((a, b) => a + b, 0) / 1000);
  throw new Error(t.notReady(seconds, last));
}
