/** The primary contact's phone number is in international format (+country code). */
import { z } from 'zod';
import type { ContactInformation } from '@aws-sdk/client-account';
import type { ServiceHandle } from '../src/aws/clients.js';
import { defineStep, type StepContext } from '../src/core/step.js';
import { texts } from '../src/i18n/index.js';
import { contactInformation } from './shared/contact-information.js';
import { callingCodeOf, hasInternationalPrefix, internationalPhone, phoneText, PRIMARY_PHONE_MAX } from './shared/phone.js';
import { countryCallingCode, promptValidator } from '../src/validate.js';
import { accountScope } from '../src/core/permission-scopes.js';

const en = {
  title: "The account's primary contact phone number has its international prefix",
  why: 'AWS reaches the account owner on this number to verify identity, for example to recover root access when the MFA device is lost; a number without +country code cannot be called from abroad.',
  question: (phone: string | undefined, country: string | undefined, suggested: boolean) =>
    `Country calling code for the primary contact phone ${phone} (address country: ${country ?? 'unknown'})${suggested ? '' : ', e.g. +81'}:`,
  whyNote: 'AWS verifies the account owner by calling or texting this number (for example when the root MFA device is lost); without the international prefix that call cannot reach it.',
  noCountryCode: (phone: string) => `the phone number ${phone} has no country code and none was given (root-contact-phone.countryCode)`,
  cannotRewrite: (phone: string, code: string) =>
    `${phone} cannot be rewritten as a +${code} number automatically; correct it in the account settings (Account → Contact information)`,
  change: 'Add the international prefix to the primary contact phone number',
  undoImpossible: (phone: string) =>
    `Undo cannot write ${phone} back: the Account API only accepts numbers with +country code. Correct a wrong number in the console (Account → Contact information).`,
  undo: (previousPhone: string) => `Put the previous primary contact phone back (${previousPhone})`,
  manual: (previousPhone: string, phone: string) =>
    `The Account API accepts the primary contact phone only with +country code, so ${previousPhone} cannot be written back; if ${phone} is wrong, correct it in the console (Account → Contact information).`,
  undoRefused: (previousPhone: string) =>
    `the previous number ${previousPhone} cannot be written back: the Account API accepts the primary contact phone only with +country code. Nothing was changed; correct the number in the console (Account → Contact information) if needed.`,
  drift: (now: string | undefined) => `the primary contact phone was changed since this run (now ${now})`,
  noContact: 'account:GetContactInformation returned no contact information',
  changedSinceRead: (expected: string, found: string | undefined) =>
    `the primary contact phone changed since it was read (expected ${expected}, found ${found}); nothing was written`,
};

const t = texts('root-contact-phone', en, {
  title: 'アカウントの主要連絡先の電話番号が +国番号付きの国際形式になっている',
  why: 'AWS は本人確認のため、この番号でアカウント所有者に連絡します (たとえば MFA デバイスを紛失したときにルートユーザーのアクセスを回復する場合)。+国番号のない番号には海外から電話をかけられません。',
  question: (phone, country, suggested) =>
    `主要連絡先の電話番号 ${phone} の国番号 (住所の国: ${country ?? '不明'})${suggested ? '' : '、例: +81'}:`,
  whyNote: 'AWS はこの番号に電話または SMS をしてアカウント所有者を確認します (たとえばルートユーザーの MFA デバイスを紛失したとき)。国番号がないと、その電話は届きません。',
  noCountryCode: (phone) => `電話番号 ${phone} に国番号がなく、国番号も指定されていない (root-contact-phone.countryCode)`,
  cannotRewrite: (phone, code) =>
    `${phone} を +${code} の番号に自動では書き換えられないため、アカウント設定 (アカウント → 連絡先情報) で修正が必要`,
  change: '主要連絡先の電話番号に国番号を付ける',
  undoImpossible: (phone) =>
    `取り消しでは ${phone} に戻せません。Account API は +国番号付きの番号しか受け付けないためです。番号が間違っていた場合は、コンソール (アカウント → 連絡先情報) で修正してください。`,
  undo: (previousPhone) => `主要連絡先の電話番号を以前の番号 (${previousPhone}) に戻す`,
  manual: (previousPhone, phone) =>
    `Account API は主要連絡先の電話番号を +国番号付きでしか受け付けないため、${previousPhone} には戻せません。${phone} が間違っている場合は、コンソール (アカウント → 連絡先情報) で修正してください。`,
  undoRefused: (previousPhone) =>
    `以前の番号 ${previousPhone} には戻せません。Account API は主要連絡先の電話番号を +国番号付きでしか受け付けません。何も変更していません。必要なら、コンソール (アカウント → 連絡先情報) で番号を修正してください。`,
  drift: (now) => `主要連絡先の電話番号がこの実行の後に変更されている (現在は ${now})`,
  noContact: 'account:GetContactInformation が連絡先情報を返しませんでした',
  changedSinceRead: (expected, found) =>
    `主要連絡先の電話番号が読み取った後に変更されていました (想定 ${expected}、実際 ${found})。何も書き込んでいません`,
});

