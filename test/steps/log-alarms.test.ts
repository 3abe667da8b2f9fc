import { describe, expect, it } from 'vitest';
import step, { ALARM_SPECS, canonicalPattern, METRIC_NAMESPACE, nameOf, type AlarmDefinition, type FilterDefinition, type LogAlarmsInputs, type LogAlarmsState, type LogAlarmsUndo } from '../../steps/log-alarms.js';
import { patternParses } from '../../src/sim/services/logs-metric-filters.js';
import { formatIssues } from '../../src/validate.js';
import { applyAll, undoAll } from '../support/apply.js';
import { simEnv } from '../support/sim.js';
import { addLogGroup, HOME, LOG_GROUP, planCtx, provided, TOPIC_ARN } from './log-alarms.standins.js';

const inputs = (section: Record<string, unknown> = {}): LogAlarmsInputs => step.inputs!.schema.parse(section);
const state = (filters: FilterDefinition[] = [], alarms: AlarmDefinition[] = []): LogAlarmsState => ({ filters, alarms, alarmTags: {} });
const spec = (id: string) => ALARM_SPECS.find((s) => s.id === id)!;

function issuesOf(section: Record<string, unknown>): string[] {
  const result = step.inputs!.schema.safeParse(section);
  if (result.success) throw new Error(`expected ${JSON.stringify(section)} to be rejected`);
  return formatIssues(result.error, 'log-alarms');
}

/**
 * The patterns exactly as the AWS Security Hub User Guide prints them for CloudWatch.1–14
 * (remediation, "Copy the following pattern"). A typo in a pattern fails silently on AWS: the
 * filter never matches. This second copy makes an edit of the template fail here instead.
 */
const PUBLISHED: Record<string, string> = {
  'CloudWatch.1': '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  'CloudWatch.2': '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
  'CloudWatch.3': '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  'CloudWatch.4': '{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}',
  'CloudWatch.5': '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
  'CloudWatch.6': '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  'CloudWatch.7': '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
  'CloudWatch.8': '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
  'CloudWatch.9': '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
  'CloudWatch.10': '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
  'CloudWatch.11': '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}',
  'CloudWatch.12': '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}',
  // CIS AWS Foundations v3.0 (audit of 4.13) and Prowler's check expect the eventSource clause; see ROUTE_TABLE_SECURITY_HUB.
  'CloudWatch.13': '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }',
  'CloudWatch.14': '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}',
};

/** The route-table pattern as the Security Hub page prints it for CloudWatch.13 (no eventSource clause): accepted where it is found. */
const ROUTE_TABLE_SECURITY_HUB = '{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}';
/** CIS v1.5's AWS Organizations pattern (18 event names, before Prowler's 21): accepted where it is found. */
const ORGANIZATIONS_CIS_1_5 = '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }';

/**
 * Every other pattern of the template, whole (a misspelt event source or name fails here). The
 * Organizations one has Prowler's 21 event names, in the order its check's regular expression
 * reads them.
 */
const OTHERS: Record<string, string> = {
  'organizations-changes': '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CancelHandshake") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganization") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "EnableAllFeatures") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdateOrganizationalUnit") || ($.eventName = "UpdatePolicy")) }',
  'iam-user-created': '{($.eventSource=iam.amazonaws.com) && ($.eventName=CreateUser)}',
  'access-key-created': '{($.eventSource=iam.amazonaws.com) && ($.eventName=CreateAccessKey)}',
  'iam-role-changes': '{($.eventSource=iam.amazonaws.com) && (($.eventName=CreateRole) || ($.eventName=DeleteRole) || ($.eventName=UpdateRole) || ($.eventName=UpdateAssumeRolePolicy))}',
  'assume-role-failures': '{(($.eventSource=sts.amazonaws.com) && ($.eventName=AssumeRole) && ($.errorCode="*")) || (($.eventSource=signin.amazonaws.com) && ($.eventName=SwitchRole) && ($.responseElements.SwitchRole=Failure))}',
};

