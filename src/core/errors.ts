/** Typed errors the CLI maps to exit codes and one-paragraph messages (never a stack trace). */
import { texts } from '../i18n/index.js';

const t = texts('errors', { stopped: 'Stopped by the user.' }, { stopped: 'ユーザーが停止しました。' });

export const ExitCode = {
  /** Everything done (or nothing to do). */
  Done: 0,
  /** A step (or region) failed, or the run could not start (credentials, permissions). */
  Failed: 1,
  /** `--dry-run` / `plan`: changes are pending. */
  PendingChanges: 2,
  /** Bad input: flags, config file, undo log. Nothing was changed. */
  BadInput: 64,
  /** The user quit (answered `quit`, or pressed Ctrl-C). */
  Quit: 130,
} as const;

/** Bad input from the user, found before any change. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** The run cannot start or go on (no credentials, identity unknown); the message says how to fix it. */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}

/**
 * Thrown by a step's `undo` when it took back what it could and a person must finish (a role
 * AWS will not delete while something else still uses it): reported as action needed, and not
 * marked undone, so running undo again after the person acted finishes it.
 */
export class LeftForAPerson extends Error {
  override readonly name = 'LeftForAPerson';
}

/** The user chose to stop (`quit`, Ctrl-C at a prompt). */
export class UserQuit extends Error {
  override readonly name = 'UserQuit';
  constructor() {
    super(t.stopped);
  }
}
