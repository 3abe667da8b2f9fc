/**
 * The one interface through which the engine talks to a person: printing, asking for an input,
 * and confirming a step. Each question carries its default, which is what a non-interactive
 * run answers; a question without one is a missing input there.
 */
import { UserQuit } from '../core/errors.js';
import type { Question } from '../core/step.js';
import { texts } from '../i18n/index.js';
import { terminalColumns, wrapText } from '../i18n/wrap.js';

const en = {
  yes: 'Yes, apply this step',
  no: 'No, skip this step',
  all: 'All: yes to this and every later step',
  quit: 'Quit (nothing more is changed)',
  /** A third answer to one question for many regions (or accounts): pick which. */
  choose: (what: 'regions' | 'accounts') => `Choose ${what}: the ones not chosen are kept`,
  chooseMessage: (what: 'regions' | 'accounts') => `Which ${what}? The others are kept as they are.`,
  edit: 'Edit the answers (asked again, the previous ones as defaults)',
  /** Under the choices: a key acts at once. */
  keyHint: (enter: string) => `Press a key; Enter is ${enter}.`,
  /** The prompts' own messages, for an answer they cannot take. */
  noValue: 'Please input a value',
  notAnOption: (value: string) => `"${value}" isn't an available option`,
  mustProvide: 'You must provide a value',
  mustBeValid: 'You must provide a valid value',
};

const t = texts('host', en, {
  yes: 'はい、このステップを適用する',
  no: 'いいえ、このステップをスキップする',
  all: 'すべて: このステップと以降のすべてのステップを適用する',
  quit: '終了 (これ以上は何も変更しない)',
  choose: (what: 'regions' | 'accounts') => `${what === 'regions' ? 'リージョン' : 'アカウント'}を選ぶ: 選ばなかったものはそのまま残す`,
  chooseMessage: (what: 'regions' | 'accounts') => `どの${what === 'regions' ? 'リージョン' : 'アカウント'}にしますか? 選ばなかったものはそのまま残します。`,
  edit: '回答を修正する (前の回答を既定値にして、もう一度質問します)',
  keyHint: (enter: string) => `キーを押すとすぐに決まります。Enter は ${enter} です。`,
  noValue: '値を入力してください',
  notAnOption: (value: string) => `「${value}」は選択肢にありません`,
  mustProvide: '値を入力してください',
  mustBeValid: '有効な値を入力してください',
});

/**
 * The prompts' own messages (@inquirer writes them in English) in the language of the run: they
 * pass through the theme's error style, which is where they are exchanged.
 */
function promptMessage(text: string): string {
  if (text === 'Please input a value') return t.noValue;
  if (text === 'You must provide a value') return t.mustProvide;
  if (text === 'You must provide a valid value') return t.mustBeValid;
  const option = /^"(.*)" isn't an available option$/s.exec(text);
  return option ? t.notAnOption(option[1]!) : text;
}

/**
 * Prints to a stream: wrapped at the terminal's width on a terminal, as it is when piped (a
 * pipe has no width, and a log or a grep wants whole lines).
 */
export function printer(out: NodeJS.WritableStream): (text: string) => void {
  return (text) => {
    const columns = terminalColumns(out);
    out.write(`${columns ? wrapText(text, columns) : text}\n`);
  };
}

/**
 * The width to lay tables out for: the terminal's, 80 on a terminal that does not say, none when
 * piped (each row on one line).
 */
export function layoutColumns(out: NodeJS.WritableStream): number | undefined {
  return terminalColumns(out) ?? ((out as Partial<NodeJS.WriteStream>).isTTY ? 80 : undefined);
}

/**
 * The answer to "apply this step?". `all` = yes to this and every later step; `some` = the person
 * chose some of the request's `choose` items (asked with `pick`); `edit` = ask the inputs again.
 */
export type StepDecision = 'yes' | 'no' | 'all' | 'quit' | 'some' | 'edit';

export interface ConfirmRequest {
  readonly message: string;
  /** Deleting something: the default is No, and `all` does not cover it. */
  readonly destructive: boolean;
  /** One question for many regions or accounts: a third answer lets a person choose some. */
  readonly choose?: 'regions' | 'accounts';
  /** A warning about the answers was shown: offer to edit them. */
  readonly edit?: boolean;
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
  /** After `some`: which of `items` (regions or accounts); none is chosen to begin with. */
  pick(what: 'regions' | 'accounts', items: readonly string[]): Promise<string[]>;
}

