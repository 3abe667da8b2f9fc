/**
 * `--demo`: the wizard against a simulated fresh account whose state is kept in a file between
 * runs, so a second run, `plan` and `undo` see what the first run did.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../core/errors.js';
import { texts } from '../i18n/index.js';
import { toolHome } from '../undo/log.js';
import { SimulatedAccount, type SimFault } from './account.js';
import { freshAccountState, type SimState } from './state.js';

const t = texts(
  'demo',
  {
    unknownFormat: 'unknown format',
    notDemoFile: (path: string, error: Error) => `--demo-state: ${path} is not a demo account file (${error.message}); use --demo-reset to start a fresh one.`,
  },
  {
    unknownFormat: '形式が違います',
    notDemoFile: (path: string, error: Error) => {
      // Node's own sentence is English: a file that is not JSON is said so, a system error by its code.
      const reason = error instanceof SyntaxError ? 'JSON として読めません' : ((error as NodeJS.ErrnoException).code ?? error.message);
      return `--demo-state: ${path} はデモアカウントのファイルではありません (${reason})。新しく始めるには --demo-reset を付けてください。`;
    },
  },
);

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

export function loadState(path: string): SimState {
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as SimState;
    if (state.version !== 1 || typeof state.accountId !== 'string') throw new Error(t.unknownFormat);
    return state;
  } catch (error) {
    throw new InputError(t.notDemoFile(path, error as Error));
  }
}

/** Writes atomically (temp file + rename) so a crash never leaves a half-written state file. */
export function saveState(path: string, state: SimState): void {
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
