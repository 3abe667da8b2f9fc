/**
 * EC2's `DryRun` flag: the call is checked, never made. AWS answers with an error either way:
 * DryRunOperation (would succeed) or UnauthorizedOperation (would be denied).
 */
import { texts } from '../i18n/index.js';
import { isErrorCode } from './errors.js';

const t = texts(
  'dry-run',
  { notDryRun: (action: string, target: string) => `${action} ${target} was not answered as a dry run (no DryRunOperation); it may have been carried out` },
  { notDryRun: (action: string, target: string) => `${action} ${target} がドライランとして応答されませんでした (DryRunOperation がありません)。実際に実行された可能性があります` },
);

/** The outcome of one permission probe. */
export interface ProbeResult {
  /** The IAM action, e.g. `ec2:DeleteVpc`. */
  readonly action: string;
  /** The resource the call was about, e.g. `vpc-0123`. */
  readonly target: string;
  readonly allowed: boolean;
}

/** Sends one call with `DryRun: true` (built by `send`) and reports what AWS said. */
export async function dryRunProbe(action: string, target: string, send: () => Promise<unknown>): Promise<ProbeResult> {
  try {
    await send();
  } catch (error) {
    if (isErrorCode(error, 'DryRunOperation')) return { action, target, allowed: true };
    if (isErrorCode(error, 'UnauthorizedOperation')) return { action, target, allowed: false };
    throw error;
  }
  // A call that "succeeded" was not treated as a dry run: it may have made the change.
  throw new Error(t.notDryRun(action, target));
}
