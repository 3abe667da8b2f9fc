import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checklist } from '../../steps/index.js';

const stepsDir = join(import.meta.dirname, '..', '..', 'steps');

describe('the checklist', () => {
  it('has unique ids, each the name of its own file (steps/<id>.ts, or steps/<id>/<id>.ts with its helpers), and lists every step file', () => {
    const ids = checklist.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(existsSync(join(stepsDir, `${id}.ts`)) || existsSync(join(stepsDir, id, `${id}.ts`)), id).toBe(true);
    // A folder without a file of its own name holds helpers several steps share (steps/shared/), not a step.
    const files = readdirSync(stepsDir, { withFileTypes: true })
      .filter((e) => (e.isFile() && e.name.endsWith('.ts') && e.name !== 'index.ts') || (e.isDirectory() && existsSync(join(stepsDir, e.name, `${e.name}.ts`))))
      .map((e) => e.name.replace(/\.ts$/, ''));
    expect([...files].sort()).toEqual([...ids].sort());
  });

  it('walks the checklist in the product order', () => {
    expect(checklist.map((s) => s.id)).toEqual([
      'alternate-contacts', 'root-contact-phone', 'iam-password-policy', 'admin-group-and-role', 'root-account-security',
      'iam-users-mfa', 'iam-access-keys', 'unused-iam-roles',
      'ebs-encryption-by-default', 's3-block-public-access', 'public-s3-buckets', 'open-security-groups', 'access-analyzer', 'guardduty', 'default-vpcs',
      'monthly-budget', 'cost-anomaly-detection', 'alerts-topic', 'cloudtrail', 'log-alarms', 'health-notifications',
      'config-bucket', 'aws-config', 'security-hub', 'findings-alerts',
    ]);
  });

  it('every step says what it makes true, why, and which permissions it needs', () => {
    for (const step of checklist) {
      expect(step.id, step.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(step.title.length, step.id).toBeGreaterThan(10);
      expect(step.why.length, step.id).toBeGreaterThan(40);
      expect(step.permissions.observe.length, step.id).toBeGreaterThan(0);
      if (!step.readOnly) {
        expect(step.permissions.apply.length, step.id).toBeGreaterThan(0);
        expect(step.undo, `${step.id} can be undone`).toBeTypeOf('function');
      }
    }
  });

  it('a step that builds on others comes after them, and provides what they need', () => {
    const position = new Map(checklist.map((s, i) => [s.id, i]));
    for (const step of checklist) {
      for (const id of step.needs ?? []) {
        expect(position.has(id), `${step.id} needs ${id}, a known step`).toBe(true);
        expect(position.get(id)!, `${step.id} comes after ${id}`).toBeLessThan(position.get(step.id)!);
        expect(checklist[position.get(id)!]!.provides, `${id} provides something`).toBeTypeOf('function');
      }
    }
  });
});
