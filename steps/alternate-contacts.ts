/** The billing, operations and security alternate contacts are set. */
import { z } from 'zod';
import type { AlternateContact as SdkAlternateContact } from '@aws-sdk/client-account';
import { sendDoneOnRetry } from '../src/aws/create-once.js';
import { isErrorCode } from '../src/aws/errors.js';
import { defineStep, type Change, type Question, type UndoAction } from '../src/core/step.js';
import { ALTERNATE_PHONE_MAX, callingCodeOf, hasInternationalPrefix, internationalPhone, samePhone, TRUNK_PREFIX_NOTE } from '../src/phone.js';
import { alternateContactPhone, email, promptValidator, sameEmail } from '../src/validate.js';

const CONTACT_TYPES = ['BILLING', 'OPERATIONS', 'SECURITY'] as const;
type ContactType = (typeof CONTACT_TYPES)[number];
type ContactKey = 'billing' | 'operations' | 'security';
const keyOf = (type: ContactType) => type.toLowerCase() as ContactKey;

const contactFields = {
  name: z.string().trim().min(1, 'give a name').max(64, 'a name is at most 64 characters'),
  title: z.string().trim().min(1, 'give a title, e.g. "Head of Security"').max(50, 'a title is at most 50 characters'),
  email,
  phone: alternateContactPhone,
};
type ContactField = keyof typeof contactFields;
const FIELDS = Object.keys(contactFields) as ContactField[];
const fieldLabels: Record<ContactField, string> = { name: 'name', title: 'job title', email: 'email address', phone: 'phone number' };

const contactSchema = z.object(contactFields).strict();
export type Contact = z.output<typeof contactSchema>;

const inputSchema = z
  .object({
    billing: contactSchema.optional(),
    operations: contactSchema.optional(),
    security: contactSchema.optional(),
    /** Overwrite a contact that is already set when the configured one differs. */
    replaceExisting: z.boolean().default(false),
  })
  .strict();
export type AlternateContactsInputs = z.output<typeof inputSchema>;

/** What the alternate contacts are compared with: the primary contact's phone and address country. */
export type PrimaryContact = { phone: string; country: string | undefined };

/**
 * Each contact type's current value; null is "not set" (the normal state of a new account).
 * `primary` is null when it could not be read (it is only compared with, never changed).
 */
export type AlternateContactsState = { contacts: Record<ContactType, Contact | null>; primary: PrimaryContact | null };

export type AlternateContactPayload = { type: ContactType; contact: Contact; previous: Contact | null };

const sameContact = (a: Contact, b: Contact) =>
  a.name === b.name && a.title === b.title && sameEmail(a.email, b.email) && a.phone === b.phone;

const describe = (c: Contact) => `${c.name} (${c.title}) <${c.email}> ${c.phone}`;

function toContact(c: SdkAlternateContact): Contact {
  return { name: c.Name ?? '', title: c.Title ?? '', email: c.EmailAddress ?? '', phone: c.PhoneNumber ?? '' };
}

const label = (type: ContactType) => `${type.charAt(0)}${type.slice(1).toLowerCase()}`;

/** "billing", "billing and security", "billing, operations and security". */
const listed = (names: readonly string[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? ''));

/**
 * The calling code national numbers are read with: the primary contact's address country's.
 * Only asked for when a national number is there (its metadata takes a while to load).
 */
const countryCodeOf = (primary: PrimaryContact | null) => callingCodeOf(primary?.country);

/**
 * At a prompt, a number without +country code is asked again with its international form
 * offered (config files may keep one: AWS accepts it, the plan warns).
 */
function phoneAtPrompt(primary: PrimaryContact | null): (answer: string) => string | undefined {
  const valid = promptValidator(alternateContactPhone);
  return (answer) => {
    const problem = valid(answer);
    if (problem || hasInternationalPrefix(answer)) return problem;
    const countryCode = countryCodeOf(primary);
    const international = countryCode && internationalPhone(answer, countryCode, ALTERNATE_PHONE_MAX);
    return international
      ? `add the country code, so AWS can call it from abroad: ${international}`
      : 'add the country code, so AWS can call it from abroad, like +81 3-1234-5678';
  };
}

type Named = { type: ContactType; contact: Contact };

/**
 * Contacts that share an email address or a phone number (with each other, or the phone with the
 * primary contact's): one absent person then silences every channel. One warning per shared value.
 */
