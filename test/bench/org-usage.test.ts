/** `npm run bench:org -- --help` says what it takes; an unknown option is refused with the same text. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ORG_BENCH = join(import.meta.dirname, '..', '..', 'dist', 'bench', 'org.js');

describe('bench:org usage', () => {
  it('--help prints every option and exits 0 without measuring anything', () => {
    const run = spawnSync(process.execPath, [ORG_BENCH, '--help'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    for (const option of ['--accounts', '--regions', '--latency', '--jitter', '--account-concurrency', '--help']) expect(run.stdout).toContain(option);
    expect(run.stdout).not.toMatch(/one account/);
  });

  it('an unknown option exits 64 with the usage', () => {
    const run = spawnSync(process.execPath, [ORG_BENCH, '--acounts', '3'], { encoding: 'utf8' });
    expect(run.status).toBe(64);
    expect(run.stderr).toContain("Unknown option '--acounts'");
    expect(run.stderr).toContain('Usage: npm run bench:org');
  });
});
