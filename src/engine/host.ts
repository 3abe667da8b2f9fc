/**
 * The one interface through which the engine talks to a person: printing, asking for an input,
 * and confirming a step. Each question carries its default, which is what a non-interactive
 * run answers; a question without one is a missing input there.
 */
import { UserQuit } from '../core/errors.js';
import type { Question } from '../core/step.js';

/** The answer to "apply this step?". `all` = yes to this and every later step. */
export type StepDecision = 'yes' | 'no' | 'all' | 'quit';

export interface ConfirmRequest {
  readonly message: string;
  /** Deleting something: the default is No, and `all` does not cover it. */
  readonly destructive: boolean;
}

export interface Host {
  /** Whether questions may be asked. */
  readonly interactive: boolean;
  /** Where human-readable output goes (stdout, or stderr under `--json`). */
  readonly out: NodeJS.WritableStream;
  print(text: string): void;
  /** Asks one question; only called when `interactive`. */
  ask(question: Question): Promise<string | boolean>;
  confirm(request: ConfirmRequest): Promise<StepDecision>;
}

/** A terminal host using @inquirer/prompts; Ctrl-C at a prompt becomes a clean quit. */
export function terminalHost(out: NodeJS.WritableStream, input: NodeJS.ReadableStream = process.stdin): Host {
  const context = { input, output: out };
  // Loaded while the account is being read, so the first question renders without waiting.
  const prompts = import('@inquirer/prompts');
  const guard = async <T>(prompt: () => Promise<T>): Promise<T> => {
    try {
      return await prompt();
    } catch (error) {
      if ((error as Error).name === 'ExitPromptError' || (error as Error).name === 'AbortPromptError') throw new UserQuit();
      throw error;
    }
  };
  return {
    interactive: true,
    out,
    print: (text) => void out.write(`${text}\n`),
    async ask(question) {
      const { input: askText, confirm } = await prompts;
      if (question.kind === 'confirm') {
        return guard(() => confirm({ message: question.message, default: question.default === true }, context));
      }
      return guard(() =>
        askText(
          {
            message: question.message,
            ...(typeof question.default === 'string' ? { default: question.default } : question.suggestion ? { default: question.suggestion } : {}),
            // A typo re-asks instead of ending the run.
            validate: (answer: string) => question.validate?.(answer) ?? true,
          },
          context,
        ),
      );
    },
    async confirm(request) {
      const { expand } = await prompts;
      type Choice = { key: 'y' | 'n' | 'a' | 'q'; name: string; value: StepDecision };
      const all: Choice = { key: 'a', name: 'All: yes to this and every later step', value: 'all' };
      const choices: Choice[] = [
        { key: 'y', name: 'Yes, apply this step', value: 'yes' },
        { key: 'n', name: 'No, skip this step', value: 'no' },
        ...(request.destructive ? [] : [all]),
        { key: 'q', name: 'Quit (nothing more is changed)', value: 'quit' },
      ];
      return guard(() => expand({ message: request.message, default: request.destructive ? 'n' : 'y', choices }, context));
    },
  };
}

/** A host that never asks: every question takes its default; used by `--yes`, `--dry-run` without a terminal, and `--json`. */
export function unattendedHost(out: NodeJS.WritableStream): Host {
  return {
    interactive: false,
    out,
    print: (text) => void out.write(`${text}\n`),
    ask: async (question) => {
      throw new Error(`internal: asked "${question.message}" without a terminal`);
    },
    confirm: async () => 'yes',
  };
}
