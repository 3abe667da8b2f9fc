import { BadRequestException } from '@aws-sdk/client-guardduty';
import { describe, expect, it } from 'vitest';
import { simService } from '../support/sim.js';

const guardduty = () => simService('guardduty', 'eu-west-1');

describe('simulated GuardDuty', () => {
  it('rejects a second detector in a region with the real BadRequestException', async () => {
    const { sim, client, sdk } = await guardduty();
    await client.send(new sdk.CreateDetectorCommand({ Enable: true }));
    const second = client.send(new sdk.CreateDetectorCommand({ Enable: true }));
    await expect(second).rejects.toBeInstanceOf(BadRequestException);
    await expect(second).rejects.toMatchObject({
      message: 'The request is rejected because a detector already exists for the current account.',
      Type: 'InvalidInputException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(sim.state.regional['eu-west-1']!.detectors).toHaveLength(1);
  });

  it('keeps detectors per region', async () => {
    const { clients, client, sdk } = await guardduty();
    await client.send(new sdk.CreateDetectorCommand({ Enable: true }));
    const { client: usEast1 } = await clients.forRegion('us-east-1').use('guardduty');
    expect((await usEast1.send(new sdk.ListDetectorsCommand({}))).DetectorIds).toEqual([]);
    expect((await client.send(new sdk.ListDetectorsCommand({}))).DetectorIds).toHaveLength(1);
  });

  it('answers an unknown detector id the way GuardDuty does', async () => {
    const { client, sdk } = await guardduty();
    await expect(client.send(new sdk.GetDetectorCommand({ DetectorId: '0'.repeat(32) }))).rejects.toMatchObject({
      name: 'BadRequestException',
      message: 'The request is rejected because the input detectorId is not owned by the current account.',
    });
  });

  it('suspends and resumes a detector in place', async () => {
    const { client, sdk } = await guardduty();
    const { DetectorId } = await client.send(new sdk.CreateDetectorCommand({ Enable: true }));
    await client.send(new sdk.UpdateDetectorCommand({ DetectorId, Enable: false }));
    expect((await client.send(new sdk.GetDetectorCommand({ DetectorId }))).Status).toBe('DISABLED');
    await client.send(new sdk.UpdateDetectorCommand({ DetectorId, Enable: true }));
    expect((await client.send(new sdk.GetDetectorCommand({ DetectorId }))).Status).toBe('ENABLED');
  });

  it('answers a create repeated with the same client token with the same detector, and shows no token', async () => {
    const { sim, client, sdk } = await guardduty();
    const first = await client.send(new sdk.CreateDetectorCommand({ Enable: true, ClientToken: 't-1' }));
    const again = await client.send(new sdk.CreateDetectorCommand({ Enable: true, ClientToken: 't-1' }));
    expect(again.DetectorId).toBe(first.DetectorId);
    expect(sim.state.regional['eu-west-1']!.detectors).toHaveLength(1);
    expect(await client.send(new sdk.GetDetectorCommand({ DetectorId: first.DetectorId }))).not.toHaveProperty('createdWith');
    // The same token with another request, or another token: refused.
    await expect(client.send(new sdk.CreateDetectorCommand({ Enable: false, ClientToken: 't-1' }))).rejects.toBeInstanceOf(BadRequestException);
    await expect(client.send(new sdk.CreateDetectorCommand({ Enable: true, ClientToken: 't-2' }))).rejects.toMatchObject({ message: expect.stringMatching(/already exists/) });
    // The token is at most 64 characters long (CreateDetector reference).
    await expect(client.send(new sdk.CreateDetectorCommand({ Enable: true, ClientToken: 'x'.repeat(65) }))).rejects.toMatchObject({ name: 'BadRequestException', message: expect.stringMatching(/invalid or out-of-range value/) });
  });

  it('a create whose answer is lost is retried by the SDK: with a client token that makes one detector and succeeds, without one it fails', async () => {
    const { sim, client, sdk } = await simService('guardduty', 'eu-west-1', {
      faults: [{ service: 'guardduty', action: 'CreateDetector', code: 'InternalServerErrorException', status: 500, after: true, times: 1 }],
    });
    const { DetectorId } = await client.send(new sdk.CreateDetectorCommand({ Enable: true, ClientToken: 't-3' }));
    expect(sim.state.regional['eu-west-1']!.detectors.map((d) => d.DetectorId)).toEqual([DetectorId]);
    expect(sim.calls.filter((c) => c.action === 'CreateDetector')).toHaveLength(2);

    sim.state.regional['eu-west-1']!.detectors.length = 0;
    sim.inject({ service: 'guardduty', action: 'CreateDetector', code: 'InternalServerErrorException', status: 500, after: true, times: 1 });
    await expect(client.send(new sdk.CreateDetectorCommand({ Enable: true }))).rejects.toMatchObject({ message: expect.stringMatching(/already exists/) });
    expect(sim.state.regional['eu-west-1']!.detectors).toHaveLength(1);
  });

  it('keeps the tags given at creation and shows them in GetDetector; refuses an aws: key', async () => {
    const { client, sdk } = await guardduty();
    await expect(client.send(new sdk.CreateDetectorCommand({ Enable: true, Tags: { 'aws:owner': 'x' } }))).rejects.toBeInstanceOf(BadRequestException);
    await expect(client.send(new sdk.CreateDetectorCommand({ Enable: true, Tags: { k: 'v'.repeat(257) } }))).rejects.toBeInstanceOf(BadRequestException);
    const Tags = { 'aws-bootstrap:managed': 'true', 'aws-bootstrap:run': '20260101000000000' };
    const { DetectorId } = await client.send(new sdk.CreateDetectorCommand({ Enable: true, Tags }));
    expect((await client.send(new sdk.GetDetectorCommand({ DetectorId }))).Tags).toEqual(Tags);
  });
});
