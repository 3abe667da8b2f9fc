/** The primary contact's phone number is in international format (+country code). */
import { z } from 'zod';
import type { ContactInformation } from '@aws-sdk/client-account';
import type { ServiceHandle } from '../src/aws/clients.js';
import { defineStep, type StepContext, type UndoAction } from '../src/core/step.js';
import { callingCodeOf, hasInternationalPrefix, internationalPhone, PRIMARY_PHONE_MAX, TRUNK_PREFIX_NOTE } from '../src/phone.js';
import { countryCallingCode, promptValidator } from '../src/validate.js';

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

// The Account API's pattern for the primary contact's phone (numbers without +country code are refused).
const PRIMARY_PHONE = /^[+][\s0-9()-]+$/;

/** Whether the Account API would take this number as the primary contact's phone. */
const acceptedByAccountApi = (phone: string) => PRIMARY_PHONE.test(phone) && phone.length <= PRIMARY_PHONE_MAX;

const WHY_NOTE =
  'AWS verifies the account owner by calling or texting this number (for example when the root MFA device is lost); without the international prefix that call cannot reach it.';

export default defineStep<RootContactPhoneState, RootContactPhoneInputs, RootContactPhonePayload>({
  id: 'root-contact-phone',
  title: "The account's primary contact phone number has its international prefix",
  why: 'AWS reaches the account owner on this number to verify identity, for example to recover root access when the MFA device is lost; a number without +country code cannot be called from abroad.',
  scope: 'account',
  permissions: { observe: ['account:GetContactInformation'], apply: ['account:GetContactInformation', 'account:PutContactInformation'], undo: ['account:GetContactInformation', 'account:PutContactInformation'] },

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
        message: `Country calling code for the primary contact phone ${contact.PhoneNumber} (address country: ${contact.CountryCode ?? 'unknown'})${suggestion ? '' : ', e.g. +81'}:`,
        kind: 'text',
        validate: promptValidator(countryCallingCode),
        ...(suggestion ? { suggestion } : {}),
      }];
    },
  },

  async observe(ctx) {
    return { contact: await readContact(await ctx.aws.use('account')) };
  },

  plan(state, inputs) {
    const phone = state.contact.PhoneNumber ?? '';
    if (hasInternationalPrefix(phone)) return { changes: [] };
    if (!inputs.countryCode) {
      return { changes: [], notes: [WHY_NOTE], skipped: `the phone number ${phone} has no country code and none was given (root-contact-phone.countryCode)` };
    }
    const international = internationalPhone(phone, inputs.countryCode);
    if (!international) {
      return {
        changes: [],
        notes: [WHY_NOTE],
        skipped: `${phone} cannot be rewritten as a +${inputs.countryCode.replace(/^\+/, '')} number automatically; correct it in the account settings (Account → Contact information)`,
      };
    }
    return {
      changes: [{
        summary: 'Add the international prefix to the primary contact phone number',
        before: phone,
        after: international,
        payload: { previousPhone: phone, phone: international },
      }],
      // (The step's `why` is shown with the change; WHY_NOTE is for the skipped cases.)
      notes: [
        TRUNK_PREFIX_NOTE,
        ...(acceptedByAccountApi(phone) ? [] : [`Undo cannot write ${phone} back: the Account API only accepts numbers with +country code. Correct a wrong number in the console (Account → Contact information).`]),
      ],
    };
  },

  async apply(ctx, change) {
    const { previousPhone, phone } = change.payload;
    await writePhone(ctx, previousPhone, phone);
    const restorable = acceptedByAccountApi(previousPhone);
    return {
      kind: 'restore-contact-phone',
      description: `Put the previous primary contact phone back (${previousPhone})`,
      previousPhone,
      phone,
      ...(restorable
        ? {}
        : { manual: `The Account API accepts the primary contact phone only with +country code, so ${previousPhone} cannot be written back; if ${phone} is wrong, correct it in the console (Account → Contact information).` }),
    };
  },

  async undo(ctx, action: UndoAction) {
    const previousPhone = action.previousPhone as string;
    // Fail before any call: AWS would reject the old format with a less helpful ValidationException.
    if (!acceptedByAccountApi(previousPhone)) {
      throw new Error(
        `the previous number ${previousPhone} cannot be written back: the Account API accepts the primary contact phone only with +country code. Nothing was changed; correct the number in the console (Account → Contact information) if needed.`,
      );
    }
    await writePhone(ctx, action.phone as string, previousPhone);
  },

  undoDrift(state, action) {
    const now = state.contact.PhoneNumber;
    return now === action.phone ? undefined : `the primary contact phone was changed since this run (now ${now})`;
  },
});

async function readContact({ client, sdk }: ServiceHandle<'account'>): Promise<ContactInformation> {
  const out = await client.send(new sdk.GetContactInformationCommand({}));
  if (!out.ContactInformation) throw new Error('account:GetContactInformation returned no contact information');
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
    throw new Error(`the primary contact phone changed since it was read (expected ${expected}, found ${current.PhoneNumber}); nothing was written`);
  }
  await account.client.send(new account.sdk.PutContactInformationCommand({ ContactInformation: { ...current, PhoneNumber: phone } }));
}
