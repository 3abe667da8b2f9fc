/**
 * Phone numbers and their country calling code, shared by the primary contact phone and the
 * alternate contacts: whether a number has its +country code, its international form, and
 * whether two numbers written differently are the same.
 */
import { createRequire } from 'node:module';
import { texts } from '../../src/i18n/index.js';

/** The module's texts: shown by the primary contact phone and alternate contacts steps. */
export const phoneText = texts('phone', {
  /** Shown with a suggested international form: the one thing in it a person should check. */
  trunkPrefixNote:
    'Check the new number: the national trunk prefix (e.g. the leading 0) is dropped after the country code, as dialling from abroad requires.',
}, {
  trunkPrefixNote: '新しい番号を確認してください。海外から電話をかけるときと同じく、国番号の後ろでは国内通話用の先頭の番号 (たとえば先頭の 0) を省いています。',
});

// The Account API's pattern and length for the primary contact's phone (the stricter of the two).
const INTERNATIONAL = /^[+][\s0-9()-]+$/;
export const PRIMARY_PHONE_MAX = 20;
/** The Account API's length limit for an alternate contact's phone. */
export const ALTERNATE_PHONE_MAX = 25;
// E.164: at most 15 digits including the country code.
const E164_MAX_DIGITS = 15;

/** National (trunk) prefixes that are dialled at home but dropped after the country code. Default: 0. */
const TRUNK_PREFIXES: Readonly<Record<string, readonly string[]>> = {
  '1': ['1'], // North America: "1 206 555 0100" → +1 206 555 0100
  '7': ['8'], // Russia, Kazakhstan
  '36': ['06'], // Hungary
  '370': ['8', '0'], // Lithuania (8, replaced by 0)
  '375': ['80', '8'], // Belarus
};
/** Countries whose leading 0 is part of the number and stays after the country code. */
const LEADING_ZERO_KEPT = new Set(['39', '378', '379', '225', '242']); // Italy, San Marino, Vatican, Côte d'Ivoire, Congo

export const hasInternationalPrefix = (phone: string) => phone.trim().startsWith('+');

/**
 * The international form of a nationally written number, keeping its grouping:
 * `03-1234-5678` with +81 → `+81 3-1234-5678`. Undefined when it cannot be done safely
 * (letters or an extension in the number, or longer than `maxLength`, the primary phone's
 * 20 characters unless said).
 */
export function internationalPhone(national: string, countryCode: string, maxLength = PRIMARY_PHONE_MAX): string | undefined {
  const code = countryCode.replace(/^\+/, '');
  // Dots and slashes are common separators ("01.23.45.67.89") but not allowed by the API.
  let rest = national.trim().replace(/[./]/g, ' ');
  if (!/^[\s0-9()-]+$/.test(rest)) return undefined;
  const international = new RegExp(`^(?:00|011)[\\s-]*${code}(?![0-9])`);
  if (international.test(rest)) {
    // Already dialled internationally, with an exit code instead of "+".
    rest = rest.replace(international, '');
  } else if (!LEADING_ZERO_KEPT.has(code)) {
    for (const prefix of TRUNK_PREFIXES[code] ?? ['0']) {
      // The prefix may stand alone in parentheses, "(0)20 …", or open them, "(03) …".
      const trunk = new RegExp(`^([\\s-]*\\(?)${prefix}`);
      if (trunk.test(rest)) {
        rest = rest.replace(trunk, '$1');
        break;
      }
    }
    rest = rest.replace(/^[\s-]*\(\)/, '').replace(/^[\s-]*\((\d+)\)[\s-]*/, '$1 ');
  }
  rest = rest.replace(/^[\s-]+/, '').trim();
  const digits = rest.replace(/\D/g, '');
  if (!digits || code.length + digits.length > E164_MAX_DIGITS) return undefined;
  let phone = `+${code} ${rest}`;
  if (phone.length > maxLength) phone = `+${code} ${digits}`;
  if (phone.length > maxLength) phone = `+${code}${digits}`;
  return INTERNATIONAL.test(phone) && phone.length <= maxLength ? phone : undefined;
}

const require = createRequire(import.meta.url);

/** `+81` for `JP`, from libphonenumber's metadata (loaded only when a number needs it). */
export function callingCodeOf(country: string | undefined): string | undefined {
  if (!country) return undefined;
  const { getCountryCallingCode, isSupportedCountry } = require('libphonenumber-js/min') as typeof import('libphonenumber-js/min');
  return isSupportedCountry(country) ? `+${getCountryCallingCode(country)}` : undefined;
}

/**
 * Whether two numbers reach the same line, however they are written: `03-1234-5678` and
 * `+81 3-1234-5678` are the same when national numbers are read with `countryCode`.
 */
export function samePhone(a: string, b: string, countryCode: string | undefined): boolean {
  const digits = (phone: string) => {
    const international = hasInternationalPrefix(phone) ? phone : countryCode && internationalPhone(phone, countryCode, Infinity);
    return (international || phone).replace(/\D/g, '');
  };
  const first = digits(a);
  return first.length > 0 && first === digits(b);
}