/** A filter someone else made with CIS's spacing and quoting of the CloudWatch.1 pattern. */
const cisRootFilter: FilterDefinition = {
  logGroupName: LOG_GROUP,
  filterName: 'CIS-RootAccountUsage',
  filterPattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  metricTransformations: [{ metricName: 'RootUsage', metricNamespace: 'CISBenchmark', metricValue: '1' }],
};
const cisRootAlarm = (actions = [TOPIC_ARN]): AlarmDefinition => ({
  AlarmName: 'CIS-1.1-RootAccountUsage', ActionsEnabled: true, AlarmActions: actions, MetricName: 'RootUsage', Namespace: 'CISBenchmark',
  Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold',
});

describe('log-alarms catalogue (templates/log-alarms.json)', () => {
  it('has the 14 CloudWatch controls with AWS\'s patterns character for character, each with its source', () => {
    const controls = ALARM_SPECS.filter((s) => s.control.startsWith('CloudWatch.'));
    expect(Object.fromEntries(controls.map((s) => [s.control, s.filterPattern]))).toEqual(PUBLISHED);
    for (const s of controls) expect(s.source).toContain(`cloudwatch-controls.html#cloudwatch-${s.control.split('.')[1]}`);
  });

  it('pins every other pattern whole, and the older published forms it still takes as done', () => {
    const others = ALARM_SPECS.filter((s) => !s.control.startsWith('CloudWatch.'));
    expect(Object.fromEntries(others.map((s) => [s.id, s.filterPattern]))).toEqual(OTHERS);
    expect(Object.fromEntries(ALARM_SPECS.filter((s) => s.olderPatterns.length).map((s) => [s.id, s.olderPatterns.map((o) => o.filterPattern)]))).toEqual({
      'route-table-changes': [ROUTE_TABLE_SECURITY_HUB],
      'organizations-changes': [ORGANIZATIONS_CIS_1_5],
    });
  });

  it('names the source each pattern follows, short enough for the preview', () => {
    expect(Object.fromEntries(ALARM_SPECS.map((s) => [s.id, s.follows]))).toEqual({
      ...Object.fromEntries(ALARM_SPECS.slice(0, 14).map((s) => [s.id, 'AWS Security Hub CSPM'])),
      'route-table-changes': 'CIS AWS Foundations v3.0 4.13 / Prowler',
      'organizations-changes': 'CIS AWS Foundations v3.0 4.15 / Prowler',
      ...Object.fromEntries(ALARM_SPECS.slice(15).map((s) => [s.id, 'aws-bootstrap'])),
    });
    expect(spec('route-table-changes').source).toMatch(/CIS Amazon Web Services Foundations Benchmark v3\.0\.0.*4\.13.*Prowler/);
    expect(spec('organizations-changes').source).toMatch(/CIS Amazon Web Services Foundations Benchmark v3\.0\.0.*4\.15.*Prowler/);
  });

  it('adds CIS 4.15 (Organizations) and the checklist\'s user, access key, role and failed role-switch alarms', () => {
    expect(ALARM_SPECS.map((s) => s.id).slice(14)).toEqual(['organizations-changes', 'iam-user-created', 'access-key-created', 'iam-role-changes', 'assume-role-failures']);
    const organizations = spec('organizations-changes').filterPattern;
    // The 21 event names Prowler's check requires.
    for (const event of ['AcceptHandshake', 'AttachPolicy', 'CancelHandshake', 'CreateAccount', 'CreateOrganization', 'CreateOrganizationalUnit', 'CreatePolicy', 'DeclineHandshake', 'DeleteOrganization', 'DeleteOrganizationalUnit', 'DeletePolicy', 'EnableAllFeatures', 'EnablePolicyType', 'InviteAccountToOrganization', 'LeaveOrganization', 'DetachPolicy', 'DisablePolicyType', 'MoveAccount', 'RemoveAccountFromOrganization', 'UpdateOrganizationalUnit', 'UpdatePolicy']) {
      expect(organizations).toContain(`($.eventName = "${event}")`);
    }
    expect(spec('iam-user-created').filterPattern).toContain('$.eventName=CreateUser');
    expect(spec('access-key-created').filterPattern).toContain('$.eventName=CreateAccessKey');
    // Only repeated failures alarm: see thresholdReason in the template.
    expect(ALARM_SPECS.filter((s) => s.threshold !== 1).map((s) => [s.id, s.threshold])).toEqual([['assume-role-failures', 3]]);
  });

  it('every pattern parses and fits PutMetricFilter (at most 1024 characters); ids, names and metrics are unique', () => {
    for (const s of ALARM_SPECS) {
      expect(patternParses(s.filterPattern), s.id).toBe(true);
      expect(s.filterPattern.length, s.id).toBeLessThanOrEqual(1024);
    }
    for (const values of [ALARM_SPECS.map(nameOf), ALARM_SPECS.map((s) => s.metricName)]) expect(new Set(values).size).toBe(ALARM_SPECS.length);
    expect(METRIC_NAMESPACE).toBe('LogMetrics');
  });

  it('compares patterns regardless of spacing and of quotes around plain values, not of content', () => {
    expect(canonicalPattern(cisRootFilter.filterPattern)).toBe(canonicalPattern(PUBLISHED['CloudWatch.1']!));
    expect(canonicalPattern('{ ($.eventName = "ConsoleLogin") }')).toBe(canonicalPattern('{($.eventName=ConsoleLogin)}'));
    expect(canonicalPattern('{ $.errorMessage = "Failed authentication" }')).not.toBe(canonicalPattern('{ $.errorMessage = "Failedauthentication" }'));
    expect(canonicalPattern('{ $.eventName = CreateUser }')).not.toBe(canonicalPattern('{ $.eventName = CreateUsers }'));
  });
});

