/**
 * `--org`: one organization trail and the log archive account's buckets. The trail is made once
 * in the management account, delivers to the log archive account, covers every account (the
 * per-account cloudtrail and config-bucket steps are not run), every account's Config delivers to
 * the log archive bucket, and the log alarms are set only where the trail's log group is.
 */
import { describe, expect, it } from 'vitest';
import { checklist } from '../../steps/index.js';
import { organizationAccountState } from '../../src/sim/organization-state.js';
import type { SimState } from '../../src/sim/state.js';
import type { SimTrail } from '../../src/sim/alerting-state.js';
import { freshOrganization, mutationsByAccount, runOrgAgainst, undoOrgAgainst } from './support.js';

const SECURITY = '210987654301';
const LOG_ARCHIVE = '210987654302';
const MANAGEMENT = '123456789012';
const HOME = 'us-east-1';
const chosen = { securityAccount: SECURITY, logArchiveAccount: LOG_ARCHIVE };
const steps = checklist.filter((s) => ['alerts-topic', 'cloudtrail', 'log-alarms', 'config-bucket', 'aws-config'].includes(s.id));
const TRAIL_BUCKET = `aws-bootstrap-cloudtrail-${LOG_ARCHIVE}-${HOME}`;
const CONFIG_BUCKET = `aws-bootstrap-config-${LOG_ARCHIVE}-${HOME}`;

type Org = ReturnType<typeof freshOrganization>;
const root = (org: Org) => org.management.state;
const activeIds = (org: Org) => root(org).organization!.accounts.filter((a) => a.State === 'ACTIVE').map((a) => a.Id);
const stateOf = (org: Org, id: string) => organizationAccountState(root(org), id)!;
const trailsOf = (state: SimState): SimTrail[] => Object.values(state.regional).flatMap((r) => r.trails ?? []);
const allTrails = (org: Org) => activeIds(org).flatMap((id) => trailsOf(stateOf(org, id)));
const rows = (report: Awaited<ReturnType<typeof runOrgAgainst>>['report'], account: string, step: string) =>
  report.accounts.find((a) => a.account === account)!.report!.results.filter((r) => r.step === step);

