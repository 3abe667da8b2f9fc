/**
 * The billing, operations and security alternate contacts of every account of the organization,
 * set from the management account: `account:GetAlternateContact` / `account:PutAlternateContact`
 * with `AccountId` for each member (no role assumed), which AWS allows once trusted access for
 * account.amazonaws.com is on (organization-access turns it on); the management account itself
 * is called without `AccountId` (AWS refuses an account naming itself). The same inputs as the
 * per-account step (the `alternate-contacts:` section), which it covers.
 */
import { sendDoneOnRetry } from '../../src/aws/create-once.js';
import { collectPages } from '../../src/aws/paginate.js';
import { mapPool, Semaphore } from '../../src/core/pool.js';
import { defineStep, type Change, type StepContext } from '../../src/core/step.js';
import { texts } from '../../src/i18n/index.js';
import {
  CONTACT_TYPES,
  alternateContactsSchema,
  contactQuestions,
  contactsText,
  describe,
  givenContactNotes,
  keyOf,
  planContacts,
  putInput,
  readContact,
  readPrimary,
  sameContact,
  type AlternateContactsInputs,
  type Contact,
  type Contacts,
  type ContactType,
  type PrimaryContact,
} from '../shared/alternate-contacts.js';
import { named, organizationOf, PRINCIPAL } from './shared.js';

const enKinds: Record<ContactType, string> = { BILLING: 'billing', OPERATIONS: 'operations', SECURITY: 'security' };
const jaKinds: Record<ContactType, string> = { BILLING: '請求', OPERATIONS: 'オペレーション', SECURITY: 'セキュリティ' };

const en = {
  title: 'Every account of the organization has its billing, operations and security contacts',
  why: 'AWS sends security notices, abuse reports and billing warnings for each account to its alternate contacts, or only to its root email address when there are none. Set from the management account, every account gets them with no role assumed in it.',
  set: (account: string, types: string) => `Set the ${types} contacts of ${account}`,
  setUnread: (account: string, types: string) => `Set the ${types} contacts of ${account} where none is set`,
  unreadNote: `Trusted access for ${PRINCIPAL.account} is off until organization-access turns it on: the members' contacts are read then, and one already set is left as it is unless replaceExisting: true.`,
  values: 'The contacts, the same in every account:',
  replacing: (before: string) => `now ${before}`,
  notSet: 'not set',
  notReadYet: `not read yet (trusted access for ${PRINCIPAL.account} is off)`,
  covered: (accounts: number) => `Every one of the organization's ${accounts} accounts has the configured contacts, or keeps its own.`,
  leftAlone: (list: string) => `Already set, different from the config, and left as they are (replaceExisting: true replaces them): ${list}.`,
  undo: {
    restore: (account: string, types: string) => `Put back the ${types} contacts of ${account} as they were (removing the ones that were not set)`,
  },
};

const t = texts('organization-contacts', { ...en, kinds: (types: readonly ContactType[]) => listed(types.map((type) => enKinds[type])) }, {
  title: '組織のすべてのアカウントに請求、オペレーション、セキュリティの連絡先がある',
  why: 'AWS は各アカウントのセキュリティに関する通知、不正利用の報告、請求の警告を代替の連絡先に送り、連絡先がなければルートユーザーの E メールアドレスにしか送りません。管理アカウントから設定すれば、各アカウントにロールを引き受けることなく、すべてのアカウントに設定できます。',
  set: (account: string, types: string) => `${account} の代替の連絡先 (${types}) を設定する`,
  setUnread: (account: string, types: string) => `${account} の代替の連絡先 (${types}) を、未設定のものだけ設定する`,
  unreadNote: `${PRINCIPAL.account} の信頼されたアクセスは organization-access が有効にするまで無効です: メンバーの連絡先はその後に読み取り、設定済みのものは replaceExisting: true を指定しない限り変更しません。`,
  values: '連絡先 (すべてのアカウントで同じ):',
  replacing: (before: string) => `現在: ${before}`,
  notSet: '未設定',
  notReadYet: `まだ読み取っていません (${PRINCIPAL.account} の信頼されたアクセスが無効)`,
  covered: (accounts: number) => `組織の ${accounts} アカウントすべてに、設定ファイルの連絡先か、各アカウント独自の連絡先があります。`,
  leftAlone: (list: string) => `すでに設定されていて設定ファイルと異なるため、変更しません (replaceExisting: true で置き換えます): ${list}。`,
  undo: {
    restore: (account: string, types: string) => `${account} の代替の連絡先 (${types}) を元に戻す (以前は未設定だったものは削除する)`,
  },
  kinds: (types: readonly ContactType[]) => types.map((type) => jaKinds[type]).join('、'),
});

/** "billing", "billing and security", "billing, operations and security". */
function listed(names: readonly string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
}

/** Accounts read or written at once (each a few calls to the Account API, which throttles). */
const ACCOUNTS_AT_ONCE = 8;
/** Applying is side by side per account (`independent`), at most this many at once. */
const applying = new Semaphore(ACCOUNTS_AT_ONCE);

