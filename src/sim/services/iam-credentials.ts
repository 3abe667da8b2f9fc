/**
 * Users' credentials in the simulated IAM: the credential report (GenerateCredentialReport /
 * GetCredentialReport, CSV with the columns AWS documents, ready only after a few polls) and
 * ListAccessKeys. A report is reused for four hours, as on AWS; after that GetCredentialReport
 * answers ReportExpired and GenerateCredentialReport starts a new one.
 */
import { loadSdk } from '../../aws/clients.js';
import { awsError, type SimRequest } from '../service.js';
import type { SimIamUser, SimState } from '../state.js';

const { CredentialReportExpiredException, CredentialReportNotPresentException, CredentialReportNotReadyException, NoSuchEntityException } = loadSdk('iam');

/** Polls (GenerateCredentialReport or GetCredentialReport) a new report takes: the first after it was started finds it done. */
export const REPORT_PENDING_POLLS = 1;
/** IAM makes a new report only when the last one is older than this. */
const REPORT_REUSE_MS = 4 * 60 * 60 * 1000;
const ACCOUNT_CREATED = '2026-01-01T00:00:00.000Z';

/** The report's columns, in AWS's order (IAM User Guide, "Credential report format"). */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed',
  'password_next_rotation', 'mfa_active',
  'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region', 'access_key_2_last_used_service',
  'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
] as const;

/** ISO 8601 as the report writes it: `2026-01-01T00:00:00+00:00`. */
const reportDate = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, '+00:00');

function keyColumns(key: SimIamUser['accessKeys'] extends Array<infer K> | undefined ? K | undefined : never): string[] {
  // An inactive key (or none) has no dates: N/A.
  if (!key || key.Status !== 'Active') return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  const used = key.lastUsed;
  return ['true', reportDate(key.CreateDate), used ? reportDate(used.date) : 'N/A', used?.region ?? 'N/A', used?.service ?? 'N/A'];
}

function userRow(state: SimState, u: SimIamUser): string[] {
  const maxAge = state.iam.passwordPolicy?.MaxPasswordAge;
  const password = u.password;
  const nextRotation = password && maxAge ? reportDate(new Date(Date.parse(password.changed) + maxAge * 86_400_000).toISOString()) : 'N/A';
  const keys = [...(u.accessKeys ?? [])].sort((a, b) => a.CreateDate.localeCompare(b.CreateDate));
  return [
    u.UserName, u.Arn, reportDate(u.CreateDate),
    password ? 'true' : 'false',
    password ? (password.lastUsed ? reportDate(password.lastUsed) : 'no_information') : 'N/A',
    password ? reportDate(password.changed) : 'N/A',
    nextRotation,
    u.mfaDevices?.length ? 'true' : 'false',
    ...keyColumns(keys[0]), ...keyColumns(keys[1]),
    'false', 'N/A', 'false', 'N/A',
  ];
}

/** The report as IAM writes it: a header, the root user's row, then one row per user. */
export function credentialReportCsv(state: SimState): string {
  const rootKeys = state.iam.summary.AccountAccessKeysPresent === 1;
  const root = [
    '<root_account>', `arn:aws:iam::${state.accountId}:root`, reportDate(ACCOUNT_CREATED), 'not_supported', 'no_information', 'not_supported', 'not_supported',
    state.iam.summary.AccountMFAEnabled === 1 ? 'true' : 'false',
    ...(rootKeys ? ['true', reportDate(ACCOUNT_CREATED), 'N/A', 'N/A', 'N/A'] : ['false', 'N/A', 'N/A', 'N/A', 'N/A']),
    'false', 'N/A', 'N/A', 'N/A', 'N/A',
    'false', 'N/A', 'false', 'N/A',
  ];
  const rows = [CREDENTIAL_REPORT_COLUMNS.join(','), root.join(','), ...Object.values(state.iam.users).map((u) => userRow(state, u).join(','))];
  return rows.join('\n');
}

const isOld = (generatedAt: string) => Date.now() - Date.parse(generatedAt) > REPORT_REUSE_MS;

export const credentialHandlers = {
  GenerateCredentialReport: ({ state }: SimRequest) => {
    const report = state.iam.credentialReport;
    if (!report || isOld(report.generatedAt)) {
      state.iam.credentialReport = { generatedAt: new Date().toISOString(), pendingPolls: REPORT_PENDING_POLLS };
      return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
    }
    // Each poll of a report being generated brings it closer; the one that finds it done says COMPLETE.
    if (report.pendingPolls > 0) report.pendingPolls--;
    return { State: report.pendingPolls > 0 ? 'INPROGRESS' : 'COMPLETE' };
  },
  GetCredentialReport: ({ state }: SimRequest) => {
    const report = state.iam.credentialReport;
    if (!report) throw awsError(CredentialReportNotPresentException, 'Credential report not present. Please generate a new report using GenerateCredentialReport.', 410);
    if (report.pendingPolls > 0) {
      report.pendingPolls--;
      throw awsError(CredentialReportNotReadyException, 'Credential report is still being generated.', 404);
    }
    if (isOld(report.generatedAt)) throw awsError(CredentialReportExpiredException, 'Credential report has expired. Please generate a new report using GenerateCredentialReport.', 410);
    return { Content: new TextEncoder().encode(credentialReportCsv(state)), ReportFormat: 'text/csv', GeneratedTime: new Date(report.generatedAt) };
  },
  ListAccessKeys: ({ state, input }: SimRequest) => {
    const userName = (input as { UserName?: string }).UserName;
    const u = userName === undefined ? undefined : state.iam.users[userName];
    if (!u) throw awsError(NoSuchEntityException, `The user with name ${String(userName)} cannot be found.`, 404);
    const keys = (u.accessKeys ?? []).map((k) => ({ UserName: u.UserName, AccessKeyId: k.AccessKeyId, Status: k.Status, CreateDate: new Date(k.CreateDate) }));
    return { AccessKeyMetadata: keys, IsTruncated: false };
  },
};
