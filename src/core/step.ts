/**
 * The contract every checklist step implements. A step never prompts, prints, picks regions
 * or hides errors: it reads (observe), decides (plan, pure), and changes exactly what it
 * planned (apply), returning how to take it back (undo). The engine owns everything else.
 */
import type { z } from 'zod';
import type { AwsAccess } from '../aws/clients.js';
import type { ProbeResult } from '../aws/dry-run.js';
import type { Scope, ScopeContext } from './permission-scopes.js';

/** Where a step acts: once for the account, or once per enabled region. */
export type StepScope = 'account' | 'region';

/** An account of the organization, as an organization-wide step sees it. */
export interface OrganizationMember {
  readonly id: string;
  readonly name: string;
}

/**
 * What an organization-wide step (run once from the management account, `--org`) knows of the
 * organization, and how it acts in another of its accounts.
 */
export interface OrganizationContext {
  readonly managementAccountId: string;
  /** `organization.securityAccount`: the Security Tooling account, delegated administrator of the security services. */
  readonly securityAccount: string;
  /** `organization.logArchiveAccount`: the account that keeps every account's logs. */
  readonly logArchiveAccount: string;
  /** The ACTIVE accounts of the organization, the management account included. */
  readonly accounts: readonly OrganizationMember[];
  /** AWS access in another account of the organization (the member role assumed there), in this context's region. */
  in(accountId: string): AwsAccess;
}

/** What a step's I/O functions get: the AWS clients for one region and who we are. */
export interface StepContext {
  /** The account id from sts:GetCallerIdentity. */
  readonly accountId: string;
  /** The region this invocation is for (the home region for account-scoped steps). */
  readonly region: string;
  /** The caller's partition, e.g. `aws` (from the caller ARN); used to build ARNs. */
  readonly partition: string;
  /** Lazily-loaded SDK clients bound to `region` (or to the service's global endpoint). */
  readonly aws: AwsAccess;
  /** True while previewing: an apply-like probe may only use the EC2 `DryRun` flag. */
  readonly dryRun: boolean;
  /** What the steps in `needs` provide here, by step id (see `Step.provides`). */
  readonly provided?: Readonly<Record<string, unknown>>;
  /** The region for account-wide calls (where account steps work, and alerts are gathered). */
  readonly homeRegion?: string;
  /**
   * This run's id, as in the undo log's header: what created resources are tagged with
   * (`aws-bootstrap:run`, see src/core/tags.ts). Absent where nothing is created (a dry run, undo).
   */
  readonly runId?: string;
  /**
   * Offered while the account is read (observe, and undo's read before it decides): one answer
   * per run to a read several steps or regions make of the same fact (`key` names the service,
   * call and input: `iam:GetRole:<name>`). Any change made through the account's clients drops
   * every kept answer. Absent where a read must be new (proving a change took effect): steps
   * call `sharedRead`, which reads afresh then.
   */
  readonly shared?: <T>(key: string, read: () => Promise<T>) => Promise<T>;
  /**
   * Set for undo's read before it decides: observe then reads the tags of what a run may have
   * created. Only undo's drift check (`notCreatedByRun`) decides on them, so other reads skip them.
   */
  readonly readTags?: boolean;
  /** Set in an organization-wide step (`Step.organization`): the organization and its accounts. */
  readonly organization?: OrganizationContext;
}

/** `read`, shared with the other steps and regions reading the same `key` where the context offers it (see `StepContext.shared`). */
export function sharedRead<T>(ctx: StepContext, key: string, read: () => Promise<T>): Promise<T> {
  return ctx.shared ? ctx.shared(key, read) : read();
}

/** One planned change, as shown before it is made and as applied. */
export interface Change<P = unknown> {
  /** A short imperative sentence: "Enable EBS encryption by default". */
  readonly summary: string;
  /** What is there now, in readable form (shown in the preview and recorded in the undo log). */
  readonly before: unknown;
  /** What will be there afterwards, in readable form. */
  readonly after: unknown;
  /** Deletes something that cannot be recreated with the same identity. */
  readonly destructive?: boolean;
  /** What `apply` needs to make the change (not shown). */
  readonly payload: P;
}