export interface AccountContacts {
  readonly id: string;
  /** As people read it: "210987654303 (workload-3)". */
  readonly label: string;
  /** The management account: called without AccountId. */
  readonly self: boolean;
  /** Undefined while trusted access for account.amazonaws.com is off (AWS refuses AccountId then). */
  readonly contacts?: Contacts;
}

export interface OrganizationContactsState {
  readonly trusted: boolean;
  readonly accounts: readonly AccountContacts[];
  /** The management account's primary contact (its country reads national phone numbers). */
  readonly primary: PrimaryContact | null;
}

interface Target {
  readonly accountId: string;
  readonly label: string;
  readonly self: boolean;
}

export type OrganizationContactsChange =
  | (Target & { readonly read: true; readonly entries: ReadonlyArray<{ type: ContactType; contact: Contact; previous: Contact | null }> })
  | (Target & { readonly read: false; readonly wanted: ReadonlyArray<{ type: ContactType; contact: Contact }>; readonly replaceExisting: boolean });

export interface OrganizationContactsUndo {
  readonly kind: 'restore-organization-contacts';
  readonly description: string;
  readonly accountId: string;
  readonly self: boolean;
  readonly entries: ReadonlyArray<{ type: ContactType; previous: Contact | null; applied: Contact }>;
  readonly [key: string]: unknown;
}

const accountIdOf = (target: Pick<Target, 'accountId' | 'self'>) => (target.self ? undefined : target.accountId);

async function readAll(ctx: StepContext, accountId?: string): Promise<Contacts> {
  const [BILLING, OPERATIONS, SECURITY] = await Promise.all(CONTACT_TYPES.map((type) => readContact(ctx.aws, type, accountId)));
  return { BILLING: BILLING ?? null, OPERATIONS: OPERATIONS ?? null, SECURITY: SECURITY ?? null };
}

async function put(ctx: StepContext, type: ContactType, contact: Contact, accountId?: string): Promise<void> {
  const { client, sdk } = await ctx.aws.use('account');
  await client.send(new sdk.PutAlternateContactCommand(putInput(type, contact, accountId)));
}

