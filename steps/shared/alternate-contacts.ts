/**
 * The billing, operations and security alternate contacts: their inputs (schema, questions,
 * validation), texts, reading and planning, shared by the per-account step (alternate-contacts)
 * and the organization-wide one (organization-contacts), which set the same contacts.
 */
import { z } from 'zod';
import type { AlternateContact as SdkAlternateContact } from '@aws-sdk/client-account';
import type { AwsAccess } from '../../src/aws/clients.js';
import { isErrorCode } from '../../src/aws/errors.js';
import type { Change, Plan, Question, StepContext } from '../../src/core/step.js';
import { texts } from '../../src/i18n/index.js';
import { contactInformation } from './contact-information.js';
import { ALTERNATE_PHONE_MAX, callingCodeOf, hasInternationalPrefix, internationalPhone, phoneText, samePhone } from './phone.js';
import { alternateContactPhone, email, promptValidator, sameEmail } from '../../src/validate.js';

export const CONTACT_TYPES = ['BILLING', 'OPERATIONS', 'SECURITY'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];
type ContactKey = 'billing' | 'operations' | 'security';
export const keyOf = (type: ContactType) => type.toLowerCase() as ContactKey;
/** Who a shared value is shared with: an alternate contact, or the primary contact (only compared with). */
type Holder = ContactType | 'PRIMARY';

const enKinds = { BILLING: 'billing', OPERATIONS: 'operations', SECURITY: 'security', PRIMARY: 'primary' };
const jaKinds: typeof enKinds = { BILLING: '請求', OPERATIONS: 'オペレーション', SECURITY: 'セキュリティ', PRIMARY: '主要' };
const capital = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
/** "billing", "billing and security", "billing, operations and security". */
const listed = (names: readonly string[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? ''));
const enEveryone = (count: number) => (count === 2 ? 'both' : 'all of them');
/** 代替の連絡先 (請求、セキュリティ) が, with 主要連絡先 after them when the primary contact is one. */
const jaHolders = (holders: readonly Holder[]) => {
  const alternates = holders.filter((h): h is ContactType => h !== 'PRIMARY').map((h) => jaKinds[h]);
  const named = alternates.length ? `代替の連絡先 (${alternates.join('、')})` : '';
  if (!holders.includes('PRIMARY')) return `${named} が`;
  return named ? `${named} と主要連絡先が` : '主要連絡先が';
};
const jaEveryone = (count: number) => (count === 2 ? '両方' : 'すべて');

