/**
 * `--demo`: the wizard against a simulated fresh account whose state is kept in a file between
 * runs, so a second run, `plan` and `undo` see what the first run did.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../core/errors.js';
import { toolHome } from '../undo/log.js';
import { SimulatedAccount, type SimFault } from './account.js';
import { freshAccountState, type SimState } from './state.js';

export function defaultDemoStatePath(): string {
  return join(toolHome(), 'demo', 'account.json');
}

export interface DemoOptions {
  readonly statePath: string;
  /** Start again from a fresh account. */
  readonly reset: boolean;
  readonly latencyMs?: number;
  readonly jitterMs?: number;
  /** Enabled regions in a fresh demo account (17 by default). */
  readonly regionCount?: number;
  readonly faults?: readonly SimFault[];
  readonly seed?: number;
}

function loadState(path: string): SimState {
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as SimState;
    if (state.version !== 1 || typeof state.accountId !== 'string') throw new Error('unknown format');
    return state;
  } catch (error) {
    throw new InputError(`--demo-state: ${path} is not a demo account file (${(error as Error).message}); use --demo-reset to start a fresh one.`);
  }
}

/** Writes atomically (temp file + rename) so a crash never leaves a half-written state file. */
function saveState(path: string, state: SimState): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
  renameSync(temp, path);
}

export function openDemoAccount(options: DemoOptions): SimulatedAccount {
  const fresh = options.reset || !existsSync(options.statePath);
  const state = fresh ? freshAccountState({ enabledRegionCount: options.regionCount }) : loadState(options.statePath);
  if (fresh) saveState(options.statePath, state);
  return new SimulatedAccount(state, {
    latencyMs: options.latencyMs,
    jitterMs: options.jitterMs,
    faults: options.faults,
    seed: options.seed,
    onChange: (changed) => saveState(options.statePath, changed),
  });
}
