/**
 * findings-alerts: serious GuardDuty and Security Hub CSPM findings reach the alerts topic
 * (GuardDuty's forwarded from every region, Security Hub's through its aggregator), planned
 * purely and checked against events shaped as the services send them.
 */
import { describe, expect, it } from 'vitest';
import step, { type FindingsAlertsState } from '../../../steps/findings-alerts/findings-alerts.js';
import type { PlanContext } from '../../../src/core/step.js';
import { withLanguage } from '../../../src/i18n/index.js';
import { forwardPolicy, trustPolicy } from '../../../steps/shared/forwarding.js';
import {
  GUARDDUTY_RULE, guardDutyEmail, guardDutyEmailLines, guardDutyPattern, ROLE_NAME, SECURITY_HUB_RULE, securityHubEmail, securityHubEmailLines, securityHubPattern, type SeverityLabel,
} from '../../../steps/shared/finding-events.js';
import { englishLeft } from '../../support/english.js';
import { ACCOUNT, guardDutyEvent, matches, securityHubEvent, TOPIC, transform } from './findings-alerts-setup.js';

const HOME_BUS = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`;
const defaults = step.inputs!.schema.parse({});
const planCtx = (region: string, topicArn = TOPIC, partition = 'aws'): PlanContext => ({ accountId: ACCOUNT, partition, region, provided: { 'alerts-topic': { topicArn } } });
const empty: FindingsAlertsState = { rules: [] };
const actions = (plan: { changes: ReadonlyArray<{ payload: unknown }> }) => plan.changes.map((c) => (c.payload as { action: string }).action);
const payload = (plan: { changes: ReadonlyArray<{ payload: unknown }> }, i: number) => plan.changes[i]!.payload as { rule: { Name: string; EventPattern: string }; target: Record<string, unknown> };

describe('findings-alerts: the patterns, against events as GuardDuty and Security Hub send them', () => {
  const guardDuty = (min: number) => JSON.parse(guardDutyPattern(min));
  const securityHub = (labels: SeverityLabel[]) => JSON.parse(securityHubPattern(labels));

  it('GuardDuty findings at or above the threshold, and nothing else', () => {
    expect(matches(guardDuty(7), guardDutyEvent(8))).toBe(true);
    expect(matches(guardDuty(7), guardDutyEvent(7))).toBe(true);
    expect(matches(guardDuty(7), guardDutyEvent(9.5))).toBe(true);
    expect(matches(guardDuty(7), guardDutyEvent(6.9))).toBe(false);
    expect(matches(guardDuty(8.5), guardDutyEvent(8))).toBe(false);
    expect(matches(guardDuty(7), { ...guardDutyEvent(8), 'detail-type': 'GuardDuty Runtime Protection Unhealthy' })).toBe(false);
    expect(matches(guardDuty(7), securityHubEvent())).toBe(false);
  });

  it('new, active Security Hub findings with the labels, not GuardDuty\'s (its own rule emails those)', () => {
    expect(matches(securityHub(['HIGH', 'CRITICAL']), securityHubEvent())).toBe(true);
    expect(matches(securityHub(['HIGH', 'CRITICAL']), securityHubEvent({ label: 'CRITICAL', product: 'Inspector' }))).toBe(true);
    expect(matches(securityHub(['HIGH', 'CRITICAL']), securityHubEvent({ label: 'MEDIUM' }))).toBe(false);
    expect(matches(securityHub(['CRITICAL']), securityHubEvent({ label: 'HIGH' }))).toBe(false);
    expect(matches(securityHub(['HIGH', 'CRITICAL']), securityHubEvent({ workflow: 'NOTIFIED' }))).toBe(false);
    expect(matches(securityHub(['HIGH', 'CRITICAL']), securityHubEvent({ record: 'ARCHIVED' }))).toBe(false);
    expect(matches(securityHub(['HIGH', 'CRITICAL']), securityHubEvent({ product: 'GuardDuty' }))).toBe(false);
    expect(matches(securityHub(['HIGH', 'CRITICAL']), guardDutyEvent(8))).toBe(false);
  });

  it('the emails read as a person needs them: title, severity, resource, region, a console link to the finding', () => {
    expect(transform(guardDutyEmail(), guardDutyEvent(8, 'ap-northeast-1')).split('\n')).toEqual([
      'GuardDuty finding: Credentials for instance role web-role used from external IP address.',
      'severity: 8 (High 7–8.9, Critical 9–10)',
      'type: UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
      'resource: AccessKey',
      `account ${ACCOUNT}, region ap-northeast-1`,
      'description: Credentials created exclusively for an EC2 instance using instance role web-role have been used from external IP address 198.51.100.7.',
      'Open the finding: https://console.aws.amazon.com/guardduty/home?region=ap-northeast-1#/findings?search=id%3D16afba5c5c43e07c9e3e5e2e544e95df',
    ]);
    const text = transform(securityHubEmail(), securityHubEvent({ region: 'eu-west-1' })).split('\n');
    expect(text.slice(0, 4)).toEqual([
      'Security Hub finding: S3 general purpose buckets should block public access',
      'severity: HIGH (from Security Hub)',
      'resource: AwsS3Bucket arn:aws:s3:::example-bucket',
      `account ${ACCOUNT}, region eu-west-1`,
    ]);
    // Linked from the region that made it, though the home region's bus delivered it.
    expect(text[5]).toBe(`Open the finding: https://console.aws.amazon.com/securityhub/home?region=eu-west-1#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253Aarn:aws:securityhub:eu-west-1:${ACCOUNT}:security-control/S3.8/finding/0f6fd2ca-1b0e-4f7e-9d5e-4a5a3c0a1a11`);
    expect(text[6]).toMatch(/workflow status is NEW: set it to NOTIFIED/);
  });
});

