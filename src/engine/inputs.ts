/**
 * Step inputs: each step's section of the config (plus `--set` values), checked against the
 * step's schema before anything runs, completed by questions (or their defaults), and parsed.
 */
import type { z } from 'zod';
import { formatIssues } from '../validate.js';
import { InputError } from '../core/errors.js';
import type { Host } from './host.js';
import type { AnyStep, EarlierInputs, Question } from '../core/step.js';
import { texts } from '../i18n/index.js';

const en = {
  notAStep: (key: string, known: readonly string[]) => `${key}: not a step id (known: ${known.join(', ')})`,
  notAMapping: (id: string) => `${id}: expected a mapping of this step's inputs`,
  invalid: (problems: readonly string[]) => `Invalid input:\n  ${problems.join('\n  ')}`,
};

const t = texts('engine.inputs', en, {
  notAStep: (key: string, known: readonly string[]) => `${key}: ステップ ID ではありません (使えるもの: ${known.join(', ')})`,
  notAMapping: (id: string) => `${id}: このステップの入力を項目ごとに (キー: 値 の形で) 書いてください`,
  invalid: (problems: readonly string[]) => `入力が正しくありません:\n  ${problems.join('\n  ')}`,
});

export type Section = Record<string, unknown>;

export function getPath(object: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value: unknown = object;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

export function setPath(object: Section, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let cursor: Section = object;
  for (const key of keys.slice(0, -1)) {
    if (cursor[key] === null || typeof cursor[key] !== 'object') cursor[key] = {};
    cursor = cursor[key] as Section;
  }
  cursor[keys[keys.length - 1]!] = value;
}

/** The config section a step reads: its id, or the section its inputs name (`StepInputs.section`). */
export function sectionName(step: AnyStep): string {
  return step.inputs?.section ?? step.id;
}

/** A copy of the step's config section (steps take their inputs from `<step id>:`). */
export function sectionOf(config: Readonly<Record<string, unknown>>, step: AnyStep): Section {
  const section = config[sectionName(step)];
  return section && typeof section === 'object' ? structuredClone(section as Section) : {};
}

/**
 * Finds every value that is present but wrong, and every config section that names no step,
 * before any AWS call. Missing values are not errors yet: they may be asked for, or not needed.
 */
export function checkGivenInputs(steps: readonly AnyStep[], allSteps: readonly AnyStep[], config: Readonly<Record<string, unknown>>): void {
  const problems: string[] = [];
  const known = new Set(allSteps.map((s) => s.id));
  for (const key of Object.keys(config)) {
    if (!known.has(key)) problems.push(t.notAStep(key, [...known]));
  }
  for (const step of steps) {
    const raw = config[sectionName(step)];
    if (raw !== undefined && (raw === null || typeof raw !== 'object' || Array.isArray(raw))) {
      problems.push(t.notAMapping(sectionName(step)));
      continue;
    }
    if (!step.inputs) continue;
    const given = sectionOf(config, step);
    const result = step.inputs.schema.safeParse(given);
    if (result.success) continue;
    const present = (result.error as z.ZodError).issues.filter((issue) => issue.code === 'unrecognized_keys' || getPath(given, issue.path) !== undefined);
    problems.push(...formatIssues({ issues: present } as z.ZodError, sectionName(step)));
  }
  if (problems.length) throw new InputError(t.invalid(problems));
}

/** Questions still open for a step, given what it observed (a map of region → state for region steps). */
export function openQuestions(step: AnyStep, state: unknown, given: Section, earlier: EarlierInputs): Question[] {
  return step.inputs ? step.inputs.questions(state, given, earlier) : [];
}

/** Under a run that cannot ask: defaults fill in, a question without one is a missing input. */
export function answerWithDefaults(step: AnyStep, questions: readonly Question[], given: Section): string[] {
  const missing: string[] = [];
  for (const question of questions) {
    if (question.default === undefined) missing.push(`${sectionName(step)}.${question.path} (${question.message.replace(/[?:？：]\s*$/, '')})`);
    else setPath(given, question.path, typeof question.default === 'string' && question.parse ? question.parse(question.default) : question.default);
  }
  return missing;
}

/** Asks each question in turn; an invalid answer is re-asked by the prompt itself. */
export async function askQuestions(host: Host, questions: readonly Question[], given: Section): Promise<void> {
  for (const question of questions) {
    const answer = await host.ask(question);
    setPath(given, question.path, typeof answer === 'string' && question.parse ? question.parse(answer) : answer);
  }
}

/** Parses the completed section with the step's schema; a failure names the field path. */
export function parseInputs<I>(step: AnyStep, given: Section): I {
  if (!step.inputs) return {} as I;
  const result = step.inputs.schema.safeParse(given);
  if (!result.success) throw new InputError(t.invalid(formatIssues(result.error as z.ZodError, sectionName(step))));
  return result.data as I;
}