const en = {
  title: 'Billing, operations and security alternate contacts are set',
  why: 'Without alternate contacts, AWS sends security notices, abuse reports and billing warnings only to the root email address, which is often an unwatched mailbox.',
  kinds: enKinds,
  fields: { name: 'name', title: 'job title', email: 'email address', phone: 'phone number' },
  nameRequired: 'give a name',
  nameTooLong: 'a name is at most 64 characters',
  titleRequired: 'give a title, e.g. "Head of Security"',
  titleTooLong: 'a title is at most 50 characters',
  question: (type: ContactType, field: string, phone: boolean) => `${capital(enKinds[type])} contact — ${field}${phone ? ', with +country code' : ''}:`,
  addCountryCode: (international: string) => `add the country code, so AWS can call it from abroad: ${international}`,
  addCountryCodeExample: 'add the country code, so AWS can call it from abroad, like +81 3-1234-5678',
  replaceQuestion: (current: ReadonlyArray<{ type: ContactType; now: string }>) =>
    `Already set, and different from the config: ${current.map(({ type, now }) => `${enKinds[type]} (now ${now})`).join(', ')}. Replace with the configured values?`,
  sharedEmail: (holders: readonly Holder[], shared: string, suggestions: string) =>
    `Warning: the ${listed(holders.map((h) => enKinds[h]))} contacts share the email address ${shared}: one person away (or one full mailbox) silences ${enEveryone(holders.length)}. ` +
    `Give each a distribution-list address that more than one person reads, e.g. ${suggestions}.`,
  sharedPhone: (holders: readonly Holder[], phone: string) =>
    `Warning: the ${listed(holders.map((h) => enKinds[h]))} contacts share the phone number ${phone}: one person away silences ${enEveryone(holders.length)}. ` +
    'Give each a number that reaches more than one person (a team line or an on-call rotation).',
  nationalPhone: (type: ContactType, phone: string, international: string | undefined) =>
    `Warning: the ${enKinds[type]} contact's phone ${phone} has no +country code: AWS accepts it, but a call from abroad cannot reach it; ` +
    `${international ? `use ${international}` : 'write it with its +country code, like +81 3-1234-5678'} (alternate-contacts.${keyOf(type)}.phone).`,
  set: (type: ContactType) => `Set the ${enKinds[type]} alternate contact`,
  notSet: 'not set',
  replace: (type: ContactType) => `Replace the ${enKinds[type]} alternate contact`,
  isSet: (type: ContactType, now: string) => `${capital(enKinds[type])} contact is set: ${now}.`,
  leftAlone: (type: ContactType, now: string) =>
    `${capital(enKinds[type])} contact is already set (${now}) and left alone; set replaceExisting: true to replace it with the configured one.`,
  noValues: (types: readonly ContactType[]) =>
    `No values given for the ${types.map((type) => enKinds[type]).join(', ')} contact${types.length > 1 ? 's' : ''} (config section alternate-contacts:), so not set.`,
  undoRestore: (type: ContactType, previous: string) => `Put the previous ${enKinds[type]} contact back (${previous})`,
  undoDelete: (type: ContactType) => `Remove the ${enKinds[type]} contact (none was set before)`,
  driftRemoved: (type: ContactType) => `the ${enKinds[type]} contact was removed since this run`,
  driftChanged: (type: ContactType, now: string) => `the ${enKinds[type]} contact was changed since this run (now ${now})`,
};

/** The contacts' texts (shown by both steps). */
export const contactsText = texts('alternate-contacts', en, {
  title: '代替の連絡先 (請求、オペレーション、セキュリティ) が設定されている',
  why: '代替の連絡先がないと、AWS はセキュリティに関する通知、不正利用の報告、請求の警告をルートユーザーの E メールアドレスにしか送りません。そのメールボックスは誰も見ていないことがよくあります。',
  kinds: jaKinds,
  fields: { name: '氏名', title: '役職', email: 'E メールアドレス', phone: '電話番号' },
  nameRequired: '氏名を指定してください',
  nameTooLong: '氏名は 64 文字以内で指定してください',
  titleRequired: '役職を指定してください (例: 「セキュリティ責任者」)',
  titleTooLong: '役職は 50 文字以内で指定してください',
  question: (type, field, phone) => `代替の連絡先 (${jaKinds[type]}) — ${field}${phone ? ' (+国番号付き)' : ''}:`,
  addCountryCode: (international) => `AWS が海外から電話できるように、国番号を付けてください: ${international}`,
  addCountryCodeExample: 'AWS が海外から電話できるように、+81 3-1234-5678 のように国番号を付けてください',
  replaceQuestion: (current) =>
    `すでに設定されていて、設定ファイルと異なります: ${current.map(({ type, now }) => `${jaKinds[type]} (現在: ${now})`).join('、')}。設定ファイルの値で置き換えますか?`,
  sharedEmail: (holders, shared, suggestions) =>
    `警告: ${jaHolders(holders)}同じ E メールアドレス ${shared} を使っています。1 人が不在になる (またはメールボックスが 1 つ満杯になる) だけで、${jaEveryone(holders.length)}に連絡が届かなくなります。` +
    `それぞれに、複数の人が読む配信リストのアドレスを指定してください (例: ${suggestions})。`,
  sharedPhone: (holders, phone) =>
    `警告: ${jaHolders(holders)}同じ電話番号 ${phone} を使っています。1 人が不在になるだけで、${jaEveryone(holders.length)}に連絡が届かなくなります。` +
    'それぞれに、複数の人につながる番号 (チームの代表番号やオンコール当番の番号) を指定してください。',
  nationalPhone: (type, phone, international) =>
    `警告: 代替の連絡先 (${jaKinds[type]}) の電話番号 ${phone} に +国番号がありません。AWS は受け付けますが、海外からの電話は届きません。` +
    `${international ? `${international} を使ってください` : '+81 3-1234-5678 のように +国番号を付けて書いてください'} (alternate-contacts.${keyOf(type)}.phone)。`,
  set: (type) => `代替の連絡先 (${jaKinds[type]}) を設定する`,
  notSet: '未設定',
  replace: (type) => `代替の連絡先 (${jaKinds[type]}) を置き換える`,
  isSet: (type, now) => `代替の連絡先 (${jaKinds[type]}) は設定済みです: ${now}。`,
  leftAlone: (type, now) =>
    `代替の連絡先 (${jaKinds[type]}) はすでに設定されているため (${now})、変更しません。設定ファイルの値で置き換えるには replaceExisting: true を指定してください。`,
  noValues: (types) =>
    `代替の連絡先 (${types.map((type) => jaKinds[type]).join('、')}) の値が指定されていない (設定ファイルのセクション alternate-contacts:) ため、設定しません。`,
  undoRestore: (type, previous) => `代替の連絡先 (${jaKinds[type]}) を以前の値 (${previous}) に戻す`,
  undoDelete: (type) => `代替の連絡先 (${jaKinds[type]}) を削除する (以前は未設定)`,
  driftRemoved: (type) => `代替の連絡先 (${jaKinds[type]}) がこの実行の後に削除されている`,
  driftChanged: (type, now) => `代替の連絡先 (${jaKinds[type]}) がこの実行の後に変更されている (現在: ${now})`,
});