/** What a step's `plan` returns: the changes to make, and notes to show beside them. */
export interface Plan<P = unknown> {
  readonly changes: readonly Change<P>[];
  /** Things worth saying even when nothing changes ("an analyzer named X already exists"). */
  readonly notes?: readonly string[];
  /** Set when nothing will change but the state is not compliant either (a VPC that is in use). */
  readonly skipped?: string;
  /** Set when a read-only check finds something the user must fix by hand. */
  readonly advice?: readonly string[];
  /**
   * What a read-only check found, one entry per resource, as data (`--json` carries them, in
   * English). A step that has findings also gives `advice` (one sentence per finding, as shown).
   */
  readonly findings?: readonly Finding[];
  /**
   * A note warns about the answers given (contacts sharing one email, alerts to an address nobody
   * reads): an interactive run offers to edit them before deciding.
   */
  readonly answersWarned?: boolean;
  /**
   * The changes do not depend on each other (19 alarms, say): they are made side by side, each
   * recorded as AWS accepts it, instead of one after another.
   */
  readonly independent?: boolean;
}

/** How serious a finding is: `info` is worth knowing, not something to fix now. */
export type FindingSeverity = 'high' | 'medium' | 'low' | 'info';

/** One thing a read-only check found: what, where, why it matters and how to fix it. */
export interface Finding {
  /** The resource, as AWS names it (a user name, `sg-0123 (port 22)`, a bucket name). */
  readonly resource: string;
  readonly severity: FindingSeverity;
  /** What was found, in one sentence (names the resource). */
  readonly what: string;
  /** Why it matters, in one sentence. */
  readonly why: string;
  /** The console path or CLI command that fixes it. */
  readonly advice: string;
}

/** How to take one applied change back; written to the undo log. */
export interface UndoAction {
  /** A step-defined discriminator, e.g. `delete-analyzer`. */
  readonly kind: string;
  /** A sentence for people reading the log or the undo preview. */
  readonly description: string;
  /**
   * Set when the API cannot take the change back: what a person must do instead. `undo`
   * reports it as action needed and calls nothing.
   */
  readonly manual?: string;
  /**
   * Taking it back destroys something that cannot be had again (disabling Security Hub deletes
   * its findings): undo asks for it on its own, with No as the default, even after "all".
   */
  readonly destructive?: boolean;
  /** Whatever the step's `undo` needs. Never credentials. */
  readonly [key: string]: unknown;
}

/** A question the engine asks when an input is missing and the run is interactive. */
export interface Question {
  /** Dotted path inside the step's input section, e.g. `billing.email`. */
  readonly path: string;
  readonly message: string;
  /** `text` asks for a string; `confirm` for yes/no. */
  readonly kind: 'text' | 'confirm';
  readonly default?: string | boolean;
  /**
   * A likely answer offered to a person (pre-filled, Enter accepts it). Unlike `default`, it is
   * never used without a person: an unattended run still needs the value given.
   */
  readonly suggestion?: string;
  /** Validates one answer; returns an error sentence or `undefined` when the answer is fine. */
  readonly validate?: (answer: string) => string | undefined;
  /** Turns a valid text answer into the stored value (e.g. splitting a list). */
  readonly parse?: (answer: string) => unknown;
}

/** The parsed inputs of the steps already answered in this run, by step id (absent: skipped or not reached). */
export type EarlierInputs = Readonly<Record<string, unknown>>;

/** The inputs a step takes: a schema for its config section and the questions it may ask. */
export interface StepInputs<I> {
  /** Validates the step's section of the config file (`<step id>:`); defaults live here. */
  readonly schema: z.ZodType<I>;
  /**
   * The config section read, when not the step's id: an organization-wide step that stands in for
   * a per-account one takes that step's section (the contacts are given once, `alternate-contacts:`).
   */
  readonly section?: string;
  /**
   * Pure: which inputs are still needed, given what was observed (the step's state, or for a
   * region step a map of region → state) and what was given. Under `--yes` a question without
   * a default is an error before any change; one with a default takes it. `earlier` has the
   * inputs of the steps before this one in this run, by step id, to suggest answers from.
   */
  questions(state: unknown, given: Readonly<Record<string, unknown>>, earlier?: EarlierInputs): Question[];
}

/**
 * One checklist step. `S` is the observed state, `I` the validated inputs, `P` a change's payload,
 * `U` the undo records it writes (a union of its kinds, so `undo` reads typed fields).
 */
