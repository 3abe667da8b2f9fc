import { NoSuchEntityException } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { simService } from '../support/sim.js';

const iam = async () => {
  const env = await simService('iam', 'us-east-1', { fresh: { users: ['alice'] } });
  await env.client.send(new env.sdk.CreateRoleCommand({ RoleName: 'admin', AssumeRolePolicyDocument: JSON.stringify({ Statement: [] }) }));
  await env.client.send(new env.sdk.CreateGroupCommand({ GroupName: 'admins' }));
  return env;
};

const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const notAttachable = (arn: string) => ({ name: 'NoSuchEntityException', message: `Policy ${arn} does not exist or is not attachable.`, $metadata: { httpStatusCode: 404 } });

describe('simulated IAM managed policies', () => {
  it('attaches only managed policies that exist: a made-up AWS one or a customer one is NoSuchEntity, as in IAM', async () => {
    const { sim, client, sdk } = await iam();
    for (const arn of ['arn:aws:iam::aws:policy/NoSuchPolicy', 'arn:aws:iam::123456789012:policy/Mine']) {
      const attempts = [
        client.send(new sdk.AttachRolePolicyCommand({ RoleName: 'admin', PolicyArn: arn })),
        client.send(new sdk.AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: arn })),
        client.send(new sdk.AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn })),
      ];
      for (const attempt of attempts) {
        await expect(attempt).rejects.toBeInstanceOf(NoSuchEntityException);
        await expect(attempt).rejects.toMatchObject(notAttachable(arn));
      }
    }
    expect(sim.state.iam.roles.admin!.attachedPolicies).toEqual([]);
    expect(sim.state.iam.groups.admins!.attachedPolicies).toEqual([]);
    expect(sim.state.iam.users.alice!.attachedPolicies ?? []).toEqual([]);
  });

  it('attaches a real AWS managed policy to a role, a group and a user, once however often it is sent', async () => {
    const { sim, client, sdk } = await iam();
    for (let i = 0; i < 2; i++) {
      await client.send(new sdk.AttachRolePolicyCommand({ RoleName: 'admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
      await client.send(new sdk.AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: READ_ONLY }));
      await client.send(new sdk.AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: READ_ONLY }));
    }
    expect(sim.state.iam.roles.admin!.attachedPolicies).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
    expect(sim.state.iam.groups.admins!.attachedPolicies).toEqual([READ_ONLY]);
    const { AttachedPolicies } = await client.send(new sdk.ListAttachedUserPoliciesCommand({ UserName: 'alice' }));
    expect(AttachedPolicies).toEqual([{ PolicyArn: READ_ONLY, PolicyName: 'ReadOnlyAccess' }]);
    const details = await client.send(new sdk.GetAccountAuthorizationDetailsCommand({ Filter: ['User'] }));
    expect(details.UserDetailList!.find((u) => u.UserName === 'alice')!.AttachedManagedPolicies).toEqual([{ PolicyArn: READ_ONLY, PolicyName: 'ReadOnlyAccess' }]);
  });

  it('detaches what is attached; detaching it again is NoSuchEntity', async () => {
    const { sim, client, sdk } = await iam();
    await client.send(new sdk.AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: READ_ONLY }));
    await client.send(new sdk.AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: READ_ONLY }));
    await client.send(new sdk.DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: READ_ONLY }));
    await client.send(new sdk.DetachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: READ_ONLY }));
    expect(sim.state.iam.users.alice!.attachedPolicies).toEqual([]);
    expect(sim.state.iam.groups.admins!.attachedPolicies).toEqual([]);
    await expect(client.send(new sdk.DetachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: READ_ONLY }))).rejects.toMatchObject({ name: 'NoSuchEntityException', message: `Policy ${READ_ONLY} was not found.` });
    await expect(client.send(new sdk.DetachRolePolicyCommand({ RoleName: 'admin', PolicyArn: READ_ONLY }))).rejects.toBeInstanceOf(NoSuchEntityException);
  });

  it('says which entity is missing when the role, group or user does not exist', async () => {
    const { client, sdk } = await iam();
    await expect(client.send(new sdk.AttachRolePolicyCommand({ RoleName: 'nobody', PolicyArn: READ_ONLY }))).rejects.toMatchObject({ message: 'The role with name nobody cannot be found.' });
    await expect(client.send(new sdk.AttachGroupPolicyCommand({ GroupName: 'nobody', PolicyArn: READ_ONLY }))).rejects.toMatchObject({ message: 'The group with name nobody cannot be found.' });
    await expect(client.send(new sdk.AttachUserPolicyCommand({ UserName: 'nobody', PolicyArn: READ_ONLY }))).rejects.toMatchObject({ message: 'The user with name nobody cannot be found.' });
  });
});

