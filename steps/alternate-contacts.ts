/** The billing, operations and security alternate contacts are set. */
import { z } from 'zod';
import type { AlternateContact as SdkAlternateContact } from '@aws-sdk/client-account';
import { sendDoneOnRetry } from '../src/aws/create-once.js';
import { isErrorCode } from '../src/aws/errors.js';
import { defineStep, type Change, type Question, type UndoAction } from '../src/engine/step.js';
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

/** Each contact type's current value; null is "not set" (the normal state of a new account). */
export type AlternateContactsState = { contacts: Record<ContactType, Contact | null> };

export type AlternateContactPayload = { type: ContactType; contact: Contact; previous: Contact | null };

const sameContact = (a: Contact, b: Contact) =>
  a.name === b.name && a.title === b.title && sameEmail(a.email, b.email) && a.phone === b.phone;

const describe = (c: Contact) => `${c.name} (${c.title}) <${c.email}> ${c.phone}`;

function toContact(c: SdkAlternateContact): Contact {
  return { name: c.Name ?? '', title: c.Title ?? '', email: c.EmailAddress ?? '', phone: c.PhoneNumber ?? '' };
}

const label = (type: ContactType) => `${type.charAt(0)}${type.slice(1).toLowerCase()}`;

export default defineStep<AlternateContactsState, AlternateContactsInputs, AlternateContactPayload>({
  id: 'alternate-contacts',
  title: 'Billing, operations and security alternate contacts are set',
  why: 'Without alternate contacts, AWS sends security notices, abuse reports and billing warnings only to the root email address, which is often an unwatched mailbox.',
  scope: 'account',
  permissions: { observe: ['account:GetAlternateContact'], apply: ['account:PutAlternateContact'], undo: ['account:PutAlternateContact', 'account:DeleteAlternateContact'] },

  inputs: {
    schema: inputSchema,
    questions(state, given) {
      const { contacts } = state as AlternateContactsState;
      const questions: Question[] = [];
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
              message: `${label(type)} contact — ${fieldLabels[field]}:`,
              kind: 'text',
              validate: promptValidator(contactFields[field]),
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
    const [BILLING, OPERATIONS, SECURITY] = await Promise.all(CONTACT_TYPES.map(read));
    return { contacts: { BILLING, OPERATIONS, SECURITY } };
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