describe('findings-alerts: plan', () => {
  it('in the home region: a GuardDuty rule and a Security Hub rule emailing through the transformers, and the forwarding role', () => {
    const plan = step.plan(empty, defaults, planCtx('us-east-1'));
    expect(actions(plan)).toEqual(['create-rule', 'add-target', 'create-rule', 'add-target', 'create-role', 'put-role-policy']);
    expect(payload(plan, 0).rule).toMatchObject({ Name: GUARDDUTY_RULE, EventPattern: guardDutyPattern(7), State: 'ENABLED' });
    expect(payload(plan, 1).target).toEqual({ Id: 'alerts-topic', Arn: TOPIC, InputTransformer: guardDutyEmail() });
    expect(payload(plan, 2).rule).toMatchObject({ Name: SECURITY_HUB_RULE, EventPattern: securityHubPattern(['HIGH', 'CRITICAL']) });
    expect(payload(plan, 3).target).toEqual({ Id: 'alerts-topic', Arn: TOPIC, InputTransformer: securityHubEmail() });
    expect(plan.changes[5]!.payload).toMatchObject({ document: forwardPolicy(HOME_BUS) });
    const notes = plan.notes!.join('\n');
    expect(notes).toMatch(/finding aggregator in us-east-1 .* brings every linked region's findings/);
    expect(notes).toMatch(/its rule leaves those out, so each GuardDuty finding is emailed once/);
    expect(notes).toMatch(/set it to NOTIFIED, SUPPRESSED or RESOLVED/);
    expect(notes).toMatch(/\$1\.00 per million/);
  });

  it('elsewhere: only a GuardDuty rule, forwarding the same findings to the home bus with the role', () => {
    const plan = step.plan(empty, defaults, planCtx('eu-west-1'));
    expect(actions(plan)).toEqual(['create-rule', 'add-target']);
    expect(payload(plan, 0).rule).toMatchObject({ Name: GUARDDUTY_RULE, EventPattern: guardDutyPattern(7) });
    expect(payload(plan, 1).target).toEqual({ Id: 'home-event-bus', Arn: HOME_BUS, RoleArn: ROLE });
    expect(plan.notes!.join(' ')).toMatch(/which this step creates in us-east-1: keep us-east-1 in the run/);
    expect(plan.notes!.join(' ')).toMatch(/Where GuardDuty is not on \(yet\), its rule matches nothing/);
  });

  it('the threshold and labels given are the ones matched, and in the words of the preview', () => {
    const plan = step.plan(empty, step.inputs!.schema.parse({ guardDutyMinSeverity: 8.5, securityHubLabels: ['CRITICAL'] }), planCtx('us-east-1'));
    expect(payload(plan, 0).rule.EventPattern).toBe(guardDutyPattern(8.5));
    expect(plan.changes[0]!.summary).toBe(`Create the EventBridge rule "${GUARDDUTY_RULE}" for GuardDuty findings of severity 8.5 or more`);
    expect(plan.changes[2]!.summary).toBe(`Create the EventBridge rule "${SECURITY_HUB_RULE}" for new Security Hub CSPM findings labelled CRITICAL`);
    expect(JSON.parse(payload(plan, 2).rule.EventPattern).detail.findings.Severity.Label).toEqual(['CRITICAL']);
  });

  it('another enabled rule that already forwards every GuardDuty finding home is used as it is (no finding forwarded twice)', () => {
    const other = { definition: { Name: 'all-guardduty', EventPattern: '{"source":["aws.guardduty"],"detail-type":["GuardDuty Finding"]}', State: 'ENABLED' }, targets: [{ Id: 'x', Arn: HOME_BUS, RoleArn: ROLE }] };
    const plan = step.plan({ rules: [other] }, defaults, planCtx('eu-west-1'));
    expect(plan.changes).toEqual([]);
    expect(plan.notes).toEqual([expect.stringMatching(/"all-guardduty" already sends every GuardDuty finding to the default event bus of us-east-1/)]);
    // Only GuardDuty's runtime events, or disabled: it does not count.
    const runtime = { ...other, definition: { ...other.definition, EventPattern: '{"source":["aws.guardduty"],"detail-type":["GuardDuty Runtime Protection Unhealthy"]}' } };
    expect(actions(step.plan({ rules: [runtime] }, defaults, planCtx('eu-west-1')))).toEqual(['create-rule', 'add-target']);
    expect(actions(step.plan({ rules: [{ ...other, definition: { ...other.definition, State: 'DISABLED' } }] }, defaults, planCtx('eu-west-1')))).toEqual(['create-rule', 'add-target']);
  });

  it('a rule of its own with another threshold is put back to the input\'s, keeping the old one for undo', () => {
    const ours = { definition: { Name: GUARDDUTY_RULE, EventPattern: guardDutyPattern(4), State: 'ENABLED', Description: 'x' }, targets: [{ Id: 'home-event-bus', Arn: HOME_BUS, RoleArn: ROLE }] };
    const plan = step.plan({ rules: [ours] }, defaults, planCtx('eu-west-1'));
    expect(actions(plan)).toEqual(['update-rule']);
    expect(plan.changes[0]!.payload).toMatchObject({ rule: { EventPattern: guardDutyPattern(7) }, previous: ours.definition });
  });

  it('compliant when everything is there as wanted', () => {
    const home = step.plan(empty, defaults, planCtx('us-east-1'));
    const rules = [0, 2].map((i) => ({ definition: payload(home, i).rule as never, targets: [payload(home, i + 1).target as never] }));
    expect(step.plan({ rules, role: { arn: ROLE, trustPolicy: trustPolicy(), forwardPolicy: forwardPolicy(HOME_BUS), tags: {} } }, defaults, planCtx('us-east-1'))).toEqual({ changes: [], notes: [] });
  });

  it('leaves a rule of that name an AWS service manages alone, and skips where regions cannot forward', () => {
    const managed = { definition: { Name: SECURITY_HUB_RULE, EventPattern: '{"source":["aws.securityhub"]}', State: 'ENABLED' }, managedBy: 'securityhub.amazonaws.com', targets: [] };
    expect(step.plan({ rules: [managed] }, defaults, planCtx('us-east-1'))).toMatchObject({ changes: [], skipped: expect.stringMatching(/managed by securityhub\.amazonaws\.com/) });
    const cn = step.plan(empty, defaults, planCtx('cn-northwest-1', 'arn:aws-cn:sns:cn-north-1:123456789012:alerts', 'aws-cn'));
    expect(cn).toMatchObject({ changes: [], skipped: expect.stringMatching(/cannot send events to another region in the aws-cn partition/) });
  });

  it('refuses bad input with a clear message, and defaults to severity 7 and HIGH, CRITICAL', () => {
    expect(defaults).toEqual({ guardDutyMinSeverity: 7, securityHubLabels: ['HIGH', 'CRITICAL'] });
    const problem = (section: unknown) => step.inputs!.schema.safeParse(section).error?.issues[0]?.message;
    for (const severity of [0, 0.9, 10.1, 11, -7, 'high', '7']) expect(problem({ guardDutyMinSeverity: severity }), String(severity)).toMatch(/expected a GuardDuty severity from 1 to 10 \(Low 1–3\.9/);
    expect(step.inputs!.schema.safeParse({ guardDutyMinSeverity: 1 }).success).toBe(true);
    expect(step.inputs!.schema.safeParse({ guardDutyMinSeverity: 10 }).success).toBe(true);
    expect(problem({ securityHubLabels: ['SEVERE'] })).toMatch(/expected a Security Hub severity label: INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL/);
    expect(problem({ securityHubLabels: ['high'] })).toMatch(/expected a Security Hub severity label/);
    expect(problem({ securityHubLabels: [] })).toMatch(/at least one severity label/);
    expect(problem({ securityHubLabels: ['HIGH', 'HIGH'] })).toMatch(/listed twice/);
    expect(step.inputs!.schema.safeParse({ threshold: 7 }).success).toBe(false);
  });
});

describe('findings-alerts: in Japanese (issue 12)', () => {
  const shownIn = (plan: { changes: ReadonlyArray<{ summary: string }>; notes?: readonly string[]; skipped?: string }) => [...plan.changes.map((c) => c.summary), ...(plan.notes ?? []), ...(plan.skipped ? [plan.skipped] : [])];

  it('plans, validates and reports drift in Japanese, the costs included, with no English left', () => {
    const ja = withLanguage('ja', () => ({
      title: step.title,
      why: step.why,
      home: step.plan(empty, defaults, planCtx('us-east-1')),
      other: step.plan(empty, defaults, planCtx('eu-west-1')),
      covered: step.plan({ rules: [{ definition: { Name: 'all-guardduty', EventPattern: '{"source":["aws.guardduty"]}', State: 'ENABLED' }, targets: [{ Id: 'x', Arn: HOME_BUS, RoleArn: ROLE }] }] }, defaults, planCtx('eu-west-1')),
      managed: step.plan({ rules: [{ definition: { Name: SECURITY_HUB_RULE, EventPattern: '{"source":["aws.securityhub"]}', State: 'ENABLED' }, managedBy: 'securityhub.amazonaws.com', targets: [] }] }, defaults, planCtx('us-east-1')),
      errors: [{ guardDutyMinSeverity: 0 }, { securityHubLabels: ['SEVERE'] }, { securityHubLabels: [] }, { securityHubLabels: ['HIGH', 'HIGH'] }]
        .map((section) => step.inputs!.schema.safeParse(section).error!.issues[0]!.message),
      drift: step.undoDrift!({ rules: [] }, { kind: 'remove-target', description: '', change: { action: 'add-target', rule: GUARDDUTY_RULE, target: { Id: 'alerts-topic', Arn: TOPIC } } }),
    }));
    expect(ja.title).toBe('重大な検出結果が E メールで届く');
    expect(ja.home.changes.map((c) => c.summary).slice(0, 4)).toEqual([
      `重要度 7 以上の GuardDuty の検出結果用の EventBridge ルール「${GUARDDUTY_RULE}」を作成する`,
      '該当する各 GuardDuty の検出結果を読みやすい形でアラート用トピックに E メールで送信する',
      `重要度ラベルが HIGH または CRITICAL の新しい Security Hub CSPM の検出結果用の EventBridge ルール「${SECURITY_HUB_RULE}」を作成する`,
      '該当する各 Security Hub CSPM の検出結果を読みやすい形でアラート用トピックに E メールで送信する',
    ]);
    expect(ja.other.changes[1]!.summary).toBe('該当する各 GuardDuty の検出結果を us-east-1 のデフォルトのイベントバスに転送する');
    expect(ja.home.notes!.join('\n')).toMatch(/us-east-1 の検出結果アグリゲーター \(security-hub ステップが作成します\)/);
    expect(ja.home.notes!.join('\n')).toMatch(/^料金: GuardDuty や Security Hub CSPM の検出結果のような AWS のサービスのイベントにも/m);
    expect(ja.covered.notes).toEqual(['ルール「all-guardduty」がすでにすべての GuardDuty の検出結果を us-east-1 のデフォルトのイベントバスに送信しています。このルールをそのまま使います。']);
    expect(ja.managed.skipped).toBe(`EventBridge ルール「${SECURITY_HUB_RULE}」は securityhub.amazonaws.com が管理しているため、変更しません`);
    expect(ja.errors).toEqual([
      'GuardDuty の重要度 (1〜10) を指定してください (低 1〜3.9、中 4〜6.9、高 7〜8.9、重大 9〜10)',
      'Security Hub の重要度ラベルを指定してください: INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL',
      '重要度ラベルを 1 つ以上指定してください (デフォルト: HIGH と CRITICAL)',
      '同じラベルが 2 回指定されています',
    ]);
    expect(ja.drift).toBe(`ルール「${GUARDDUTY_RULE}」はもう ${TOPIC} に送信していない`);
    for (const text of [ja.title, ja.why, ...shownIn(ja.home), ...shownIn(ja.other), ...shownIn(ja.covered), ...shownIn(ja.managed), ...ja.errors, ja.drift!]) {
      expect(englishLeft(text), text).toEqual([]);
    }
  });

  it('the emails, in Japanese, read as a person needs them (the values as the services send them)', () => {
    const [guardDuty, securityHub] = withLanguage('ja', () => [guardDutyEmail(), securityHubEmail()]);
    expect(transform(guardDuty!, guardDutyEvent(8, 'ap-northeast-1')).split('\n').slice(0, 5)).toEqual([
      'GuardDuty の検出結果: Credentials for instance role web-role used from external IP address.',
      '重要度: 8 (高 7〜8.9、重大 9〜10)',
      '検出結果タイプ: UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
      'リソース: AccessKey',
      `アカウント ${ACCOUNT}、リージョン ap-northeast-1`,
    ]);
    const text = transform(securityHub!, securityHubEvent({ region: 'eu-west-1' })).split('\n');
    expect(text[1]).toBe('重要度: HIGH (検出元: Security Hub)');
    expect(text[6]).toMatch(/^ワークフローステータスが NEW の間は/);
    // The same paths in both languages: only the words around the values differ.
    expect(guardDuty!.InputPathsMap).toEqual(guardDutyEmail().InputPathsMap);
    for (const line of withLanguage('ja', () => [...guardDutyEmailLines(), ...securityHubEmailLines()])) expect(englishLeft(line), line).toEqual([]);
  });
});