const t = contactsText;

const contactFields = {
  name: z.string().trim().min(1, { error: () => t.nameRequired }).max(64, { error: () => t.nameTooLong }),
  title: z.string().trim().min(1, { error: () => t.titleRequired }).max(50, { error: () => t.titleTooLong }),
  email,
  phone: alternateContactPhone,
};
type ContactField = keyof typeof contactFields;
const FIELDS = Object.keys(contactFields) as ContactField[];

const contactSchema = z.object(contactFields).strict();
export type Contact = z.output<typeof contactSchema>;

/** The inputs of both steps: the `alternate-contacts:` config section. */
export const alternateContactsSchema = z
  .object({
    billing: contactSchema.optional(),
    operations: contactSchema.optional(),
    security: contactSchema.optional(),
    /** Overwrite a contact that is already set when the configured one differs. */
    replaceExisting: z.boolean().default(false),
  })
  .strict();
export type AlternateContactsInputs = z.output<typeof alternateContactsSchema>;

/** What the alternate contacts are compared with: the primary contact's phone and address country. */
export type PrimaryContact = { phone: string; country: string | undefined };

/**
 * Each contact type's current value; null is "not set" (the normal state of a new account).
 * `primary` is null when it could not be read (it is only compared with, never changed).
 */
export type AlternateContactsState = { contacts: Record<ContactType, Contact | null>; primary: PrimaryContact | null };

export type AlternateContactPayload = { type: ContactType; contact: Contact; previous: Contact | null };

/** The undo records this step writes: put a replaced contact back, or remove one that was not set. */
export type AlternateContactsUndo =
  | { kind: 'restore-alternate-contact'; description: string; type: ContactType; previous: Contact; applied: Contact }
  | { kind: 'delete-alternate-contact'; description: string; type: ContactType; applied: Contact };

export const sameContact = (a: Contact, b: Contact) =>
  a.name === b.name && a.title === b.title && sameEmail(a.email, b.email) && a.phone === b.phone;