function sharedValueNotes(contacts: readonly Named[], primary: PrimaryContact | null): string[] {
  const notes: string[] = [];
  const emailGroups = groupBy(contacts, (a, b) => sameEmail(a.contact.email, b.contact.email));
  for (const group of emailGroups) {
    const shared = group[0]!.contact.email;
    const domain = shared.slice(shared.lastIndexOf('@') + 1);
    notes.push(
      `Warning: the ${listed(group.map((c) => c.type.toLowerCase()))} contacts share the email address ${shared}: one person away (or one full mailbox) silences ${everyone(group)}. ` +
        `Give each a distribution-list address that more than one person reads, e.g. ${group.map((c) => `aws-${c.type.toLowerCase()}@${domain}`).join(', ')}.`,
    );
  }
  const phones = [
    ...contacts.map((c) => ({ who: c.type.toLowerCase(), phone: c.contact.phone })),
    ...(primary?.phone ? [{ who: 'primary', phone: primary.phone }] : []),
  ];
  // Needed only to compare a national number with an international one.
  const mixed = phones.some((p) => hasInternationalPrefix(p.phone)) && phones.some((p) => !hasInternationalPrefix(p.phone));
  const countryCode = mixed ? countryCodeOf(primary) : undefined;
  for (const group of groupBy(phones, (a, b) => samePhone(a.phone, b.phone, countryCode))) {
    notes.push(
      `Warning: the ${listed(group.map((p) => p.who))} contacts share the phone number ${group[0]!.phone}: one person away silences ${everyone(group)}. ` +
        'Give each a number that reaches more than one person (a team line or an on-call rotation).',
    );
  }
  return notes;
}

const everyone = (group: readonly unknown[]) => (group.length === 2 ? 'both' : 'all of them');

/** The groups of two or more items that `same` puts together, in first-seen order. */
function groupBy<T>(items: readonly T[], same: (a: T, b: T) => boolean): T[][] {
  const groups: T[][] = [];
  for (const item of items) {
    const group = groups.find((g) => same(g[0]!, item));
    if (group) group.push(item);
    else groups.push([item]);
  }
  return groups.filter((g) => g.length > 1);
}

/** A phone without +country code is accepted (AWS takes it) with a warning and its international form. */
function nationalPhoneNotes(contacts: readonly Named[], primary: PrimaryContact | null): string[] {
  const national = contacts.filter((c) => !hasInternationalPrefix(c.contact.phone));
  if (!national.length) return [];
  const countryCode = countryCodeOf(primary);
  let suggested = false;
  const notes = national.map(({ type, contact }) => {
    const international = countryCode && internationalPhone(contact.phone, countryCode, ALTERNATE_PHONE_MAX);
    suggested ||= Boolean(international);
    const instead = international ? `use ${international}` : 'write it with its +country code, like +81 3-1234-5678';
    return `Warning: the ${type.toLowerCase()} contact's phone ${contact.phone} has no +country code: AWS accepts it, but a call from abroad cannot reach it; ${instead} (alternate-contacts.${keyOf(type)}.phone).`;
  });
  return suggested ? [...notes, TRUNK_PREFIX_NOTE] : notes;
}

