/** Runs the CLI: in-process through startRun with captured streams, or as the built artefact. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startRun, startUndo, type RunFlags } from '../../src/main.js';
import { tempDir } from './wizard.js';

export function capture() {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; text: string };
  stream.text = '';
  stream.on('data', (chunk: Buffer) => (stream.text += chunk.toString()));
  return stream;
}

/** In-process, without a terminal; `AWS_BOOTSTRAP_HOME` should point at a temp dir (see cliEnv). */
export async function cli(command: 'apply' | 'plan' | 'undo', flags: RunFlags & { dryRun?: boolean; force?: boolean; log?: string }) {
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  const stdout = capture();
  const stderr = capture();
  const streams = { stdin, stdout, stderr };
  const code =
    command === 'undo'
      ? await startUndo(flags.log, flags, streams)
      : await startRun(command, flags, streams);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

export const CLI = join(import.meta.dirname, '..', '..', 'dist', 'src', 'cli.js');

/** The built CLI as a user runs it, with its own tool home and no AWS environment. */
export function runBuilt(args: string[], home = tempDir()) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: home, AWS_BOOTSTRAP_HOME: home, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1' },
    input: '',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
