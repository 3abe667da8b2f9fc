/**
 * `--demo --org`: a simulated Organization (a management account and its members) kept in its
 * own file between runs, beside the single demo account's.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { texts } from '../i18n/index.js';
import { toolHome } from '../undo/log.js';
import { loadState, saveState, type DemoOptions } from './demo.js';
import { SimulatedOrganization } from './organization.js';
import { freshOrganizationState } from './organization-state.js';

const t = texts(
  'demo-org',
  { notAnOrganization: (path: string) => `--demo-state: ${path} holds a single demo account, not an organization; use --demo-reset to start a fresh organization.` },
  { notAnOrganization: (path: string) => `--demo-state: ${path} は単一のデモアカウントで、組織ではありません。新しい組織から始めるには --demo-reset を付けます。` },
);

export function defaultDemoOrgStatePath(): string {
  return join(toolHome(), 'demo', 'organization.json');
}

export interface DemoOrgOptions extends DemoOptions {
  /** Member accounts made by Organizations, each with the access role (`--demo-accounts`, 3 unless said). */
  readonly members?: number;
}

export function openDemoOrganization(options: DemoOrgOptions): SimulatedOrganization {
  const fresh = options.reset || !existsSync(options.statePath);
  const state = fresh ? freshOrganizationState({ members: options.members ?? 3, enabledRegionCount: options.regionCount }) : loadState(options.statePath);
  if (!state.organization) {
    throw new InputError(t.notAnOrganization(options.statePath));
  }
  if (fresh) saveState(options.statePath, state);
  return new SimulatedOrganization(state, {
    latencyMs: options.latencyMs,
    jitterMs: options.jitterMs,
    faults: options.faults,
    seed: options.seed,
    onChange: (changed) => saveState(options.statePath, changed),
  });
}
