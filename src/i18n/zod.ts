/**
 * zod's own messages (the ones a schema does not set itself: "Too small", "Unrecognized key"…)
 * in the wizard's language. Importing this module installs, once for the process, a zod error
 * map that reads the language at the moment an input is checked: English is zod's own text,
 * unchanged; Japanese is written here rather than taken from zod's `ja` locale, which leaves
 * type names such as "string" and "number" in English. Field paths are not part of a message:
 * whoever prints the issue puts the path (the YAML path) in front of it, in either language.
 */
import { z } from 'zod';
import { language } from './index.js';

type Issue = Parameters<NonNullable<ReturnType<typeof z.locales.en>['localeError']>>[0];

const english = z.locales.en().localeError;

/** How a JSON/YAML value's type is named in Japanese. */
const TYPE_JA: Record<string, string> = {
  string: '文字列',
  number: '数値',
  int: '整数',
  bigint: '整数',
  boolean: '真偽値 (true か false)',
  array: 'リスト',
  object: 'マッピング',
  record: 'マッピング',
  map: 'マッピング',
  set: 'リスト',
  date: '日付',
  null: 'null',
  undefined: '値なし',
  nan: 'NaN',
  symbol: 'シンボル',
  function: '関数',
};

/** What a size limit counts, in Japanese. */
const UNIT_JA: Record<string, string> = { string: '文字', array: '個', set: '個', map: '個', file: 'バイト' };
const WHAT_JA: Record<string, string> = { string: '文字数', array: '要素の数', set: '要素の数', map: '要素の数', file: 'サイズ' };

const FORMAT_JA: Record<string, string> = {
  email: 'メールアドレス',
  url: 'URL',
  uuid: 'UUID',
  datetime: 'ISO 8601 の日時',
  date: 'ISO 8601 の日付',
  time: 'ISO 8601 の時刻',
  ipv4: 'IPv4 アドレス',
  ipv6: 'IPv6 アドレス',
  cidrv4: 'IPv4 の範囲 (CIDR)',
  cidrv6: 'IPv6 の範囲 (CIDR)',
  e164: 'E.164 形式の電話番号',
};

const typeName = (type: string) => TYPE_JA[type] ?? type;

function receivedType(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number' && Number.isNaN(input)) return 'nan';
  return typeof input;
}

const show = (value: unknown) => (typeof value === 'string' ? `"${value}"` : typeof value === 'bigint' ? `${value}` : JSON.stringify(value) ?? String(value));

function japanese(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `${typeName(issue.expected)}を指定してください (値がありません)`;
      return `${typeName(issue.expected)}を指定してください (${typeName(receivedType(issue.input))}が指定されています)`;
    case 'invalid_value':
      if (issue.values.length === 1) return `${show(issue.values[0])} を指定してください`;
      return `${issue.values.map(show).join('、')} のいずれかを指定してください`;
    case 'too_big':
    case 'too_small': {
      const big = issue.code === 'too_big';
      const n = (big ? issue.maximum : issue.minimum).toString();
      const unit = UNIT_JA[issue.origin ?? ''];
      if (unit) {
        const what = WHAT_JA[issue.origin ?? ''];
        if (issue.exact) return `${what}はちょうど ${n} ${unit}にしてください`;
        return `${what}は ${n} ${unit}${big ? (issue.inclusive ? '以下に' : '未満に') : issue.inclusive ? '以上に' : 'より多く'}してください`;
      }
      if (issue.exact) return `ちょうど ${n} にしてください`;
      return `${n} ${big ? (issue.inclusive ? '以下の値' : '未満の値') : issue.inclusive ? '以上の値' : 'より大きい値'}にしてください`;
    }
    case 'invalid_format':
      if (issue.format === 'starts_with') return `"${(issue as { prefix?: string }).prefix}" で始まる文字列にしてください`;
      if (issue.format === 'ends_with') return `"${(issue as { suffix?: string }).suffix}" で終わる文字列にしてください`;
      if (issue.format === 'includes') return `"${(issue as { includes?: string }).includes}" を含む文字列にしてください`;
      if (issue.format === 'regex') return `形式が正しくありません (パターン ${(issue as { pattern?: string }).pattern} に合いません)`;
      return `${FORMAT_JA[issue.format] ?? issue.format} の形式で指定してください`;
    case 'not_multiple_of':
      return `${issue.divisor.toString()} の倍数にしてください`;
    case 'unrecognized_keys':
      return `知らないキーです: ${issue.keys.join('、')}`;
    case 'invalid_key':
      return 'キーが正しくありません';
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (Array.isArray(options) && options.length) return `種類は ${options.map((o) => `'${String(o)}'`).join('、')} のいずれかにしてください`;
      return '値が正しくありません';
    }
    case 'invalid_element':
      return '値が正しくありません';
    default:
      return '値が正しくありません';
  }
}

z.config({ localeError: (issue) => (language() === 'ja' ? japanese(issue as Issue) : english(issue)) });