describe('simulated IAM role tags', () => {
  const trustPolicy = JSON.stringify({ Statement: [] });
  const tags = [{ Key: 'aws-bootstrap:managed', Value: 'true' }, { Key: 'aws-bootstrap:run', Value: 'r-1' }];

  it('keeps the tags given to CreateRole and returns them from GetRole and GetAccountAuthorizationDetails, not from ListRoles (as IAM)', async () => {
    const { client, sdk } = await iam();
    await client.send(new sdk.CreateRoleCommand({ RoleName: 'tagged', AssumeRolePolicyDocument: trustPolicy, Tags: tags }));
    expect((await client.send(new sdk.GetRoleCommand({ RoleName: 'tagged' }))).Role!.Tags).toEqual(tags);
    const details = await client.send(new sdk.GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    expect(details.RoleDetailList!.find((r) => r.RoleName === 'tagged')!.Tags).toEqual(tags);
    expect((await client.send(new sdk.ListRolesCommand({}))).Roles!.every((r) => r.Tags === undefined)).toBe(true);
    // A role created without tags has none.
    expect((await client.send(new sdk.GetRoleCommand({ RoleName: 'admin' }))).Role!.Tags).toBeUndefined();
    expect(details.RoleDetailList!.find((r) => r.RoleName === 'admin')!.Tags).toBeUndefined();
  });

  it('refuses the whole create for a reserved aws: key, a key given twice (keys ignore case), an overlong key or more than 50 tags', async () => {
    const { sim, client, sdk } = await iam();
    const create = (Tags: Array<{ Key: string; Value: string }>) => client.send(new sdk.CreateRoleCommand({ RoleName: 'refused', AssumeRolePolicyDocument: trustPolicy, Tags }));
    await expect(create([{ Key: 'aws:owner', Value: 'me' }])).rejects.toMatchObject({ name: 'InvalidInputException', message: "Tag keys starting with 'aws:' are reserved for AWS use." });
    await expect(create([{ Key: 'team', Value: 'a' }, { Key: 'Team', Value: 'b' }])).rejects.toMatchObject({ name: 'InvalidInputException', message: expect.stringContaining('Duplicate tag keys') });
    await expect(create([{ Key: 'k'.repeat(129), Value: '' }])).rejects.toMatchObject({ name: 'InvalidInputException' });
    await expect(create(Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: '' })))).rejects.toMatchObject({ name: 'LimitExceededException' });
    expect(sim.state.iam.roles.refused).toBeUndefined();
    await create(Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v'.repeat(256) })));
    expect(sim.state.iam.roles.refused!.Tags).toHaveLength(50);
  });

  it('TagRole adds tags to a role (a key given again takes the new value), checks them as CreateRole does, and keeps at most 50', async () => {
    const { client, sdk } = await iam();
    await client.send(new sdk.CreateRoleCommand({ RoleName: 'later', AssumeRolePolicyDocument: trustPolicy, Tags: [{ Key: 'team', Value: 'a' }] }));
    await client.send(new sdk.TagRoleCommand({ RoleName: 'later', Tags: [{ Key: 'Team', Value: 'b' }, ...tags] }));
    expect((await client.send(new sdk.GetRoleCommand({ RoleName: 'later' }))).Role!.Tags).toEqual([{ Key: 'Team', Value: 'b' }, ...tags]);
    await expect(client.send(new sdk.TagRoleCommand({ RoleName: 'later', Tags: [{ Key: 'aws:owner', Value: 'me' }] }))).rejects.toMatchObject({ name: 'InvalidInputException' });
    await expect(client.send(new sdk.TagRoleCommand({ RoleName: 'later', Tags: Array.from({ length: 48 }, (_, i) => ({ Key: `k${i}`, Value: '' })) }))).rejects.toMatchObject({ name: 'LimitExceededException' });
    await expect(client.send(new sdk.TagRoleCommand({ RoleName: 'gone', Tags: tags }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });
});

describe('simulated IAM eventual consistency', () => {
  it('shows each write after `staleReads` reads of the service, however many writes come after it', async () => {
    const { sim, client, sdk } = await simService('iam', 'us-east-1', { consistency: { services: ['iam'], staleReads: 2 } });
    const policyIsSet = async () => {
      try {
        await client.send(new sdk.GetAccountPasswordPolicyCommand({}));
        return true;
      } catch (error) {
        if ((error as Error).name === 'NoSuchEntity' || (error as Error).name === 'NoSuchEntityException') return false;
        throw error;
      }
    };
    const role = (name: string) => client.send(new sdk.CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify({ Statement: [] }) }));
    await client.send(new sdk.UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14 }));
    await role('b');
    expect(await policyIsSet()).toBe(false);
    // Other writes keep coming (as from steps running beside this one): they start windows of their own.
    await role('c');
    expect(await policyIsSet()).toBe(false);
    expect(await policyIsSet()).toBe(true);
    // That read was the second since c: c is seen now; a role written next is not, until its own two reads.
    await role('d');
    const roleNames = async () => (await client.send(new sdk.ListRolesCommand({}))).Roles!.map((r) => r.RoleName);
    expect(await roleNames()).toEqual(expect.arrayContaining(['b', 'c']));
    expect(await roleNames()).not.toContain('d');
    expect(await roleNames()).toContain('d');
    expect(sim.state.iam.passwordPolicy).toBeDefined();
  });
});
