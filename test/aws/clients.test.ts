import { describe, expect, it } from 'vitest';
import { callSiteOf } from '../../src/aws/errors.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { freshAccountState } from '../../src/sim/state.js';

describe('AWS client factory', () => {
  it('retries throttling through the SDK retry middleware until the call succeeds', async () => {
    const sim = new SimulatedAccount(freshAccountState(), { faults: [{ service: 'sts', code: 'ThrottlingException', times: 3 }] });
    const { client, sdk } = await simulatedClients(sim).get('sts', 'us-east-1');
    const out = await client.send(new sdk.GetCallerIdentityCommand({}));
    expect(out.Account).toBe('123456789012');
    expect(out.$metadata.attempts).toBe(4);
    expect(sim.calls.filter((c) => c.action === 'GetCallerIdentity').map((c) => c.error)).toEqual(['ThrottlingException', 'ThrottlingException', 'ThrottlingException', undefined]);
  });

  it('retries ConcurrentModificationException and 5xx, but not access denied', async () => {
    const sim = new SimulatedAccount(freshAccountState(), {
      faults: [
        { service: 'iam', action: 'GetAccountSummary', code: 'ConcurrentModificationException', times: 1, status: 409 },
        { service: 'iam', action: 'GetAccountSummary', code: 'InternalFailure', times: 1, status: 500 },
        { service: 'iam', action: 'ListUsers', code: 'AccessDenied', status: 403 },
      ],
    });
    const { client, sdk } = await simulatedClients(sim).get('iam', 'us-east-1');
    await expect(client.send(new sdk.GetAccountSummaryCommand({}))).resolves.toMatchObject({ $metadata: { attempts: 3 } });
    const denied = await client.send(new sdk.ListUsersCommand({})).catch((e: unknown) => e);
    expect((denied as Error).name).toBe('AccessDenied');
    expect(sim.calls.filter((c) => c.action === 'ListUsers')).toHaveLength(1);
    expect(callSiteOf(denied)).toEqual({ action: 'iam:ListUsers', region: 'us-east-1', permission: 'iam:ListUsers' });
  });

  it('abandons a hung attempt after the timeout and retries it', async () => {
    const sim = new SimulatedAccount(freshAccountState(), { faults: [{ service: 'sts', code: 'InternalFailure', status: 500, hangMs: 5_000, times: 1 }] });
    const clients = simulatedClients(sim, { attemptTimeoutMs: 100 });
    const { client, sdk } = await clients.get('sts', 'us-east-1');
    const out = await client.send(new sdk.GetCallerIdentityCommand({}));
    expect(out.$metadata.attempts).toBe(2);
  });

  it('binds global-endpoint services to us-east-1 whatever the region asked for', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const clients = simulatedClients(sim);
    const { client, sdk } = await clients.forRegion('eu-west-1').use('account');
    await client.send(new sdk.GetContactInformationCommand({}));
    expect(sim.calls.at(-1)).toMatchObject({ service: 'account', region: 'us-east-1' });
  });

  it('a call into a region that is not enabled fails with the real error code', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { client, sdk } = await simulatedClients(sim).get('s3control', 'af-south-1');
    const error = await client.send(new sdk.GetPublicAccessBlockCommand({ AccountId: '123456789012' })).catch((e: unknown) => e);
    expect((error as Error).name).toBe('UnrecognizedClientException');
  });
});

describe('the IAM action behind an API call', () => {
  it('is the call itself for most services, and the real action where IAM names it differently', async () => {
    const { iamActionFor } = await import('../../src/aws/clients.js');
    expect(iamActionFor('guardduty', 'CreateDetector')).toBe('guardduty:CreateDetector');
    expect(iamActionFor('s3control', 'PutPublicAccessBlock')).toBe('s3:PutAccountPublicAccessBlock');
    expect(iamActionFor('s3control', 'DeletePublicAccessBlock')).toBe('s3:PutAccountPublicAccessBlock');
    expect(iamActionFor('s3control', 'GetPublicAccessBlock')).toBe('s3:GetAccountPublicAccessBlock');
    expect(iamActionFor('budgets', 'CreateBudget')).toBe('budgets:ModifyBudget');
    expect(iamActionFor('budgets', 'DescribeBudgets')).toBe('budgets:ViewBudget');
    expect(iamActionFor('accessanalyzer', 'CreateAnalyzer')).toBe('access-analyzer:CreateAnalyzer');
  });
});
