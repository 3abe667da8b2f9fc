/** Simulated IAM: a role's inline policies (PutRolePolicy, GetRolePolicy, DeleteRolePolicy), as IAM answers them. */
import { DeleteConflictException, MalformedPolicyDocumentException, NoSuchEntityException } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { simService } from '../support/sim.js';

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: '*' }] });

async function withRole() {
  const env = await simService('iam', 'us-east-1');
  await env.client.send(new env.sdk.CreateRoleCommand({ RoleName: 'forward', AssumeRolePolicyDocument: TRUST }));
  return env;
}

describe('simulated IAM role inline policies', () => {
  it('puts, reads (URL-encoded, as IAM returns documents), replaces and deletes an inline policy', async () => {
    const { client, sdk } = await withRole();
    await client.send(new sdk.PutRolePolicyCommand({ RoleName: 'forward', PolicyName: 'put-events', PolicyDocument: POLICY }));
    const read = await client.send(new sdk.GetRolePolicyCommand({ RoleName: 'forward', PolicyName: 'put-events' }));
    expect(read).toMatchObject({ RoleName: 'forward', PolicyName: 'put-events', PolicyDocument: encodeURIComponent(POLICY) });
    expect((await client.send(new sdk.ListRolePoliciesCommand({ RoleName: 'forward' }))).PolicyNames).toEqual(['put-events']);
    await client.send(new sdk.DeleteRolePolicyCommand({ RoleName: 'forward', PolicyName: 'put-events' }));
    expect((await client.send(new sdk.ListRolePoliciesCommand({ RoleName: 'forward' }))).PolicyNames).toEqual([]);
  });

  it('answers a missing policy or role with NoSuchEntity, and a bad document with MalformedPolicyDocument', async () => {
    const { client, sdk } = await withRole();
    await expect(client.send(new sdk.GetRolePolicyCommand({ RoleName: 'forward', PolicyName: 'none' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException', message: 'The role policy with name none cannot be found.', $metadata: { httpStatusCode: 404 },
    });
    await expect(client.send(new sdk.DeleteRolePolicyCommand({ RoleName: 'forward', PolicyName: 'none' }))).rejects.toBeInstanceOf(NoSuchEntityException);
    await expect(client.send(new sdk.PutRolePolicyCommand({ RoleName: 'other', PolicyName: 'p', PolicyDocument: POLICY }))).rejects.toBeInstanceOf(NoSuchEntityException);
    await expect(client.send(new sdk.PutRolePolicyCommand({ RoleName: 'forward', PolicyName: 'p', PolicyDocument: '{' }))).rejects.toBeInstanceOf(MalformedPolicyDocumentException);
  });

  it('refuses to delete a role that still has an inline policy', async () => {
    const { client, sdk } = await withRole();
    await client.send(new sdk.PutRolePolicyCommand({ RoleName: 'forward', PolicyName: 'put-events', PolicyDocument: POLICY }));
    await expect(client.send(new sdk.DeleteRoleCommand({ RoleName: 'forward' }))).rejects.toBeInstanceOf(DeleteConflictException);
  });
});