const inputSchema = z
  .object({
    /** Asked only when the phone has no international prefix; e.g. +81. A number, as YAML reads `+81`, is fine too. */
    countryCode: z.preprocess((value) => (typeof value === 'number' ? String(value) : value), countryCallingCode).optional(),
  })
  .strict();
export type RootContactPhoneInputs = z.output<typeof inputSchema>;

/** The whole primary contact record: PutContactInformation replaces it, so every field goes back. */
export type RootContactPhoneState = { contact: ContactInformation };

export type RootContactPhonePayload = { previousPhone: string; phone: string };

/** The one undo record this step writes; `manual` when the previous number cannot be written back. */
export type RootContactPhoneUndo = { kind: 'restore-contact-phone'; description: string; previousPhone: string; phone: string; manual?: string };

// The Account API's pattern for the primary contact's phone (numbers without +country code are refused).
const PRIMARY_PHONE = /^[+][\s0-9()-]+$/;

/** Whether the Account API would take this number as the primary contact's phone. */
const acceptedByAccountApi = (phone: string) => PRIMARY_PHONE.test(phone) && phone.length <= PRIMARY_PHONE_MAX;

export default defineStep<RootContactPhoneState, RootContactPhoneInputs, RootContactPhonePayload, RootContactPhoneUndo>({
  id: 'root-contact-phone',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  permissions: {
    observe: ['account:GetContactInformation'],
    apply: ['account:GetContactInformation', 'account:PutContactInformation'],
    undo: ['account:GetContactInformation', 'account:PutContactInformation'],
    scopes: (c) => [accountScope(c, ['account:GetContactInformation', 'account:PutContactInformation'])],
  },

  inputs: {
    schema: inputSchema,
    questions(state, given) {
      const { contact } = state as RootContactPhoneState;
      if (hasInternationalPrefix(contact.PhoneNumber ?? '') || given.countryCode !== undefined) return [];
      // No default: an unattended guess could send AWS's calls to a wrong number. A person is
      // offered the code of the address country, and confirms or corrects it.
      const suggestion = callingCodeOf(contact.CountryCode);
      return [{
        path: 'countryCode',
        message: t.question(contact.PhoneNumber, contact.CountryCode, Boolean(suggestion)),
        kind: 'text',
        validate: promptValidator(countryCallingCode),
        ...(suggestion ? { suggestion } : {}),
      }];
    },
  },

  async observe(ctx) {
    // alternate-contacts reads it too: one read per run (a copy, the answer being shared).
    const contact = await contactInformation(ctx);
    if (!contact) throw new Error(t.noContact);
    return { contact: { ...contact } };
  },

  plan(state, inputs) {
    const phone = state.contact.PhoneNumber ?? '';
    if (hasInternationalPrefix(phone)) return { changes: [] };
    if (!inputs.countryCode) {
      return { changes: [], notes: [t.whyNote], skipped: t.noCountryCode(phone) };
    }
    const international = internationalPhone(phone, inputs.countryCode);
    if (!international) {
      return {
        changes: [],
        notes: [t.whyNote],
        skipped: t.cannotRewrite(phone, inputs.countryCode.replace(/^\+/, '')),
      };
    }
    return {
      changes: [{
        summary: t.change,
        before: phone,
        after: international,
        payload: { previousPhone: phone, phone: international },
      }],
      // (The step's `why` is shown with the change; whyNote is for the skipped cases.)
      notes: [
        phoneText.trunkPrefixNote,
        ...(acceptedByAccountApi(phone) ? [] : [t.undoImpossible(phone)]),
      ],
    };
  },

  async apply(ctx, change) {
    const { previousPhone, phone } = change.payload;
    await writePhone(ctx, previousPhone, phone);
    const restorable = acceptedByAccountApi(previousPhone);
    return {
      kind: 'restore-contact-phone',
      description: t.undo(previousPhone),
      previousPhone,
      phone,
      ...(restorable ? {} : { manual: t.manual(previousPhone, phone) }),
    };
  },

  async undo(ctx, action) {
    const { previousPhone, phone } = action;
    // Fail before any call: AWS would reject the old format with a less helpful ValidationException.
    if (!acceptedByAccountApi(previousPhone)) throw new Error(t.undoRefused(previousPhone));
    await writePhone(ctx, phone, previousPhone);
  },

  undoDrift(state, action) {
    const now = state.contact.PhoneNumber;
    return now === action.phone ? undefined : t.drift(now);
  },
});

async function readContact({ client, sdk }: ServiceHandle<'account'>): Promise<ContactInformation> {
  const out = await client.send(new sdk.GetContactInformationCommand({}));
  if (!out.ContactInformation) throw new Error(t.noContact);
  return out.ContactInformation;
}

/**
 * Writes the current record back with only the phone changed (Put replaces the whole record).
 * Refuses when the phone is no longer the one the plan saw, rather than overwrite someone's edit.
 */
async function writePhone(ctx: StepContext, expected: string, phone: string): Promise<void> {
  const account = await ctx.aws.use('account');
  const current = await readContact(account);
  if (current.PhoneNumber !== expected) {
    throw new Error(t.changedSinceRead(expected, current.PhoneNumber));
  }
  await account.client.send(new account.sdk.PutContactInformationCommand({ ContactInformation: { ...current, PhoneNumber: phone } }));
}