export default defineStep<OrganizationContactsState, AlternateContactsInputs, OrganizationContactsChange, OrganizationContactsUndo>({
  id: 'organization-contacts',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  // One change per account, named in its summary: the matrix marks that account alone.
  organization: { covers: ['alternate-contacts'], perAccount: true },
  // Trusted access for account.amazonaws.com (organization-access) before any AccountId call.
  needs: ['organization-access'],
  permissions: {
    observe: ['organizations:ListAWSServiceAccessForOrganization', 'account:GetAlternateContact', 'account:GetContactInformation'],
    apply: ['account:PutAlternateContact'],
    undo: ['account:PutAlternateContact', 'account:DeleteAlternateContact'],
    // The management account's own contacts, and its members' (arn:…:account/o-<org>/<member>).
    scopes: (c) => [
      {
        name: 'Accounts',
        actions: ['account:GetAlternateContact', 'account:GetContactInformation', 'account:PutAlternateContact', 'account:DeleteAlternateContact'],
        resources: [`arn:${c.partition}:account::${c.account}:account`, `arn:${c.partition}:account::${c.account}:account/o-*/*`],
      },
    ],
  },
  inputs: {
    schema: alternateContactsSchema,
    section: 'alternate-contacts',
    questions(state, given) {
      const { accounts, primary } = state as OrganizationContactsState;
      return contactQuestions(accounts.map((a) => a.contacts), primary, given);
    },
  },

  async observe(ctx) {
    const org = organizationOf(ctx, 'organization-contacts');
    const { client, sdk } = await ctx.aws.use('organizations');
    const trusted = (await collectPages(sdk.paginateListAWSServiceAccessForOrganization({ client }, {}), (page) => page.EnabledServicePrincipals)).some((p) => p.ServicePrincipal === PRINCIPAL.account);
    const settled = await mapPool(org.accounts, ACCOUNTS_AT_ONCE, async (account): Promise<AccountContacts> => {
      const self = account.id === org.managementAccountId;
      const base = { id: account.id, label: named(org, account.id), self };
      // Without trusted access AWS refuses AccountId: the members are read once it is on.
      if (!self && !trusted) return base;
      return { ...base, contacts: await readAll(ctx, self ? undefined : account.id) };
    });
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const accounts = settled.map((s) => (s as PromiseFulfilledResult<AccountContacts>).value);
    return { trusted, accounts, primary: await readPrimary(ctx) };
  },

  plan(state, inputs) {
    const changes: Change<OrganizationContactsChange>[] = [];
    const leftAlone: string[] = [];
    const wanted = CONTACT_TYPES.flatMap((type) => (inputs[keyOf(type)] ? [{ type, contact: inputs[keyOf(type)]! }] : []));
    const missing = new Set<ContactType>();
    for (const account of state.accounts) {
      const target = { accountId: account.id, label: account.label, self: account.self };
      if (!account.contacts) {
        for (const type of CONTACT_TYPES) if (!inputs[keyOf(type)]) missing.add(type);
        if (!wanted.length) continue;
        changes.push({
          summary: t.setUnread(account.label, t.kinds(wanted.map((w) => w.type))),
          before: t.notReadYet,
          after: Object.fromEntries(wanted.map((w) => [keyOf(w.type), describe(w.contact)])),
          payload: { ...target, read: false, wanted, replaceExisting: inputs.replaceExisting },
        });
        continue;
      }
      const plan = planContacts(account.contacts, state.primary, inputs);
      for (const type of CONTACT_TYPES) {
        const current = account.contacts[type];
        const given = inputs[keyOf(type)];
        if (!current && !given) missing.add(type);
        if (current && given && !sameContact(current, given) && !inputs.replaceExisting) leftAlone.push(`${account.label} ${contactsText.kinds[type]}`);
      }
      if (!plan.changes.length) continue;
      const entries = plan.changes.map((c) => c.payload);
      changes.push({
        summary: t.set(account.label, t.kinds(entries.map((e) => e.type))),
        before: entries.map((e) => `${contactsText.kinds[e.type]}: ${e.previous ? describe(e.previous) : t.notSet}`).join('; '),
        after: Object.fromEntries(entries.map((e) => [keyOf(e.type), describe(e.contact)])),
        payload: { ...target, read: true, entries },
      });
    }
    // What the config gives is said once, not once per account.
    const given = givenContactNotes(inputs, state.primary);
    const unread = changes.some((c) => !c.payload.read);
    const notes = [...(unread ? [t.unreadNote] : []), ...given.notes, ...(leftAlone.length ? [t.leftAlone(leftAlone.join(', '))] : [])];
    const types = CONTACT_TYPES.filter((type) => missing.has(type));
    if (types.length) {
      const sentence = contactsText.noValues(types);
      if (!changes.length) return { changes, notes, skipped: sentence };
      notes.push(sentence);
    }
    if (!changes.length) notes.push(t.covered(state.accounts.length));
    return { changes, notes, independent: true, ...(given.warned && changes.length ? { answersWarned: true } : {}) };
  },

  // One line per account, the contacts once (50 accounts × 3 contacts in full is a screenful each).
  preview(plans) {
    const changes = plans.flatMap((p) => p.plan.changes);
    const values = new Map<string, string>();
    for (const change of changes) for (const [key, value] of Object.entries(change.after as Record<string, string>)) values.set(key, value);
    const replacing = (change: Change<OrganizationContactsChange>) => change.payload.read && change.payload.entries.some((e) => e.previous);
    return [
      `    ${t.values}`,
      ...[...values].map(([key, value]) => `      ${key}: ${value}`),
      ...changes.map((c) => `    ~ ${c.summary}${replacing(c) ? ` (${t.replacing(String(c.before))})` : ''}`),
    ].join('\n');
  },

  async apply(ctx, change) {
    return applying.run(async () => {
      const { payload } = change;
      const accountId = accountIdOf(payload);
      let entries: Array<{ type: ContactType; previous: Contact | null; applied: Contact }>;
      if (payload.read) {
        entries = payload.entries.map((e) => ({ type: e.type, previous: e.previous, applied: e.contact }));
      } else {
        // Read now that trusted access is on: set what is not set; replace only when told to.
        const current = await readAll(ctx, accountId);
        entries = payload.wanted.flatMap(({ type, contact }) => {
          const previous = current[type];
          return !previous || (payload.replaceExisting && !sameContact(previous, contact)) ? [{ type, previous, applied: contact }] : [];
        });
      }
      await Promise.all(entries.map((e) => put(ctx, e.type, e.applied, accountId)));
      return {
        kind: 'restore-organization-contacts' as const,
        description: t.undo.restore(payload.label, t.kinds(entries.map((e) => e.type))),
        accountId: payload.accountId,
        self: payload.self,
        entries,
      };
    });
  },

  async undo(ctx, action) {
    const accountId = accountIdOf(action);
    const { client, sdk } = await ctx.aws.use('account');
    await Promise.all(
      action.entries.map(async ({ type, previous }) => {
        if (previous) {
          await put(ctx, type, previous, accountId);
          return;
        }
        // A retry after a lost answer finds the contact gone: our own first attempt's doing.
        await sendDoneOnRetry(new sdk.DeleteAlternateContactCommand({ AlternateContactType: type, ...(accountId ? { AccountId: accountId } : {}) }), (c) => client.send(c), 'ResourceNotFoundException');
      }),
    );
  },

  undoDrift(state, action) {
    const contacts = state.accounts.find((a) => a.id === action.accountId)?.contacts;
    if (!contacts) return undefined;
    for (const { type, applied } of action.entries) {
      const current = contacts[type];
      if (!current) return contactsText.driftRemoved(type);
      if (!sameContact(current, applied)) return contactsText.driftChanged(type, describe(current));
    }
    return undefined;
  },
});
