/**
 * Field validators shared by step input schemas, flags and prompts, so a value is judged the
 * same way wherever it comes from. Each message says what is expected.
 */
import { z } from 'zod';
import type { Question } from './core/step.js';
import { texts } from './i18n/index.js';

/** The validators' messages: each says what is expected (read when a value is judged, so in the current language). */
export const validateText = texts('validate', {
  emailTooLong: 'an email address is at most 254 characters',
  emailExpected: 'expected an email address like name@example.com',
  emailListEmpty: 'give at least one email address',
  emailListTooLong: 'AWS accepts at most 10 email addresses here',
  emailListRepeated: 'the same email address is listed twice',
  phoneTooLong: 'a phone number is at most 25 characters',
  phoneCharacters: 'expected a phone number of digits, spaces and ()+-, like +81 3-1234-5678',
  phoneDigits: 'expected a phone number with at least 5 digits',
  countryCallingCode: 'expected a country calling code like +81 or +1',
  moneyAmount: 'expected a positive amount like 50 or 49.99 (at most 2 decimal places)',
  invalid: 'invalid value',
  topLevel: '(top level)',
}, {
  emailTooLong: 'E メールアドレスは 254 文字以内で指定してください',
  emailExpected: 'name@example.com のような E メールアドレスを指定してください',
  emailListEmpty: 'E メールアドレスを 1 つ以上指定してください',
  emailListTooLong: 'ここで AWS が受け付ける E メールアドレスは 10 個までです',
  emailListRepeated: '同じ E メールアドレスが 2 回指定されています',
  phoneTooLong: '電話番号は 25 文字以内で指定してください',
  phoneCharacters: '電話番号は数字、空白と ()+- だけを使い、+81 3-1234-5678 のように指定してください',
  phoneDigits: '電話番号には 5 桁以上の数字が必要です',
  countryCallingCode: '+81 や +1 のような国番号を指定してください',
  moneyAmount: '50 や 49.99 のような正の金額 (小数点以下 2 桁まで) を指定してください',
  invalid: '値が正しくありません',
  topLevel: '(最上位)',
});
const v = validateText;

// Practical address check (what AWS's contact and notification APIs accept): local@domain.tld.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export const email = z
  .string()
  .trim()
  .max(254, { error: () => v.emailTooLong })
  .regex(EMAIL, { error: () => v.emailExpected });

/** 1–10 addresses (AWS's limit for email subscribers of one notification). */
export const emailList = z
  .array(email)
  .min(1, { error: () => v.emailListEmpty })
  .max(10, { error: () => v.emailListTooLong })
  .refine((list) => new Set(list.map((e) => e.toLowerCase())).size === list.length, { error: () => v.emailListRepeated });

/** An alternate contact's phone: digits, spaces, ()+- (Account API pattern), with at least 5 digits. */
export const alternateContactPhone = z
  .string()
  .trim()
  .max(25, { error: () => v.phoneTooLong })
  .regex(/^[\s0-9()+-]+$/, { error: () => v.phoneCharacters })
  .refine((value) => value.replace(/\D/g, '').length >= 5, { error: () => v.phoneDigits });

/** An international country calling code: `+` and 1–3 digits, not starting with 0. */
export const countryCallingCode = z
  .string()
  .trim()
  .regex(/^\+?[1-9][0-9]{0,2}$/, { error: () => v.countryCallingCode })
  .transform((value) => (value.startsWith('+') ? value : `+${value}`));

/** A positive amount with at most two decimal places, as Budgets expects (USD). */
export const moneyAmount = z
  .union([z.number(), z.string().trim()])
  .transform((value) => String(value))
  .refine((value) => /^(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,2})?$/.test(value) && Number(value) > 0, { error: () => v.moneyAmount });

/** Turns a zod schema into a prompt validator (undefined = fine, else the message). */
export function promptValidator(schema: z.ZodType): (answer: string) => string | undefined {
  return (answer) => {
    const result = schema.safeParse(answer);
    return result.success ? undefined : (result.error.issues[0]?.message ?? v.invalid);
  };
}

/** Formats zod issues as `path: message` lines. */
export function formatIssues(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return `${path || v.topLevel}: ${issue.message}`;
  });
}

/** Splits a comma-separated answer ("a@example.com, b@example.com") into its non-empty items. */
export function splitList(answer: string): string[] {
  return answer.split(',').map((item) => item.trim()).filter(Boolean);
}

/** An email list typed as one comma-separated answer at a prompt. */
export const emailListAnswer = z.string().transform(splitList).pipe(emailList);

/**
 * A question for 1–10 alert addresses in one comma-separated answer. The addresses in place now
 * are the default; otherwise addresses given earlier in the run (e.g. the billing contact) are
 * offered to a person, never assumed.
 */
export function emailListQuestion(message: string, current: readonly string[], suggested: readonly string[] = []): Question {
  return {
    path: 'emails',
    message,
    kind: 'text',
    validate: promptValidator(emailListAnswer),
    parse: (answer) => emailListAnswer.parse(answer),
    ...(emailList.safeParse(current).success ? { default: current.join(', ') } : emailList.safeParse(suggested).success ? { suggestion: suggested.join(', ') } : {}),
  };
}

/** Email addresses compare without case, as `emailList` judges duplicates. */
export const sameEmail = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The same addresses, in any order and case. */
export function sameEmailSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((address) => b.some((other) => sameEmail(address, other)));
}
