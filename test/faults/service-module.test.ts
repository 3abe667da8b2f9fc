/**
 * Issue 16: `undo --demo` failed once with "TypeError: Cannot read properties of undefined
 * (reading 'global')". That is exactly what a simulated service module that evaluates to no
 * default export gives: an empty file, as the compiler leaves for an instant while it rewrites
 * dist/ (it opens each output with O_TRUNC, then writes it). Here the built CLI, copied, runs
 * with that module emptied: the failure must be a clear internal error naming the service,
 * not a TypeError deep inside a step, and every other step must still complete.
 */
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/wizard.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** A copy of the built CLI that can be damaged without touching the real one. */
function builtCopy(): string {
  const copy = tempDir('aws-bootstrap-built-');
  cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
  for (const shared of ['node_modules', 'templates', 'examples']) symlinkSync(join(ROOT, shared), join(copy, shared));
  return copy;
}

function run(copy: string, home: string, args: string[]) {
  const result = spawnSync(process.execPath, [join(copy, 'dist', 'src', 'cli.js'), ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: home, AWS_BOOTSTRAP_HOME: home, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1' },
    input: '',
    timeout: 60_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('a simulated service module without its default export', () => {
  it('fails that step with an internal error naming the service; the rest of the undo completes', () => {
    const copy = builtCopy();
    const home = tempDir();
    mkdirSync(home, { recursive: true });
    const applied = run(copy, home, ['--demo', '--demo-reset', '--yes', '--regions', 'us-east-1', '--only', 'cost-anomaly-detection,s3-block-public-access', '--set', 'cost-anomaly-detection.emails=[a@example.com]']);
    expect(applied.code, applied.output).toBe(0);

    writeFileSync(join(copy, 'dist', 'src', 'sim', 'services', 'costexplorer.js'), '');
    const undone = run(copy, home, ['undo', '--demo', '--yes']);
    expect(undone.code).toBe(1);
    expect(undone.output).toContain('internal error: the simulated costexplorer service module has no default export');
    expect(undone.output).not.toContain("reading 'global'");
    expect(undone.output).toMatch(/s3-block-public-access\s+account\s+↶ undone/);
  });
});
