/**
 * A simulated AWS Organization: the management account and one simulated account per member,
 * each with its own calls, all working on the one state tree (organization-state.ts): the
 * management account's state holds every member's.
 */
import { SimulatedAccount, type SimOptions } from './account.js';
import { accountCreatedEvent } from './event-delivery.js';
import { addMemberAccount, memberState, organizationAccountState } from './organization-state.js';
import type { SimState } from './state.js';

export class SimulatedOrganization {
  readonly management: SimulatedAccount;
  private readonly members = new Map<string, SimulatedAccount>();
  /** The simulation's own work outside any account's calls (ms): the demo's state files, opened and saved later. */
  outsideCallsMs = 0;

  constructor(
    state: SimState,
    private readonly options: SimOptions = {},
  ) {
    // Every account's calls can reach the organization (a delegated administrator's, say).
    this.options = { ...options, organizationRoot: () => this.management.state };
    this.management = new SimulatedAccount(state, this.options);
  }

  /**
   * An account created in the organization now (`--demo-add-account`), enrolled by what the
   * organization turned on for new accounts. Returns its id.
   */
  addAccount(name?: string): string {
    const root = this.management.state;
    const state = addMemberAccount(root, name);
    // Organizations tells the management account (CreateAccountResult): its rules may send it on, to a topic.
    const accountName = root.organization!.accounts.find((a) => a.Id === state.accountId)!.Name;
    const delivered = accountCreatedEvent(root, state.accountId, accountName);
    this.options.onChange?.(root);
    this.options.onChange?.(state);
    for (const account of new Set(delivered.published.map((p) => p.topicArn.split(':')[4]!))) {
      const touched = organizationAccountState(root, account);
      if (touched && touched !== root) this.options.onChange?.(touched);
    }
    return state.accountId;
  }

  /** The simulated account with this id: the management account, or a member (made on first use). */
  account(accountId: string): SimulatedAccount {
    const root = this.management.state;
    if (accountId === root.accountId) return this.management;
    let member = this.members.get(accountId);
    if (!member) {
      const state = memberState(root, accountId);
      if (!state) throw new Error(`internal: the simulated organization has no member account ${accountId}`);
      // `onChange` gets the member's own state: the demo saves each account in a file of its own.
      member = new SimulatedAccount(state, this.options);
      this.members.set(accountId, member);
    }
    return member;
  }

  /** The simulation's own work so far (ms): every account's and what it did outside calls. */
  get cpuMs(): number {
    let total = this.outsideCallsMs;
    for (const account of this.accounts().values()) total += account.cpuMs;
    return total;
  }

  /** Every account's simulation made so far, by account id. */
  accounts(): ReadonlyMap<string, SimulatedAccount> {
    return new Map([[this.management.state.accountId, this.management], ...this.members]);
  }
}