export const describe = (c: Contact) => `${c.name} (${c.title}) <${c.email}> ${c.phone}`;

export function toContact(c: SdkAlternateContact): Contact {
  return { name: c.Name ?? '', title: c.Title ?? '', email: c.EmailAddress ?? '', phone: c.PhoneNumber ?? '' };
}

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
    return international ? t.addCountryCode(international) : t.addCountryCodeExample;
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
    notes.push(t.sharedEmail(group.map((c) => c.type), shared, group.map((c) => `aws-${c.type.toLowerCase()}@${domain}`).join(', ')));
  }
  const phones: Array<{ who: Holder; phone: string }> = [
    ...contacts.map((c) => ({ who: c.type, phone: c.contact.phone })),
    ...(primary?.phone ? [{ who: 'PRIMARY' as const, phone: primary.phone }] : []),
  ];
  // Needed only to compare a national number with an international one.
  const mixed = phones.some((p) => hasInternationalPrefix(p.phone)) && phones.some((p) => !hasInternationalPrefix(p.phone));
  const countryCode = mixed ? countryCodeOf(primary) : undefined;
  for (const group of groupBy(phones, (a, b) => samePhone(a.phone, b.phone, countryCode))) {
    notes.push(t.sharedPhone(group.map((p) => p.who), group[0]!.phone));
  }
  return notes;
}

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
    const international = (countryCode && internationalPhone(contact.phone, countryCode, ALTERNATE_PHONE_MAX)) || undefined;
    suggested ||= Boolean(international);
    return t.nationalPhone(type, contact.phone, international);
  });
  return suggested ? [...notes, phoneText.trunkPrefixNote] : notes;
}


/** Which contacts an account has, by type; null is "not set" (the normal state of a new account). */
export type Contacts = Record<ContactType, Contact | null>;

/**
 * The questions for the contacts, given what the accounts have (one account, or every account of
 * the organization; `undefined` for an account that could not be read yet): a contact type's
 * fields where some account lacks it or the config started to give it, and whether to replace
 * contacts already set that differ from the config.
 */
export function contactQuestions(accounts: ReadonlyArray<Contacts | undefined>, primary: PrimaryContact | null, given: Readonly<Record<string, unknown>>): Question[] {
  const questions: Question[] = [];
  const phoneAnswer = phoneAtPrompt(primary);
  const replaceable: Array<{ type: ContactType; now: string }> = [];
  for (const type of CONTACT_TYPES) {
    const key = keyOf(type);
    const section = given[key] && typeof given[key] === 'object' ? (given[key] as Record<string, unknown>) : {};
    const set = accounts.flatMap((contacts) => (contacts?.[type] ? [contacts[type]] : []));
    const missing = FIELDS.filter((f) => section[f] === undefined);
    // Complete a contact that some account has not set, or one the config started to give.
    if (set.length < accounts.length || missing.length < FIELDS.length) {
      for (const field of missing) {
        questions.push({
          path: `${key}.${field}`,
          message: t.question(type, t.fields[field], field === 'phone'),
          kind: 'text',
          validate: field === 'phone' ? phoneAnswer : promptValidator(contactFields[field]),
        });
      }
    }
    if (!set.length || missing.length === FIELDS.length) continue;
    const configured = contactSchema.safeParse(section);
    // A partly given contact will differ once completed; a complete one is compared now.
    const differing = missing.length ? set : set.filter((current) => configured.success && !sameContact(configured.data, current));
    if (differing.length) replaceable.push({ type, now: [...new Set(differing.map(describe))].join(' | ') });
  }
  // Only worth asking when the config gives different values for a contact that is already set.
  if (replaceable.length && given.replaceExisting === undefined) {
    questions.push({ path: 'replaceExisting', message: t.replaceQuestion(replaceable), kind: 'confirm', default: false });
  }
  return questions;
}

