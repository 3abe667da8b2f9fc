import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { withLanguage } from '../src/i18n/index.js';
import { alternateContactPhone, countryCallingCode, email, emailList, emailListQuestion, formatIssues, moneyAmount, promptValidator } from '../src/validate.js';
import { englishLeft } from './support/english.js';

/** The first message a schema gives for a value. */
const first = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues[0]?.message;

/** Every message the shared validators give for these wrong values, in order. */
const messages = () => [
  promptValidator(email)('x'.repeat(250) + '@example.com'),
  promptValidator(email)('nope'),
  first(emailList, []),
  first(emailList, Array.from({ length: 11 }, (_, i) => `a${i}@example.com`)),
  first(emailList, ['a@example.com', 'A@example.com']),
  promptValidator(alternateContactPhone)('1'.repeat(26)),
  promptValidator(alternateContactPhone)('call me'),
  promptValidator(alternateContactPhone)('+81'),
  promptValidator(countryCallingCode)('abc'),
  promptValidator(moneyAmount)('0.001'),
  emailListQuestion('Emails:', []).validate!('a@example.com, nope'),
  formatIssues(z.object({ a: z.string() }).refine(() => false, { message: 'x' }).safeParse({ a: 'b' }).error!)[0],
];

describe('validate messages', () => {
  it('say what is expected, in English by default', () => {
    expect(messages()).toEqual([
      'an email address is at most 254 characters',
      'expected an email address like name@example.com',
      'give at least one email address',
      'AWS accepts at most 10 email addresses here',
      'the same email address is listed twice',
      'a phone number is at most 25 characters',
      'expected a phone number of digits, spaces and ()+-, like +81 3-1234-5678',
      'expected a phone number with at least 5 digits',
      'expected a country calling code like +81 or +1',
      'expected a positive amount like 50 or 49.99 (at most 2 decimal places)',
      'expected an email address like name@example.com',
      '(top level): x',
    ]);
  });

  it('and in Japanese, judged when the value is checked (the schemas are made once)', () => {
    const ja = withLanguage('ja', messages);
    expect(ja).toEqual([
      'E メールアドレスは 254 文字以内で指定してください',
      'name@example.com のような E メールアドレスを指定してください',
      'E メールアドレスを 1 つ以上指定してください',
      'ここで AWS が受け付ける E メールアドレスは 10 個までです',
      '同じ E メールアドレスが 2 回指定されています',
      '電話番号は 25 文字以内で指定してください',
      '電話番号は数字、空白と ()+- だけを使い、+81 3-1234-5678 のように指定してください',
      '電話番号には 5 桁以上の数字が必要です',
      '+81 や +1 のような国番号を指定してください',
      '50 や 49.99 のような正の金額 (小数点以下 2 桁まで) を指定してください',
      'name@example.com のような E メールアドレスを指定してください',
      '(最上位): x',
    ]);
    for (const text of ja) expect(englishLeft(text!)).toEqual([]);
  });
});
