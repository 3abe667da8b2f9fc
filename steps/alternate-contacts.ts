/** The billing, operations and security alternate contacts are set. */
import { sendDoneOnRetry } from '../src/aws/create-once.js';
import { defineStep } from '../src/core/step.js';
import { accountScope } from '../src/core/permission-scopes.js';
import {
  CONTACT_TYPES,
  alternateContactsSchema,
  contactQuestions,
  contactsText as t,
  describe,
  planContacts,
  putInput,
  readContact,
  readPrimary,
  sameContact,
  type AlternateContactPayload,
  type AlternateContactsInputs,
  type AlternateContactsState,
  type AlternateContactsUndo,
} from './shared/alternate-contacts.js';

export type { AlternateContactsInputs, AlternateContactsState, Contact, PrimaryContact } from './shared/alternate-contacts.js';

export default defineStep<AlternateContactsState, AlternateContactsInputs, AlternateContactPayload, AlternateContactsUndo>({
  id: 'alternate-contacts',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  // GetContactInformation: the primary contact's phone, to warn when a contact shares it.
  permissions: {
    observe: ['account:GetAlternateContact', 'account:GetContactInformation'],
    apply: ['account:PutAlternateContact'],
    undo: ['account:PutAlternateContact', 'account:DeleteAlternateContact'],
    scopes: (c) => [accountScope(c, ['account:GetAlternateContact', 'account:GetContactInformation', 'account:PutAlternateContact', 'account:DeleteAlternateContact'])],
  },

  inputs: {
    schema: alternateContactsSchema,
    questions(state, given) {
      const { contacts, primary } = state as AlternateContactsState;
      return contactQuestions([contacts], primary, given);
    },
  },

  async observe(ctx) {
    // No AccountId: a standalone or management account may not name itself.
    const [[BILLING, OPERATIONS, SECURITY], primary] = await Promise.all([Promise.all(CONTACT_TYPES.map((type) => readContact(ctx.aws, type))), readPrimary(ctx)]);
    return { contacts: { BILLING, OPERATIONS, SECURITY }, primary };
  },

  plan(state, inputs) {
    return planContacts(state.contacts, state.primary, inputs);
  },

  async apply(ctx, change) {
    const { client, sdk } = await ctx.aws.use('account');
    const { type, contact, previous } = change.payload;
    await client.send(new sdk.PutAlternateContactCommand(putInput(type, contact)));
    return previous
      ? { kind: 'restore-alternate-contact', description: t.undoRestore(type, describe(previous)), type, previous, applied: contact }
      : { kind: 'delete-alternate-contact', description: t.undoDelete(type), type, applied: contact };
  },

  async undo(ctx, action) {
    const { client, sdk } = await ctx.aws.use('account');
    const { type } = action;
    if (action.kind === 'restore-alternate-contact') {
      await client.send(new sdk.PutAlternateContactCommand(putInput(type, action.previous)));
    } else {
      // A retry after a lost answer finds the contact gone: our own first attempt's doing.
      await sendDoneOnRetry(new sdk.DeleteAlternateContactCommand({ AlternateContactType: type }), (c) => client.send(c), 'ResourceNotFoundException');
    }
  },

  undoDrift(state, action) {
    const { type } = action;
    const current = state.contacts[type];
    if (!current) return t.driftRemoved(type);
    return sameContact(current, action.applied) ? undefined : t.driftChanged(type, describe(current));
  },
});