describe('log-alarms inputs', () => {
  it('leaves nothing out by default, and takes known alarm ids to leave out', () => {
    expect(inputs()).toEqual({ exclude: [] });
    expect(inputs({ exclude: ['unauthorized-api-calls'] }).exclude).toEqual(['unauthorized-api-calls']);
  });

  it('refuses an unknown id, one listed twice, and unknown keys', () => {
    expect(issuesOf({ exclude: ['root'] })[0]).toMatch(/^log-alarms\.exclude\.0: expected one of: root-account-usage, unauthorized-api-calls, /);
    expect(issuesOf({ exclude: ['vpc-changes', 'vpc-changes'] })).toEqual(['log-alarms.exclude: the same alarm is listed twice']);
    expect(issuesOf({ alarms: [] })[0]).toMatch(/alarms/);
  });
});

describe('log-alarms plan', () => {
  it('plans a filter and an alarm per kind of event on a fresh account, and states the monthly cost', () => {
    const plan = step.plan(state(), inputs(), planCtx);
    expect(plan.changes).toHaveLength(2 * ALARM_SPECS.length);
    const [filter, alarm] = plan.changes;
    expect(filter).toMatchObject({
      summary: 'Add the metric filter "aws-bootstrap-root-account-usage"',
      before: { 'metric filter': 'none with the CloudWatch.1 pattern' },
      after: { 'metric filter': 'the CloudWatch.1 pattern (AWS Security Hub CSPM), counted as LogMetrics/RootAccountUsage' },
      payload: { action: 'put-filter', filter: { logGroupName: LOG_GROUP, filterName: 'aws-bootstrap-root-account-usage', filterPattern: PUBLISHED['CloudWatch.1'], metricTransformations: [{ metricName: 'RootAccountUsage', metricNamespace: 'LogMetrics', metricValue: '1' }] } },
    });
    expect(alarm).toMatchObject({
      summary: 'Create the alarm "aws-bootstrap-root-account-usage" (CloudWatch.1: root user activity)',
      before: { alarm: 'none notifies the alerts topic' },
      after: { alarm: 'Sum ≥ 1 in 5 minutes of LogMetrics/RootAccountUsage, notifies aws-bootstrap-alerts' },
      payload: { action: 'put-alarm', alarm: { AlarmName: 'aws-bootstrap-root-account-usage', Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching', AlarmActions: [TOPIC_ARN], ActionsEnabled: true } },
    });
    expect(plan.changes.find((c) => c.summary.includes('assume-role-failures') && c.payload.action === 'put-alarm')!.after).toEqual({ alarm: 'Sum ≥ 3 in 5 minutes of LogMetrics/AssumeRoleFailures, notifies aws-bootstrap-alerts' });
    expect(plan.notes).toContain('Cost: 19 new alarms × about USD 0.10 a month = about USD 1.90 a month (the AWS Free Tier covers 10 alarms per account). Metric filters are free; each metric they publish is billed as a custom metric (about USD 0.30 a month) only for the hours in which a matching event is logged.');
  });

  it('counts a filter with the same pattern under another name as done, and an alarm on its metric that notifies the topic', () => {
    const plan = step.plan(state([cisRootFilter], [cisRootAlarm()]), inputs(), planCtx);
    expect(plan.changes.filter((c) => c.payload.id === 'root-account-usage')).toEqual([]);
    expect(plan.notes).toContain('Already watched: root user activity (filter "CIS-RootAccountUsage", alarm "CIS-1.1-RootAccountUsage").');
    expect(plan.notes!.find((n) => n.startsWith('Cost:'))).toMatch(/^Cost: 18 new alarms .* about USD 1.80 a month/);
  });

  it('counts a filter with an older published pattern as done (no needless replacement), and says which source it follows', () => {
    const older = (id: string, filterPattern: string): FilterDefinition => ({
      logGroupName: LOG_GROUP, filterName: nameOf(spec(id)), filterPattern, metricTransformations: [{ metricName: spec(id).metricName, metricNamespace: 'LogMetrics', metricValue: '1' }],
    });
    const filters = [older('route-table-changes', ROUTE_TABLE_SECURITY_HUB), older('organizations-changes', ORGANIZATIONS_CIS_1_5)];
    const plan = step.plan(state(filters), inputs(), planCtx);
    expect(plan.changes.filter((c) => ['route-table-changes', 'organizations-changes'].includes(c.payload.id)).map((c) => c.payload.action)).toEqual(['put-alarm', 'put-alarm']);
    expect(plan.notes).toContain('The metric filter "aws-bootstrap-route-table-changes" has the older published pattern of AWS Security Hub CSPM (CloudWatch.13); it is kept. The current one (CIS AWS Foundations v3.0 4.13 / Prowler) also checks the event source.');
    expect(plan.notes!.find((n) => n.includes('aws-bootstrap-organizations-changes'))).toMatch(/^The metric filter "aws-bootstrap-organizations-changes" has the older published pattern of CIS AWS Foundations v1\.5 4\.15; it is kept\. The current one \(CIS AWS Foundations v3\.0 4\.15 \/ Prowler\) also catches CancelHandshake, CreateOrganization and EnableAllFeatures\./);
    // A new filter's preview names the source its pattern follows.
    expect(step.plan(state(), inputs(), planCtx).changes.find((c) => c.payload.id === 'route-table-changes')!.after)
      .toEqual({ 'metric filter': 'the CloudWatch.13 pattern (CIS AWS Foundations v3.0 4.13 / Prowler), counted as LogMetrics/RouteTableChanges' });
  });

  it('adds only the alarm where the filter is there but no alarm on its metric notifies the topic, and names the one that does not', () => {
    const elsewhere = cisRootAlarm(['arn:aws:sns:us-east-1:123456789012:someone-else']);
    const plan = step.plan(state([cisRootFilter], [elsewhere, { ...cisRootAlarm(), AlarmName: 'disabled', ActionsEnabled: false }]), inputs(), planCtx);
    const root = plan.changes.filter((c) => c.payload.id === 'root-account-usage');
    expect(root.map((c) => c.payload.action)).toEqual(['put-alarm']);
    expect(root[0]!.payload).toMatchObject({ alarm: { MetricName: 'RootUsage', Namespace: 'CISBenchmark' } });
    expect(plan.notes).toContain('The alarm "CIS-1.1-RootAccountUsage" watches CISBenchmark/RootUsage but does not notify the alerts topic; it is left as it is.');
  });

  it('ignores filters on other log groups, with another pattern, or with dimensions (no alarm can watch them plainly)', () => {
    const others: FilterDefinition[] = [
      { ...cisRootFilter, logGroupName: '/other/group' },
      { ...cisRootFilter, filterName: 'narrower', filterPattern: `${cisRootFilter.filterPattern.slice(0, -1)} && $.awsRegion = "eu-west-1" }` },
      { ...cisRootFilter, filterName: 'by-user', metricTransformations: [{ metricName: 'RootUsage', metricNamespace: 'CISBenchmark', metricValue: '1', dimensions: { user: '$.userIdentity.arn' } }] },
    ];
    const plan = step.plan(state(others), inputs(), planCtx);
    expect(plan.changes.filter((c) => c.payload.id === 'root-account-usage').map((c) => c.payload.action)).toEqual(['put-filter', 'put-alarm']);
  });

  it('replaces a same-named filter or alarm that differs, keeping what it was for undo', () => {
    const oldFilter: FilterDefinition = { ...cisRootFilter, filterName: 'aws-bootstrap-root-account-usage', filterPattern: '{$.userIdentity.type="Root"}' };
    const oldAlarm: AlarmDefinition = { ...cisRootAlarm(['arn:aws:sns:us-east-1:123456789012:old']), AlarmName: 'aws-bootstrap-root-account-usage' };
    const plan = step.plan(state([oldFilter], [oldAlarm]), inputs(), planCtx);
    const [filter, alarm] = plan.changes.filter((c) => c.payload.id === 'root-account-usage');
    expect(filter).toMatchObject({ summary: expect.stringMatching(/^Replace the metric filter/), payload: { previous: oldFilter } });
    expect(alarm).toMatchObject({ summary: expect.stringMatching(/^Replace the alarm/), payload: { previous: oldAlarm } });
    // A replaced alarm is no new cost.
    expect(plan.notes!.find((n) => n.startsWith('Cost:'))).toMatch(/^Cost: 18 new alarms/);
  });

  it('leaves out what exclude names, and says so', () => {
    const plan = step.plan(state(), inputs({ exclude: ['unauthorized-api-calls', 'assume-role-failures'] }), planCtx);
    expect(new Set(plan.changes.map((c) => c.payload.id)).size).toBe(ALARM_SPECS.length - 2);
    expect(plan.notes).toContain('Left out (exclude): unauthorized-api-calls, assume-role-failures.');
  });

  it('is compliant, with no cost note, once every filter and alarm is there', () => {
    const plan = step.plan(state(), inputs(), planCtx);
    const filters = plan.changes.flatMap((c) => (c.payload.action === 'put-filter' ? [c.payload.filter] : []));
    const alarms = plan.changes.flatMap((c) => (c.payload.action === 'put-alarm' ? [c.payload.alarm] : []));
    expect(step.plan(state(filters, alarms), inputs(), planCtx)).toEqual({ changes: [], notes: [] });
  });

  it('reads "absent" and "empty" alike: alarms read back with Metrics: [] and empty lists, filters with dimensions {}, are what it made', () => {
    const plan = step.plan(state(), inputs(), planCtx);
    const filters = plan.changes.flatMap((c) => (c.payload.action === 'put-filter' ? [c.payload.filter] : []));
    const alarms = plan.changes.flatMap((c) => (c.payload.action === 'put-alarm' ? [c.payload.alarm] : []));
    // As the Query protocol, or an AWS-compatible endpoint, may answer where AWS leaves the field out.
    const readBack = state(
      filters.map((f) => ({ ...f, metricTransformations: f.metricTransformations.map((m) => ({ ...m, dimensions: {} })) })),
      alarms.map((a) => ({ ...a, Metrics: [], Dimensions: [], OKActions: [], InsufficientDataActions: [] })),
    );
    expect(step.plan(readBack, inputs(), planCtx)).toEqual({ changes: [], notes: [] });
    const records = plan.changes.map((c): LogAlarmsUndo => (c.payload.action === 'put-filter'
      ? { kind: 'delete-metric-filter', description: '', change: c.payload }
      : { kind: 'delete-alarm', description: '', change: c.payload }));
    for (const record of records) expect(step.undoDrift!(readBack, record)).toBeUndefined();
  });

  it('is skipped, with what to do, when the trail delivers to a log group in another region than the topic\'s', () => {
    const elsewhere = { ...provided, cloudtrail: { ...provided.cloudtrail, logGroupName: '/trail', logGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/trail' } };
    const plan = step.plan(state(), inputs(), { ...planCtx, provided: elsewhere });
    expect(plan).toEqual({ changes: [], skipped: expect.stringMatching(/^the trail delivers to the log group \/trail in eu-west-1, not in the home region us-east-1, where the alerts topic is; .* Run with --region eu-west-1/) });
  });

  it('is skipped without the log group or the topic (the engine skips it first, with the reason)', () => {
    expect(step.plan(state(), inputs(), { ...planCtx, provided: { cloudtrail: provided.cloudtrail } }).skipped).toMatch(/needs the CloudTrail log group and the alerts topic/);
  });
});

describe('log-alarms against the simulated account', () => {
  it('makes every filter and alarm, reads them back as compliant, and undo deletes them all', async () => {
    const { sim, ctx } = simEnv();
    addLogGroup(sim.state);
    const context = { ...ctx(HOME), provided };
    const plan = step.plan(await step.observe(context), inputs(), planCtx);
    const undos = (await applyAll(step, context, plan, inputs())) as LogAlarmsUndo[];
    const region = sim.state.regional[HOME]!;
    expect(region.metricFilters).toHaveLength(ALARM_SPECS.length);
    expect(region.alarms!.map((a) => a.AlarmName).sort()).toEqual(ALARM_SPECS.map(nameOf).sort());
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(ALARM_SPECS.flatMap(() => ['PutMetricFilter', 'PutMetricAlarm']));
    expect(undos.map((u) => u.kind)).toEqual(ALARM_SPECS.flatMap(() => ['delete-metric-filter', 'delete-alarm']));
    expect(undos.slice(0, 2).map((u) => u.description)).toEqual([
      `Delete the metric filter "aws-bootstrap-root-account-usage" on ${LOG_GROUP} (it did not exist before)`,
      'Delete the alarm "aws-bootstrap-root-account-usage" in us-east-1 (it did not exist before)',
    ]);

    const after = await step.observe(context);
    expect(step.plan(after, inputs(), planCtx).changes).toEqual([]);
    for (const undo of undos) expect(step.undoDrift!(after, undo)).toBeUndefined();

    await undoAll(step, context, undos);
    expect(region.metricFilters).toEqual([]);
    expect(region.alarms).toEqual([]);
    const gone = await step.observe(context);
    expect(step.undoDrift!(gone, undos[0]!)).toBe(`the metric filter "aws-bootstrap-root-account-usage" on ${LOG_GROUP} no longer exists`);
    expect(step.undoDrift!(gone, undos[1]!)).toBe('the alarm "aws-bootstrap-root-account-usage" no longer exists');
  });

  it('an alarm of its name that appears between plan and apply is overwritten but keeps its own tags, and undo does not take it for this run\'s', async () => {
    const { sim, ctx } = simEnv();
    addLogGroup(sim.state);
    const context = { ...ctx(HOME), provided, runId: 'run-1' };
    const only = inputs({ exclude: ALARM_SPECS.slice(1).map((s) => s.id) });
    const plan = step.plan(await step.observe(context), only, { ...planCtx, runId: 'run-1' });
    const { client, sdk } = await context.aws.use('cloudwatch');
    await client.send(new sdk.PutMetricAlarmCommand({ ...cisRootAlarm(), AlarmName: nameOf(ALARM_SPECS[0]!), Tags: [{ Key: 'owner', Value: 'someone' }] }));
    const undos = (await applyAll(step, context, plan, only)) as LogAlarmsUndo[];
    expect(undos.map((u) => u.kind)).toEqual(['delete-metric-filter', 'delete-alarm']);
    // CloudWatch ignores the Tags of a put that updates an alarm.
    expect(sim.state.regional[HOME]!.alarms![0]!.Tags).toEqual([{ Key: 'owner', Value: 'someone' }]);
    const after = await step.observe({ ...context, readTags: true });
    expect(step.undoDrift!(after, undos[1]!, { runId: 'run-1' })).toBe('the alarm "aws-bootstrap-root-account-usage" was not created by this run: no aws-bootstrap:run tag');
    expect(step.undoDrift!(after, undos[0]!, { runId: 'run-1' })).toBeUndefined();
  });

  it('reads its alarms\' tags only for undo\'s check (readTags): no plan decides on them', async () => {
    const { sim, ctx } = simEnv();
    addLogGroup(sim.state);
    const context = { ...ctx(HOME), provided, runId: 'run-1' };
    await applyAll(step, context, step.plan(await step.observe(context), inputs(), { ...planCtx, runId: 'run-1' }), inputs());
    const tagReads = () => sim.calls.filter((c) => c.action === 'ListTagsForResource').length;
    const before = tagReads();
    const plain = await step.observe(context);
    expect(tagReads()).toBe(before);
    expect(plain.alarmTags).toEqual({});
    const forUndo = await step.observe({ ...context, readTags: true });
    expect(tagReads()).toBe(before + ALARM_SPECS.length);
    expect(Object.keys(forUndo.alarmTags)).toHaveLength(ALARM_SPECS.length);
  });

  it('undo puts back the filter and alarm it replaced, and sees a change made since', async () => {
    const { sim, ctx } = simEnv();
    addLogGroup(sim.state);
    const context = { ...ctx(HOME), provided };
    const { client: logs, sdk: logsSdk } = await context.aws.use('logs');
    const { client: cloudwatch, sdk: cloudwatchSdk } = await context.aws.use('cloudwatch');
    const oldPattern = '{$.userIdentity.type="Root"}';
    await logs.send(new logsSdk.PutMetricFilterCommand({ logGroupName: LOG_GROUP, filterName: 'aws-bootstrap-root-account-usage', filterPattern: oldPattern, metricTransformations: [{ metricName: 'Old', metricNamespace: 'Mine', metricValue: '1' }] }));
    await cloudwatch.send(new cloudwatchSdk.PutMetricAlarmCommand({ ...cisRootAlarm(), AlarmName: 'aws-bootstrap-root-account-usage', MetricName: 'Old', Namespace: 'Mine', AlarmActions: [] }));
    const plan = step.plan(await step.observe(context), inputs({ exclude: ALARM_SPECS.slice(1).map((s) => s.id) }), planCtx);
    const undos = (await applyAll(step, context, plan, inputs())) as LogAlarmsUndo[];
    expect(undos.map((u) => u.kind)).toEqual(['restore-metric-filter', 'restore-alarm']);
    expect(undos[1]!.description).toBe('Put back the alarm "aws-bootstrap-root-account-usage" in us-east-1 as it was before this run');
    expect(sim.state.regional[HOME]!.metricFilters).toMatchObject([{ filterPattern: PUBLISHED['CloudWatch.1'] }]);

    // Someone edits the filter and raises the threshold since: undo sees both.
    await logs.send(new logsSdk.PutMetricFilterCommand({ ...(plan.changes[0]!.payload as { filter: FilterDefinition }).filter, filterPattern: '{$.userIdentity.type="Root"}' } as never));
    expect(step.undoDrift!(await step.observe(context), undos[0]!)).toBe(`the metric filter "aws-bootstrap-root-account-usage" on ${LOG_GROUP} was changed since this run`);
    await cloudwatch.send(new cloudwatchSdk.PutMetricAlarmCommand({ ...(plan.changes[1]!.payload as { alarm: AlarmDefinition }).alarm, Threshold: 10 } as never));
    expect(step.undoDrift!(await step.observe(context), undos[1]!)).toMatch(/^the alarm "aws-bootstrap-root-account-usage" was changed since this run \(now Sum ≥ 10 in 5 minutes/);

    await undoAll(step, context, undos);
    expect(sim.state.regional[HOME]!.metricFilters).toMatchObject([{ filterPattern: oldPattern, metricTransformations: [{ metricName: 'Old' }] }]);
    expect(sim.state.regional[HOME]!.alarms).toMatchObject([{ AlarmName: 'aws-bootstrap-root-account-usage', MetricName: 'Old', AlarmActions: [] }]);
  });
});
