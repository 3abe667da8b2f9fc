/**
 * No secret is ever printed or logged, and Ctrl-C (SIGINT) on a real process stops cleanly.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { checklist } from '../../steps/index.js';
import { AwsClients } from '../../src/aws/clients.js';
import { loadConfigFile } from '../../src/config.js';
import { SetupError } from '../../src/core/errors.js';
import { runWizard } from '../../src/engine/run.js';
import { renderJson } from '../../src/report/render.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { SIMULATED_CREDENTIALS } from '../../src/sim/clients.js';
import { openDemoAccount } from '../../src/sim/demo.js';
import { freshAccountState } from '../../src/sim/state.js';
import { readUndoLog } from '../../src/undo/log.js';
import { CLI } from '../support/cli.js';
import { runAgainst, ScriptedHost, tempDir } from '../support/wizard.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'aws-bootstrap.yaml');
const config = loadConfigFile(EXAMPLE).sections;

/** What an error that echoes a signed request could contain. */
const leakyMessage = (key: string, token: string) =>
  `Request failed: Authorization: AWS4-HMAC-SHA256 Credential=${key}/20261123/us-east-1/guardduty/aws4_request, SignedHeaders=host;x-amz-date, Signature=4f2c9a0e1b7d3c5a6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5 X-Amz-Security-Token=${token}`;

describe('secrets', () => {
  it('never reach the output, the JSON report or the undo log, even when an error echoes them', async () => {
    const sim = new SimulatedAccount(freshAccountState(), {
      faults: [{ service: 'guardduty', action: 'CreateDetector', region: 'eu-west-1', code: 'AccessDeniedException', status: 403, message: leakyMessage(SIMULATED_CREDENTIALS.accessKeyId, SIMULATED_CREDENTIALS.sessionToken) }],
    });
    const { report, output, undoLogPath } = await runAgainst(sim, { config });
    expect(report.exitCode).toBe(1);
    const everything = [output, renderJson(report), readFileSync(undoLogPath, 'utf8')].join('\n');
    expect(everything).toContain('guardduty:CreateDetector in eu-west-1 failed');
    for (const secret of [SIMULATED_CREDENTIALS.accessKeyId, SIMULATED_CREDENTIALS.secretAccessKey, SIMULATED_CREDENTIALS.sessionToken, '4f2c9a0e1b7d3c5a6e8f0a1b2c3d4e5f']) {
      expect(everything).not.toContain(secret);
    }
  });

  describe('with the real credential chain (environment keys) and a mocked STS', () => {
    let sts: ReturnType<typeof mockClient> | undefined;
    const saved = { ...process.env };
    afterEach(() => {
      sts?.restore();
      process.env = { ...saved };
    });

    it('a rejected identity call explains the fix without showing the keys', async () => {
      process.env.AWS_ACCESS_KEY_ID = 'AKIAFAKEFAKEFAKE1234';
      process.env.AWS_SECRET_ACCESS_KEY = 'fakeSecretKeyfakeSecretKeyfakeSecretKey0';
      process.env.AWS_SESSION_TOKEN = 'fake-session-token-value';
      const error = Object.assign(new Error(leakyMessage('AKIAFAKEFAKEFAKE1234', 'fake-session-token-value')), { name: 'ExpiredToken', $metadata: { httpStatusCode: 403 } });
      sts = mockClient(STSClient);
      sts.on(GetCallerIdentityCommand).rejects(error);
      const host = new ScriptedHost(false);
      const failure = await runWizard({
        steps: checklist,
        allSteps: checklist,
        clients: new AwsClients(),
        homeRegion: 'us-east-1',
        concurrency: 4,
        dryRun: true,
        config: {},
        host,
        demo: false,
        renderer: 'silent',
      }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(SetupError);
      const message = (failure as Error).message;
      expect(message).toMatch(/credentials have expired.*run again/);
      for (const secret of ['AKIAFAKEFAKEFAKE1234', 'fakeSecretKeyfakeSecretKey', 'fake-session-token-value']) {
        expect(message + host.output).not.toContain(secret);
      }
      expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
    });
  });
});

describe('Ctrl-C on a real run', () => {
  it('stops starting changes, records every finished one, prints the summary and exits 130; a rerun finishes the rest', async () => {
    const dir = tempDir();
    const statePath = join(dir, 'account.json');
    const logPath = join(dir, 'first.jsonl');
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      // One change at a time (--concurrency 1), so an interrupt lands with most of the work still to do.
      const child = spawn(process.execPath, [CLI, '--demo', '--demo-state', statePath, '--demo-reset', '--demo-latency', '10', '--concurrency', '1', '--yes', '--config', EXAMPLE, '--undo-log', logPath], {
        env: { PATH: process.env.PATH, HOME: dir, AWS_BOOTSTRAP_HOME: dir, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1' },
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const watch = setInterval(() => {
        if (existsSync(logPath) && readFileSync(logPath, 'utf8').split('\n').length > 6) {
          clearInterval(watch);
          child.kill('SIGINT');
        }
      }, 5);
      child.on('exit', (exitCode) => {
        clearInterval(watch);
        resolve({ code: exitCode, stdout: out });
      });
    });
    expect(code).toBe(130);
    expect(stdout).toMatch(/Stopping: waiting for the calls in flight/);
    expect(stdout).toMatch(/Summary/);
    expect(stdout).toMatch(/interrupted \(Ctrl-C\) before|Stopped before the end/);
    const first = readUndoLog(logPath);
    expect(first.tornLines).toEqual([]);
    const firstChanges = first.records.filter((r) => r.type === 'change').length;

    const expected = (await runAgainst(new SimulatedAccount(freshAccountState()), { config })).report.undoRecords;
    expect(firstChanges).toBeLessThan(expected);
    const second = await runAgainst(openDemoAccount({ statePath, reset: false }), { config });
    expect(second.report.exitCode).toBe(0);
    expect(firstChanges + second.report.undoRecords).toBe(expected);
  });
});