/** One contact type's current value in an account (`accountId`: another account of the organization, through the management account). */
export async function readContact(aws: AwsAccess, type: ContactType, accountId?: string): Promise<Contact | null> {
  const { client, sdk } = await aws.use('account');
  try {
    const out = await client.send(new sdk.GetAlternateContactCommand({ AlternateContactType: type, ...(accountId ? { AccountId: accountId } : {}) }));
    return out.AlternateContact ? toContact(out.AlternateContact) : null;
  } catch (error) {
    if (isErrorCode(error, 'ResourceNotFoundException')) return null;
    throw error;
  }
}

/** The caller's own primary contact (phone and country), or null where it may not be read. */
export async function readPrimary(ctx: StepContext): Promise<PrimaryContact | null> {
  try {
    // root-contact-phone reads it too: one read per run.
    const primary = await contactInformation(ctx);
    return primary ? { phone: primary.PhoneNumber ?? '', country: primary.CountryCode } : null;
  } catch (error) {
    // Read only to compare with: without the permission there is one warning less, not a failure.
    if (isErrorCode(error, 'AccessDeniedException')) return null;
    throw error;
  }
}

/** One change per contact type to set or replace in one account, and what to say about the rest. */
export function planContacts(contacts: Contacts, primary: PrimaryContact | null, inputs: AlternateContactsInputs): Plan<AlternateContactPayload> {
  const changes: Change<AlternateContactPayload>[] = [];
  const notes: string[] = [];
  const missing: ContactType[] = [];
  for (const type of CONTACT_TYPES) {
    const wanted = inputs[keyOf(type)];
    const current = contacts[type];
    if (!current) {
      if (wanted) {
        changes.push({
          summary: t.set(type),
          before: t.notSet,
          after: wanted,
          payload: { type, contact: wanted, previous: null },
        });
      } else missing.push(type);
      continue;
    }
    if (!wanted || sameContact(wanted, current)) {
      notes.push(t.isSet(type, describe(current)));
    } else if (inputs.replaceExisting) {
      changes.push({
        summary: t.replace(type),
        before: current,
        after: wanted,
        payload: { type, contact: wanted, previous: current },
      });
    } else {
      notes.push(t.leftAlone(type, describe(current)));
    }
  }
  // The contacts as they will be once the plan is applied.
  const after = CONTACT_TYPES.flatMap((type): Named[] => {
    const contact = changes.find((c) => c.payload.type === type)?.payload.contact ?? contacts[type];
    return contact ? [{ type, contact }] : [];
  });
  const shared = sharedValueNotes(after, primary);
  notes.push(...shared, ...nationalPhoneNotes(after, primary));
  // A shared email or phone among the contacts being set: a person may want other answers.
  const answersWarned = shared.length > 0 && changes.length > 0 ? { answersWarned: true } : {};
  if (missing.length) {
    const sentence = t.noValues(missing);
    if (!changes.length) return { changes, notes, skipped: sentence };
    notes.push(sentence);
  }
  return { changes, notes, ...answersWarned };
}

/** PutAlternateContact's input (`accountId`: another account of the organization, through the management account). */
export function putInput(type: ContactType, contact: Contact, accountId?: string) {
  return { AlternateContactType: type, Name: contact.name, Title: contact.title, EmailAddress: contact.email, PhoneNumber: contact.phone, ...(accountId ? { AccountId: accountId } : {}) };
}

/**
 * What to say about the contacts the inputs give, whatever any account has: values shared
 * between them (or with the primary contact's phone), and phones without +country code.
 * `warned` when a shared value was found (a person may want other answers).
 */
export function givenContactNotes(inputs: AlternateContactsInputs, primary: PrimaryContact | null): { notes: string[]; warned: boolean } {
  const given = CONTACT_TYPES.flatMap((type): Named[] => {
    const contact = inputs[keyOf(type)];
    return contact ? [{ type, contact }] : [];
  });
  const shared = sharedValueNotes(given, primary);
  return { notes: [...shared, ...nationalPhoneNotes(given, primary)], warned: shared.length > 0 };
}