/** A terminal host using @inquirer/prompts; Ctrl-C at a prompt becomes a clean quit. */
export function terminalHost(out: NodeJS.WritableStream, input: NodeJS.ReadableStream = process.stdin): Host {
  const context = { input, output: out };
  const red = (text: string) => ((out as Partial<NodeJS.WriteStream>).isTTY && !process.env.NO_COLOR ? `\x1b[31m${text}\x1b[39m` : text);
  const theme = { style: { error: (text: string) => red(`> ${promptMessage(text)}`) } };
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
    print: printer(out),
    async ask(question) {
      const { input: askText, confirm } = await prompts;
      if (question.kind === 'confirm') {
        return guard(() => confirm({ message: question.message, default: question.default === true, theme }, context));
      }
      return guard(() =>
        askText(
          {
            message: question.message,
            ...(typeof question.default === 'string' ? { default: question.default } : question.suggestion ? { default: question.suggestion } : {}),
            // A typo re-asks instead of ending the run.
            validate: (answer: string) => question.validate?.(answer) ?? true,
            theme,
          },
          context,
        ),
      );
    },
    async confirm(request) {
      const keyPrompt = await keyChoicePrompt;
      type Choice = KeyChoice<StepDecision>;
      const all: Choice = { key: 'a', name: t.all, value: 'all' };
      const choices: Choice[] = [
        { key: 'y', name: t.yes, value: 'yes' },
        { key: 'n', name: t.no, value: 'no' },
        ...(request.choose ? [{ key: 'c', name: t.choose(request.choose), value: 'some' } as Choice] : []),
        ...(request.edit ? [{ key: 'e', name: t.edit, value: 'edit' } as Choice] : []),
        ...(request.destructive ? [] : [all]),
        { key: 'q', name: t.quit, value: 'quit' },
      ];
      return guard(() => keyPrompt({ message: request.message, default: request.destructive ? 'n' : 'y', choices, hint: t.keyHint, theme }, context) as Promise<StepDecision>);
    },
    async pick(what, items) {
      const { checkbox } = await prompts;
      return guard(() => checkbox({ message: t.chooseMessage(what), choices: items.map((value) => ({ value, name: value })), pageSize: 20, theme }, context));
    },
  };
}

/** One choice of a key prompt. */
export interface KeyChoice<V> {
  readonly key: string;
  readonly name: string;
  readonly value: V;
}

/**
 * A question answered with one key: the key acts at once, Enter takes the default. (The expand
 * prompt of @inquirer/prompts waits for Enter after the key.) The choices are listed under the
 * question while it is asked; once answered, only the answer stays on the screen.
 */
const keyChoicePrompt = import('@inquirer/core').then(({ createPrompt, isEnterKey, makeTheme, useKeypress, usePrefix, useState }) =>
  createPrompt<unknown, { message: string; default: string; choices: ReadonlyArray<KeyChoice<unknown>>; hint: (enter: string) => string; theme?: object }>((config, done) => {
    const [status, setStatus] = useState<'idle' | 'done'>('idle');
    const [chosen, setChosen] = useState<KeyChoice<unknown> | undefined>(undefined);
    const [unknown, setUnknown] = useState<string | undefined>(undefined);
    const theme = makeTheme(config.theme);
    const prefix = usePrefix({ status, theme });
    const fallback = config.choices.find((c) => c.key === config.default) ?? config.choices[0]!;
    useKeypress((key, rl) => {
      const typed = (key.name ?? '').toLowerCase();
      const choice = isEnterKey(key) ? fallback : config.choices.find((c) => c.key === typed);
      rl.clearLine(0);
      if (!choice) {
        if (typed && typed !== 'backspace') setUnknown(typed);
        return;
      }
      setChosen(choice);
      setStatus('done');
      done(choice.value);
    });
    const message = theme.style.message(config.message, status);
    if (status === 'done' && chosen) return `${prefix} ${message} ${theme.style.answer(chosen.name)}`;
    const keys = config.choices.map((c) => (c.key === config.default ? c.key.toUpperCase() : c.key)).join('/');
    const list = config.choices.map((c) => `  ${c.key}) ${c.name}`);
    const error = unknown ? [theme.style.error(`"${unknown}" isn't an available option`)] : [];
    return [`${prefix} ${message} ${theme.style.defaultAnswer(keys)}`, [...list, theme.style.help(config.hint(`${fallback.key}) ${fallback.name}`)), ...error].join('\n')];
  }),
);
// A failed load surfaces when a question is asked, not as an unhandled rejection.
keyChoicePrompt.catch(() => undefined);

/** A host that never asks: every question takes its default; used by `--yes`, `--dry-run` without a terminal, and `--json`. */
export function unattendedHost(out: NodeJS.WritableStream): Host {
  return {
    interactive: false,
    out,
    print: printer(out),
    ask: async (question) => {
      throw new Error(`internal: asked "${question.message}" without a terminal`);
    },
    confirm: async () => 'yes',
    pick: async (_what, items) => [...items],
  };
}
