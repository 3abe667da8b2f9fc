/**
 * A heuristic for tests of Japanese output: the English fragments left in it. A fragment is a run
 * of two or more English words (letters only, at least two letters each) separated by spaces (a
 * comma or semicolon before the space is allowed; a colon ends a run, so a key and its value, as in
 * "Effect: Allow", are two runs). Not counted:
 * - text inside `backticks` or "double quotes" (“curly” too): commands, values, quoted names;
 * - AWS and product names that AWS's Japanese documentation keeps in English (PRODUCT_NAMES, plus
 *   the `allow` list given by the caller);
 * - data: ARNs, URLs, e-mail addresses, API actions and tag keys (`ec2:DescribeRegions`,
 *   `aws-bootstrap:managed`), flags (`--yes`), paths (anything with a `/`), anything with a digit
 *   (region codes, ids, numbers), hyphenated lower-case ids (`aws-bootstrap`, `alerts-topic`), and
 *   names written as names: ALL-CAPS acronyms (MFA, VPC) and CamelCase (GuardDuty, PutRule).
 *
 * A single English word between Japanese words ("MFA を有効にする", "root の") is not reported: the
 * heuristic looks for sentences or phrases left untranslated, not for every Latin letter.
 */

/** AWS and product names kept in English in AWS's Japanese documentation (longest first is not needed: all are removed). */
export const PRODUCT_NAMES: readonly string[] = [
  'AWS Identity and Access Management',
  'Identity and Access Management',
  'AWS Foundational Security Best Practices',
  'Foundational Security Best Practices',
  'CIS AWS Foundations Benchmark',
  'AWS Billing and Cost Management',
  'Billing and Cost Management',
  'AWS Systems Manager Session Manager',
  'Systems Manager Session Manager',
  'Session Manager',
  'AWS Management Console',
  'AWS Account Management',
  'Amazon Simple Notification Service',
  'Simple Notification Service',
  'Amazon Simple Storage Service',
  'Simple Storage Service',
  'Amazon Elastic Block Store',
  'Elastic Block Store',
  'Amazon Elastic Compute Cloud',
  'Elastic Compute Cloud',
  'AWS Key Management Service',
  'Key Management Service',
  'AWS Security Token Service',
  'Security Token Service',
  'IAM Identity Center',
  'IAM Access Analyzer',
  'Access Analyzer',
  'AWS Security Hub CSPM',
  'AWS Security Hub',
  'Security Hub CSPM',
  'Security Hub',
  'AWS Config',
  'Amazon GuardDuty',
  'AWS CloudTrail',
  'Amazon CloudWatch Logs',
  'CloudWatch Logs',
  'Amazon CloudWatch',
  'Amazon EventBridge',
  'AWS Health Dashboard',
  'Personal Health Dashboard',
  'AWS Health',
  'AWS Budgets',
  'AWS Cost Explorer',
  'Cost Explorer',
  'AWS Organizations',
  'AWS Control Tower',
  'Control Tower',
  'AWS Trusted Advisor',
  'Trusted Advisor',
  'AWS CloudShell',
  'Service Quotas',
  'Amazon EC2 Auto Scaling',
  'EC2 Auto Scaling',
  'Auto Scaling',
  'AWS Systems Manager',
  'Systems Manager',
  'Amazon Macie',
  'Amazon Inspector',
  'Amazon Detective',
  'AWS Lambda',
  'Amazon Route',
  'Amazon SNS',
  'Amazon S3',
  'Amazon EC2',
  'Amazon EBS',
  'Amazon VPC',
  'AWS KMS',
  'AWS CLI',
  'AWS SDK',
  'Node.js',
];

/** Every English fragment left in `text` (see the module comment); empty when there is none. */
export function englishLeft(text: string, allow: readonly string[] = []): string[] {
  // A character that is neither a word nor a space: whatever is cut out breaks a run of words.
  const cut = ' \u0001 ';
  let rest = text
    // Terminal colours.
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[[0-9;]*m/g, '')
    .replace(/`[^`\n]*`/g, cut)
    .replace(/"[^"\n]*"/g, cut)
    .replace(/“[^”\n]*”/g, cut)
    .replace(/\bhttps?:\/\/\S+/g, cut)
    .replace(/\barn:\S+/g, cut)
    .replace(/\S+@\S+/g, cut)
    // API actions and tag keys: service:Action, aws-bootstrap:managed.
    .replace(/\b[a-z0-9-]+:[A-Za-z*][\w*-]*/g, cut)
    // Flags.
    .replace(/(^|[\s(])--?[A-Za-z][\w-]*/g, `$1${cut}`)
    // Paths.
    .replace(/[^\s()（）「」、。]*\/[^\s()（）「」、。]*/g, cut)
    // Anything with a digit: region codes, ids, numbers, sizes.
    .replace(/[A-Za-z0-9_.-]*\d[A-Za-z0-9_.-]*/g, cut);
  for (const name of [...allow, ...PRODUCT_NAMES].sort((a, b) => b.length - a.length)) {
    rest = rest.replace(new RegExp(`(?<![A-Za-z])${escape(name)}(?![A-Za-z])`, 'g'), cut);
  }
  // Hyphenated lower-case ids and snake_case names.
  rest = rest.replace(/(?<![A-Za-z])[a-z]+(?:[-_][a-z]+)+(?![A-Za-z])/g, cut);

  const found: string[] = [];
  const word = /[A-Za-z]+(?:['’][A-Za-z]+)?/g;
  let run: string[] = [];
  let runStart = -1;
  let runEnd = -1;
  const flush = () => {
    if (run.length >= 2) found.push(rest.slice(runStart, runEnd));
    run = [];
  };
  for (const match of rest.matchAll(word)) {
    const token = match[0];
    const start = match.index;
    const end = start + token.length;
    if (!isEnglishWord(token)) {
      flush();
      continue;
    }
    const gap = run.length > 0 ? rest.slice(runEnd, start) : '';
    if (run.length > 0 && !/^[,;]?[ \t]+$/.test(gap)) flush();
    if (run.length === 0) runStart = start;
    run.push(token);
    runEnd = end;
  }
  flush();
  return found;
}

/** A word as English prose writes it: two or more letters, lower case or only its first letter capital. */
function isEnglishWord(token: string): boolean {
  const letters = token.replace(/['’]/g, '');
  if (letters.length < 2) return false;
  return /^[A-Za-z][a-z]+$/.test(letters);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
