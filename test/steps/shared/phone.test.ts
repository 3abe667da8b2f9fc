import { describe, expect, it } from 'vitest';
import { withLanguage } from '../../../src/i18n/index.js';
import { ALTERNATE_PHONE_MAX, callingCodeOf, internationalPhone, phoneText, samePhone } from '../../../steps/shared/phone.js';
import { englishLeft } from '../../support/english.js';

// The Account API's rule for the primary contact phone.
const acceptedByAws = (phone: string) => /^[+][\s0-9()-]+$/.test(phone) && phone.length <= 20;

describe('internationalPhone', () => {
  it.each([
    ['03-1234-5678', '+81', '+81 3-1234-5678'], // Japan: trunk 0 dropped
    ['(03) 1234-5678', '81', '+81 3 1234-5678'],
    ['020 7946 0000', '+44', '+44 20 7946 0000'], // UK
    ['(0)20 7946 0000', '+44', '+44 20 7946 0000'],
    ['01.23.45.67.89', '+33', '+33 1 23 45 67 89'], // France, dots are not allowed by AWS
    ['06 1234 5678', '+39', '+39 06 1234 5678'], // Italy keeps its leading 0
    ['(206) 555-0100', '+1', '+1 206 555-0100'], // North America, no trunk 1 written
    ['1-206-555-0100', '+1', '+1 206-555-0100'],
    ['8 495 123-45-67', '+7', '+7 495 123-45-67'], // Russia: trunk 8
    ['06 1 234 5678', '+36', '+36 1 234 5678'], // Hungary: trunk 06
    ['0081 3-1234-5678', '+81', '+81 3-1234-5678'], // already dialled with an exit code
    ['0 12 34 56 78 90 12', '+33', '+33 123456789012'], // too long with spaces: compacted to fit 20 characters
  ])('%s with %s → %s', (national, code, expected) => {
    const phone = internationalPhone(national, code);
    expect(phone).toBe(expected);
    expect(acceptedByAws(phone!)).toBe(true);
  });

  it.each([
    ['03-1234-5678 ext 12', '+81'], // letters: a person must decide
    ['0', '+81'], // no digits left
    ['0 1234 5678 9012 3456', '+44'], // more than E.164's 15 digits
  ])('refuses %s with %s', (national, code) => {
    expect(internationalPhone(national, code)).toBeUndefined();
  });

  it("keeps the grouping up to the alternate contacts' longer limit (25 characters)", () => {
    expect(internationalPhone('0 12 34 56 78 90 12', '+33', ALTERNATE_PHONE_MAX)).toBe('+33 12 34 56 78 90 12');
  });
});

describe('callingCodeOf', () => {
  it('gives the calling code of a country, and nothing for an unknown one', () => {
    expect(callingCodeOf('JP')).toBe('+81');
    expect(callingCodeOf('US')).toBe('+1');
    expect(callingCodeOf('DE')).toBe('+49');
    expect(callingCodeOf('XX')).toBeUndefined();
    expect(callingCodeOf(undefined)).toBeUndefined();
  });
});

describe('samePhone', () => {
  it('matches one number written nationally and internationally, with other grouping', () => {
    expect(samePhone('03-1234-5678', '+81 3-1234-5678', '+81')).toBe(true);
    expect(samePhone('+81 (3) 1234 5678', '+81 3-1234-5678', undefined)).toBe(true);
    expect(samePhone('0081 3-1234-5678', '+81312345678', '+81')).toBe(true);
  });

  it('tells different numbers apart, and a national number from another country', () => {
    expect(samePhone('+81 3-1234-5678', '+81 3-1234-5679', '+81')).toBe(false);
    expect(samePhone('03-1234-5678', '+44 3-1234-5678', '+81')).toBe(false);
    // Without a country code a national number is only compared digit for digit.
    expect(samePhone('03-1234-5678', '+81 3-1234-5678', undefined)).toBe(false);
    expect(samePhone('', '', '+81')).toBe(false);
  });
});

describe('phoneText', () => {
  it('says what to check in a suggested number, in the current language', () => {
    expect(phoneText.trunkPrefixNote).toMatch(/^Check the new number: the national trunk prefix/);
    const ja = withLanguage('ja', () => phoneText.trunkPrefixNote);
    expect(ja).toMatch(/^新しい番号を確認してください。/);
    expect(englishLeft(ja)).toEqual([]);
  });
});