describe('--org: the organization trail and the log archive account', () => {
  it('a fresh organization gets one trail for every account, its logs in the log archive account, and alarms only where the trail\'s group is', async () => {
    const org = freshOrganization({ members: 2, securityAccounts: true });
    const { report, output } = await runOrgAgainst(org, { steps, organization: chosen });
    const mine = report.organization!.results.filter((r) => ['organization-log-archive', 'organization-trail'].includes(r.step));
    expect(mine.map((r) => [r.step, r.status]), JSON.stringify(mine)).toEqual([['organization-log-archive', 'changed'], ['organization-trail', 'changed']]);
    // One trail in the whole organization: the management account's organization trail, logging, into the log archive account.
    expect(allTrails(org).map((t) => [t.TrailARN, t.IsOrganizationTrail, t.IsMultiRegionTrail, t.LogFileValidationEnabled, t.S3BucketName, t.isLogging])).toEqual([
      [`arn:aws:cloudtrail:${HOME}:${MANAGEMENT}:trail/aws-bootstrap-organization-trail`, true, true, true, TRAIL_BUCKET, true],
    ]);
    expect(root(org).organization!.trustedServices!.map((t) => t.ServicePrincipal)).toContain('cloudtrail.amazonaws.com');
    // The buckets are the log archive account's only; no account has a log bucket of its own.
    expect(Object.keys(stateOf(org, LOG_ARCHIVE).s3Buckets ?? {}).sort()).toEqual([TRAIL_BUCKET, CONFIG_BUCKET]);
    for (const id of activeIds(org).filter((a) => a !== LOG_ARCHIVE)) expect(Object.keys(stateOf(org, id).s3Buckets ?? {}), id).toEqual([]);
    for (const id of activeIds(org)) {
      const state = stateOf(org, id);
      // Every account's Config delivers there, in every region, with its own role.
      for (const region of Object.keys(state.regional)) {
        expect(state.regional[region]!.deliveryChannels?.map((c) => c.s3BucketName), `${id} ${region}`).toEqual([CONFIG_BUCKET]);
        expect(state.regional[region]!.configRecorders?.[0]?.roleARN, `${id} ${region}`).toBe(`arn:aws:iam::${id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`);
      }
      // The per-account trail and bucket steps are covered.
      expect(rows(report, id, 'cloudtrail').map((r) => [r.status, r.detail])).toEqual([['skipped', 'covered by the organization (organization-trail)']]);
      expect(rows(report, id, 'config-bucket').map((r) => [r.status, r.detail])).toEqual([['skipped', 'covered by the organization (organization-log-archive)']]);
      // The alarms: in the management account, on the organization trail's group; elsewhere skipped with the reason.
      const alarms = rows(report, id, 'log-alarms');
      if (id === MANAGEMENT) {
        expect(alarms.map((r) => r.status), JSON.stringify(alarms)).toEqual(['changed']);
        expect(state.regional[HOME]!.metricFilters?.every((f) => f.logGroupName === '/aws-bootstrap/organization-trail')).toBe(true);
      } else {
        expect(alarms.map((r) => [r.status, r.detail]), id).toEqual([['skipped', `the organization trail's log group is in ${MANAGEMENT}; its alarms are set there`]]);
        expect(state.regional[HOME]!.metricFilters ?? [], id).toEqual([]);
      }
    }
    expect(output).toMatch(/Create the organization trail aws-bootstrap-organization-trail/);
    // An account created later sees the organization trail at once.
    const later = org.addAccount('later');
    expect(trailsOf(stateOf(org, later))).toEqual([]);
    const { client, sdk } = await (await import('../../src/sim/clients.js')).simulatedClients(org.account(later)).forRegion(HOME).use('cloudtrail');
    expect((await client.send(new sdk.DescribeTrailsCommand({}))).trailList!.map((t) => t.IsOrganizationTrail)).toEqual([true]);
  });

  it('an account the member role cannot reach (invited, without the role) is left to its own run; the log archive and trail are still made', async () => {
    const org = freshOrganization({ members: 1, invited: 1, securityAccounts: true });
    const { report, output } = await runOrgAgainst(org, { steps: checklist.filter((s) => s.id === 'cloudtrail'), organization: chosen });
    const mine = report.organization!.results.filter((r) => ['organization-log-archive', 'organization-trail'].includes(r.step));
    expect(mine.map((r) => r.status), JSON.stringify(mine)).toEqual(['changed', 'changed']);
    expect(output).toMatch(/AWS Config's role could not be checked in 210987654304 \(invited-4\)/);
  });

  it('a second run and a dry run make no change anywhere', async () => {
    const fresh = freshOrganization({ members: 1, securityAccounts: true });
    const dry = await runOrgAgainst(fresh, { steps, organization: chosen, dryRun: true });
    expect([...mutationsByAccount(fresh).values()].every((n) => n === 0)).toBe(true);
    expect(dry.output).toMatch(/Create the organization trail aws-bootstrap-organization-trail/);
    expect(dry.output).toMatch(/Create the S3 bucket aws-bootstrap-cloudtrail-210987654302-us-east-1/);

    const org = freshOrganization({ members: 1, securityAccounts: true });
    await runOrgAgainst(org, { steps, organization: chosen });
    org.accounts().forEach((sim) => sim.settle());
    const before = mutationsByAccount(org);
    const again = await runOrgAgainst(org, { steps, organization: chosen });
    expect(mutationsByAccount(org)).toEqual(before);
    expect(again.report.organization!.results.filter((r) => r.step.startsWith('organization-l') || r.step === 'organization-trail').map((r) => r.status)).toEqual(['compliant', 'compliant']);
  });

  it('an existing organization trail is adopted, not doubled', async () => {
    const org = freshOrganization({ members: 1, securityAccounts: true });
    // Someone made an organization trail before, without CloudWatch Logs, writing to a bucket of the management account.
    const management = root(org);
    (management.organization!.trustedServices ??= []).push({ ServicePrincipal: 'cloudtrail.amazonaws.com', DateEnabled: '2026-01-01T00:00:00.000Z' });
    (management.s3Buckets ??= {})['company-org-trail'] = { Name: 'company-org-trail', CreationDate: '2026-01-01T00:00:00.000Z', objectCount: 5 } as never;
    management.regional[HOME]!.trails = [{
      Name: 'company-org-trail', TrailARN: `arn:aws:cloudtrail:${HOME}:${MANAGEMENT}:trail/company-org-trail`, HomeRegion: HOME, S3BucketName: 'company-org-trail',
      IncludeGlobalServiceEvents: true, IsMultiRegionTrail: true, IsOrganizationTrail: true, LogFileValidationEnabled: false, Tags: [], isLogging: true,
    }];
    const { report, output } = await runOrgAgainst(org, { steps, organization: chosen });
    expect(report.organization!.results.find((r) => r.step === 'organization-trail')!.status).toBe('changed');
    expect(allTrails(org).map((t) => [t.Name, t.LogFileValidationEnabled, t.CloudWatchLogsLogGroupArn, t.S3BucketName])).toEqual([
      ['company-org-trail', true, `arn:aws:logs:${HOME}:${MANAGEMENT}:log-group:/aws-bootstrap/organization-trail:*`, 'company-org-trail'],
    ]);
    expect(output).toMatch(/Adopting the existing organization trail company-org-trail/);
    expect(rows(report, MANAGEMENT, 'log-alarms').map((r) => r.status)).toEqual(['changed']);
  });

  it('undo takes the trail and its role back, keeps the buckets and the log group, and says so', async () => {
    const org = freshOrganization({ members: 1, securityAccounts: true });
    await runOrgAgainst(org, { steps, organization: chosen });
    org.accounts().forEach((sim) => sim.settle());
    const { report, output } = await undoOrgAgainst(org);
    expect(report.organization!.results.filter((r) => r.status === 'failed'), JSON.stringify(report.organization!.results)).toEqual([]);
    expect(allTrails(org)).toEqual([]);
    expect(root(org).iam.roles['aws-bootstrap-organization-trail-to-logs']).toBeUndefined();
    expect(Object.keys(stateOf(org, LOG_ARCHIVE).s3Buckets ?? {}).sort()).toEqual([TRAIL_BUCKET, CONFIG_BUCKET]);
    expect(root(org).regional[HOME]!.logGroups?.map((g) => g.logGroupName)).toContain('/aws-bootstrap/organization-trail');
    expect(output).toMatch(/holds the organization's logs, which are evidence: undo never deletes it/);
    expect(output).toMatch(/holds the organization's events, which are evidence: undo never deletes it/);
  });
});
