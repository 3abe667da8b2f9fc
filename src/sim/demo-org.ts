/**
 * `--demo --org`: a simulated Organization (a management account and its members) kept between
 * runs beside the single demo account's: the management account in one file, each member in a
 * file of its own, so a change rewrites only its own account (50 accounts would otherwise
 * rewrite the whole organization on every call).
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../core/errors.js';
import { texts } from '../i18n/index.js';
import { toolHome } from '../undo/log.js';
import { loadState, saveState, type DemoOptions } from './demo.js';
import { SimulatedOrganization } from './organization.js';
import { freshOrganizationState } from './organization-state.js';
import type { SimState } from './state.js';

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

/** Where the members' files are: `<state file without .json>.members/<account id>.json`. */
function membersDir(statePath: string): string {
  return join(dirname(statePath), `${basename(statePath, '.json')}.members`);
}

/** The management account's state without its members (they have files of their own). */
function withoutMembers(state: SimState): SimState {
  return { ...state, organization: { ...state.organization!, accounts: state.organization!.accounts.map(({ member: _member, ...account }) => account) } };
}

function save(statePath: string, root: SimState, changed: SimState): void {
  if (changed.accountId === root.accountId) saveState(statePath, withoutMembers(root));
  else saveState(join(membersDir(statePath), `${changed.accountId}.json`), changed);
}

/** An account's file is written at most this often while changes come in (and always at exit). */
const SAVE_EVERY_MS = 100;

/**
 * Saves each changed account at most every SAVE_EVERY_MS, and every pending one when the process
 * exits (Ctrl-C included). Fifty accounts changing side by side would otherwise spend most of the
 * demo's CPU rewriting files; a SIGKILL can lose the simulated account's last 100 ms (the undo log,
 * which the tool writes, still has every change: that guarantee is the tool's, not the demo's).
 */
function throttledSaver(statePath: string, root: SimState, spent: (ms: number) => void): (changed: SimState) => void {
  const pending = new Map<string, { state: SimState; timer: NodeJS.Timeout }>();
  const flush = (id: string) => {
    const entry = pending.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    pending.delete(id);
    const saving = performance.now();
    save(statePath, root, entry.state);
    spent(performance.now() - saving);
  };
  process.once('exit', () => [...pending.keys()].forEach(flush));
  return (changed) => {
    if (pending.has(changed.accountId)) return;
    const timer = setTimeout(() => flush(changed.accountId), SAVE_EVERY_MS);
    // Waiting to save never keeps the process alive: the exit handler writes what is left.
    timer.unref();
    pending.set(changed.accountId, { state: changed, timer });
  };
}

export function openDemoOrganization(options: DemoOrgOptions): SimulatedOrganization {
  const opening = performance.now();
  const fresh = options.reset || !existsSync(options.statePath);
  let root: SimState;
  if (fresh) {
    root = freshOrganizationState({ members: options.members ?? 3, enabledRegionCount: options.regionCount, securityAccounts: true });
    saveState(options.statePath, withoutMembers(root));
    for (const account of root.organization!.accounts) if (account.member) save(options.statePath, root, account.member);
  } else {
    root = loadState(options.statePath);
    if (!root.organization) throw new InputError(t.notAnOrganization(options.statePath));
    const dir = membersDir(options.statePath);
    const files = new Set(existsSync(dir) ? readdirSync(dir) : []);
    for (const account of root.organization.accounts) {
      if (files.has(`${account.Id}.json`)) account.member = loadState(join(dir, `${account.Id}.json`));
    }
  }
  // Saves come later, outside any call (throttled; never before the organization exists): its own work.
  const org = new SimulatedOrganization(root, {
    latencyMs: options.latencyMs,
    jitterMs: options.jitterMs,
    faults: options.faults,
    seed: options.seed,
    // As for one account: the calls' units of work only when the benchmark asks for them.
    lanes: options.lanes === true,
    onChange: throttledSaver(options.statePath, root, (ms) => (org.outsideCallsMs += ms)),
  });
  org.outsideCallsMs += performance.now() - opening;
  return org;
}