export default defineStep<AlternateContactsState, AlternateContactsInputs, AlternateContactPayload>({
  id: 'alternate-contacts',
  title: 'Billing, operations and security alternate contacts are set',
  why: 'Without alternate contacts, AWS sends security notices, abuse reports and billing warnings only to the root email address, which is often an unwatched mailbox.',
  scope: 'account',
  // GetContactInformation: the primary contact's phone, to warn when a contact shares it.
  permissions: { observe: ['account:GetAlternateContact', 'account:GetContactInformation'], apply: ['account:PutAlternateContact'], undo: ['account:PutAlternateContact', 'account:DeleteAlternateContact'] },

  inputs: {
    schema: inputSchema,
    questions(state, given) {
      const { contacts, primary } = state as AlternateContactsState;
      const questions: Question[] = [];
      const phoneAnswer = phoneAtPrompt(primary);
      const replaceable: ContactType[] = [];
      for (const type of CONTACT_TYPES) {
        const key = keyOf(type);
        const section = given[key] && typeof given[key] === 'object' ? (given[key] as Record<string, unknown>) : {};
        const current = contacts[type];
        const missing = FIELDS.filter((f) => section[f] === undefined);
        // Complete a contact that is not set, or one the config started to give.
        if (!current || missing.length < FIELDS.length) {
          for (const field of missing) {
            questions.push({
              path: `${key}.${field}`,
              message: `${label(type)} contact — ${fieldLabels[field]}${field === 'phone' ? ', with +country code' : ''}:`,
              kind: 'text',
              validate: field === 'phone' ? phoneAnswer : promptValidator(contactFields[field]),
            });
          }
        }
        if (!current || missing.length === FIELDS.length) continue;
        const configured = contactSchema.safeParse(section);
        // A partly given contact will differ once completed; a complete one is compared now.
        if (missing.length || (configured.success && !sameContact(configured.data, current))) replaceable.push(type);
      }
      // Only worth asking when the config gives different values for a contact that is already set.
      if (replaceable.length && given.replaceExisting === undefined) {
        const which = replaceable.map((type) => `${label(type).toLowerCase()} (now ${describe(contacts[type]!)})`).join(', ');
        questions.push({
          path: 'replaceExisting',
          message: `Already set, and different from the config: ${which}. Replace with the configured values?`,
          kind: 'confirm',
          default: false,
        });
      }
      return questions;
    },
  },

  async observe(ctx) {
    const { client, sdk } = await ctx.aws.use('account');
    const read = async (type: ContactType): Promise<Contact | null> => {
      try {
        // No AccountId: a standalone or management account may not name itself.
        const out = await client.send(new sdk.GetAlternateContactCommand({ AlternateContactType: type }));
        return out.AlternateContact ? toContact(out.AlternateContact) : null;
      } catch (error) {
        if (isErrorCode(error, 'ResourceNotFoundException')) return null;
        throw error;
      }
    };
    const readPrimary = async (): Promise<PrimaryContact | null> => {
      try {
        const { ContactInformation: primary } = await client.send(new sdk.GetContactInformationCommand({}));
        return primary ? { phone: primary.PhoneNumber ?? '', country: primary.CountryCode } : null;
      } catch (error) {
        // Read only to compare with: without the permission there is one warning less, not a failure.
        if (isErrorCode(error, 'AccessDeniedException')) return null;
        throw error;
      }
    };
    const [[BILLING, OPERATIONS, SECURITY], primary] = await Promise.all([Promise.all(CONTACT_TYPES.map(read)), readPrimary()]);
    return { contacts: { BILLING, OPERATIONS, SECURITY }, primary };
  },

  plan(state, inputs) {
    const changes: Change<AlternateContactPayload>[] = [];
    const notes: string[] = [];
    const missing: string[] = [];
    for (const type of CONTACT_TYPES) {
      const wanted = inputs[keyOf(type)];
      const current = state.contacts[type];
      if (!current) {
        if (wanted) {
          changes.push({
            summary: `Set the ${type.toLowerCase()} alternate contact`,
            before: 'not set',
            after: wanted,
            payload: { type, contact: wanted, previous: null },
          });
        } else missing.push(type.toLowerCase());
        continue;
      }
      if (!wanted || sameContact(wanted, current)) {
        notes.push(`${label(type)} contact is set: ${describe(current)}.`);
      } else if (inputs.replaceExisting) {
        changes.push({
          summary: `Replace the ${type.toLowerCase()} alternate contact`,
          before: current,
          after: wanted,
          payload: { type, contact: wanted, previous: current },
        });
      } else {
        notes.push(`${label(type)} contact is already set (${describe(current)}) and left alone; set replaceExisting: true to replace it with the configured one.`);
      }
    }
    // The contacts as they will be once the plan is applied.
    const contacts = CONTACT_TYPES.flatMap((type): Named[] => {
      const contact = changes.find((c) => c.payload.type === type)?.payload.contact ?? state.contacts[type];
      return contact ? [{ type, contact }] : [];
    });
    notes.push(...sharedValueNotes(contacts, state.primary), ...nationalPhoneNotes(contacts, state.primary));
    if (missing.length) {
      const sentence = `No values given for the ${missing.join(', ')} contact${missing.length > 1 ? 's' : ''} (config section alternate-contacts:), so not set.`;
      if (!changes.length) return { changes, notes, skipped: sentence };
      notes.push(sentence);
    }
    return { changes, notes };
  },

  async apply(ctx, change) {
    const { client, sdk } = await ctx.aws.use('account');
    const { type, contact, previous } = change.payload;
    await client.send(new sdk.PutAlternateContactCommand(putInput(type, contact)));
    return previous
      ? { kind: 'restore-alternate-contact', description: `Put the previous ${type.toLowerCase()} contact back (${describe(previous)})`, type, previous, applied: contact }
      : { kind: 'delete-alternate-contact', description: `Remove the ${type.toLowerCase()} contact (none was set before)`, type, applied: contact };
  },

  async undo(ctx, action: UndoAction) {
    const { client, sdk } = await ctx.aws.use('account');
    const type = action.type as ContactType;
    if (action.kind === 'restore-alternate-contact') {
      await client.send(new sdk.PutAlternateContactCommand(putInput(type, action.previous as Contact)));
    } else {
      // A retry after a lost answer finds the contact gone: our own first attempt's doing.
      await sendDoneOnRetry(new sdk.DeleteAlternateContactCommand({ AlternateContactType: type }), (c) => client.send(c), 'ResourceNotFoundException');
    }
  },

  undoDrift(state, action) {
    const type = action.type as ContactType;
    const current = state.contacts[type];
    if (!current) return `the ${type.toLowerCase()} contact was removed since this run`;
    return sameContact(current, action.applied as Contact) ? undefined : `the ${type.toLowerCase()} contact was changed since this run (now ${describe(current)})`;
  },
});

function putInput(type: ContactType, contact: Contact) {
  return { AlternateContactType: type, Name: contact.name, Title: contact.title, EmailAddress: contact.email, PhoneNumber: contact.phone };
}