export interface Step<S = unknown, I = unknown, P = unknown, U extends UndoAction = UndoAction> {
  /** Kebab-case id; also the file name under `steps/` and the config section name. */
  readonly id: string;
  /** The goal as a statement: "EBS volumes are encrypted by default". */
  readonly title: string;
  /** The risk in one or two sentences. */
  readonly why: string;
  readonly scope: StepScope;
  /**
   * An organization-wide step: run once, before the per-account runs of `--org`, from the
   * management account (acting in other accounts through `StepContext.organization`). Never part
   * of a single-account run.
   */
  readonly organization?: {
    /**
     * Per-account steps this one makes unnecessary in every account once it is done (not run per
     * account). What it `provides` stands in for theirs: a per-account step that needs a covered
     * step gets this step's value (the security account's alerts topic, say).
     */
    readonly covers: readonly string[];
    /**
     * Of its actions (`permissions`), those it makes in the security account through the member
     * role; the others are the management account's (`permissions --org` prints them apart).
     */
    readonly inSecurityAccount?: readonly string[];
    /** Of `inSecurityAccount`, the actions the step makes in the management account as well (a rule on each side): in both policies. */
    readonly inBothAccounts?: readonly string[];
    /**
     * Each change concerns one account, named by its id in the summary (a member's contacts):
     * `plan --org`'s matrix marks only that account pending, not every account.
     */
    readonly perAccount?: boolean;
  };
  /** A read-only check: it plans advice, never changes. */
  readonly readOnly?: boolean;
  /** The IAM actions each phase needs (shown by `steps`). */
  readonly permissions: {
    readonly observe: readonly string[];
    readonly apply: readonly string[];
    readonly undo?: readonly string[];
    /** Where these actions may act (resource patterns, conditions); an action no scope names is granted on `*`. */
    readonly scopes?: (c: ScopeContext) => readonly Scope[];
  };
  readonly inputs?: StepInputs<I>;
  /**
   * Ids of earlier steps this one builds on (the alarms need the trail's log group). The engine
   * applies it after them, gives it what they provide (`PlanContext.provided`), skips it with the
   * reason where they are not done, and undoes it before them.
   */
  readonly needs?: readonly string[];
  /**
   * Pure: what this step makes available to the steps that need it, as it will be once its plan
   * is applied (so a dry run previews them against what this step would create). Undefined where
   * it cannot provide anything (a setting left off on purpose, say).
   */
  provides?(state: S, inputs: I, ctx: PlanContext): unknown;
  /**
   * Pure, optional: what `provides` will give once the inputs still missing are given, from what
   * was given (checked already, defaults not applied). Only for a step whose `provides` does not
   * depend on those inputs (the alerts topic's ARN does not depend on its addresses): a dry run
   * without them still previews the steps that need this one against what it would create.
   */
  providesWithoutInputs?(state: S, given: Readonly<Record<string, unknown>>, ctx: PlanContext): unknown;
  /**
   * Pure, optional: a compact preview of the step's pending plans in every region (a table, say),
   * laid out for `columns` (a terminal's width; none when piped), shown instead of each change's
   * full before → after; `--verbose` shows the full one, and the
   * `--json` report lists each change's `before` in `listing`.
   */
  preview?(plans: ReadonlyArray<{ readonly region: string; readonly plan: Plan<P> }>, columns?: number): string;
  /** Read-only. Must treat the service's "not found" as a normal state. */
  observe(ctx: StepContext): Promise<S>;
  /** Pure: observed state + inputs → changes. An empty list means compliant. */
  plan(state: S, inputs: I, ctx: PlanContext): Plan<P>;
  /** Makes exactly one planned change; returns how to take it back. */
  apply(ctx: StepContext, change: Change<P>, inputs: I): Promise<U>;
  /**
   * Dry-run only: proves the permissions for one change without making it (EC2 `DryRun`,
   * see `dryRunProbe`). One result per probed call.
   */
  probe?(ctx: StepContext, change: Change<P>): Promise<ProbeResult[]>;
  /** Takes one recorded change back. */
  undo?(ctx: StepContext, action: U): Promise<void>;
  /**
   * Pure: whether the resource still looks as this change left it; a sentence describing the
   * drift otherwise (so undo never silently destroys something that was changed since). For a
   * resource this change created, that includes carrying the run's tag (`notCreatedByRun` in
   * src/core/tags.ts); undo always passes `recorded`.
   */
  undoDrift?(state: S, action: U, recorded?: RecordedChange): string | undefined;
}

/** What the undo log says about a change besides its UndoAction. */
export interface RecordedChange {
  /** The run that made it: a resource it created carries this in its `aws-bootstrap:run` tag. */
  readonly runId: string;
}

/** What `plan` may know besides state and inputs (pure values only). */
export interface PlanContext {
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
  /** What the steps in `needs` provide here, by step id (see `Step.provides`). */
  readonly provided?: Readonly<Record<string, unknown>>;
  readonly homeRegion?: string;
  readonly runId?: string;
}

/** Erases a step's type parameters for lists of heterogeneous steps. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStep = Step<any, any, any, any>;

/** Lets a step file keep its precise types while exporting a list-friendly value. */
export function defineStep<S, I, P, U extends UndoAction = UndoAction>(step: Step<S, I, P, U>): Step<S, I, P, U> {
  return step;
}
