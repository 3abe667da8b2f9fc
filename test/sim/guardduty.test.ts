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
});
