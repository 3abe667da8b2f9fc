/**
 * EventBridge in the simulated account: rules on each region's default event bus and their
 * targets, checked the way EventBridge checks them (names, event patterns, input transformers,
 * a role for an event bus in another region, five targets a rule) and answered with its real
 * errors. Deleting a rule that still has targets is refused; deleting one that is gone is not
 * an error (EventBridge's DeleteRule reference). Target writes that meet another writer fail
 * per entry, in FailedEntries, as EventBridge reports them.
 */
import { loadSdk } from '../../aws/clients.js';
import type { SimEventRule, SimTag } from '../alerting-state.js';
import { awsCodeError, awsError, type SimRequest, type SimService } from '../service.js';
import { pageOf } from '../paging.js';
import { checkEventPattern, checkTargets } from './events-checks.js';

const { EventBridgeServiceException, LimitExceededException, ManagedRuleException, ResourceNotFoundException } = loadSdk('events');

type Input = Record<string, unknown>;

/** PutRule's and the target Id's pattern and length (EventBridge API reference). */
const NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
/** Rules per event bus (EventBridge quotas; adjustable on AWS, fixed here). */
const MAX_RULES = 300;
const MAX_TARGETS_PER_RULE = 5;
const RULE_STATES = ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'];

const events: SimService = {
  ServiceException: EventBridgeServiceException,
  handlers: {
    PutRule: (request: SimRequest) => {
      const { input } = request;
      const name = ruleName(input, 'name');
      const busName = eventBus(request);
      const rules = rulesOf(request);
      const existing = rules.find((r) => r.Name === name);
      if (existing?.ManagedBy) throw managedRule(name);
      if (input.EventPattern === undefined && input.ScheduleExpression === undefined) {
        throw validation('Parameter(s) EventPattern or ScheduleExpression must be specified.');
      }
      if (input.EventPattern !== undefined) checkEventPattern(input.EventPattern);
      if (input.ScheduleExpression !== undefined && busName !== 'default') throw validation('ScheduleExpression is supported only on the default event bus.');
      const state = input.State ?? 'ENABLED';
      if (typeof state !== 'string' || !RULE_STATES.includes(state)) {
        throw validation(`1 validation error detected: Value '${String(state)}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [${RULE_STATES.join(', ')}]`);
      }
      if (typeof input.Description === 'string' && input.Description.length > 512) {
        throw validation("1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 512");
      }
      if (!existing && rules.length >= MAX_RULES) throw awsError(LimitExceededException, 'The requested resource exceeds the maximum number allowed.');
      const tags = checkTags(input.Tags);
      // An update replaces every field: what PutRule leaves out is cleared, not kept. Tags apply only to a new rule.
      const rule: SimEventRule = {
        Name: name,
        Arn: `arn:aws:events:${request.region}:${request.state.accountId}:rule/${name}`,
        EventBusName: busName,
        State: state as SimEventRule['State'],
        ...(input.EventPattern !== undefined ? { EventPattern: String(input.EventPattern) } : {}),
        ...(input.ScheduleExpression !== undefined ? { ScheduleExpression: String(input.ScheduleExpression) } : {}),
        ...(input.Description !== undefined ? { Description: String(input.Description) } : {}),
        ...(input.RoleArn !== undefined ? { RoleArn: String(input.RoleArn) } : {}),
        // PutRule's Tags apply only to a new rule: an update ignores them (PutRule reference).
        Tags: existing ? existing.Tags : tags,
        targets: existing ? existing.targets : [],
      };
      if (existing) rules[rules.indexOf(existing)] = rule;
      else {
        // Kept in name order, as ListRules answers: EventBridge keeps no order of creation, so
        // two steps making rules side by side leave the same account whichever came first.
        rules.push(rule);
        rules.sort((a, b) => a.Name.localeCompare(b.Name));
      }
      return { RuleArn: rule.Arn };
    },

    DescribeRule: (request: SimRequest) => {
      const rule = existingRule(request, 'name');
      return { ...ruleOutput(rule), CreatedBy: request.state.accountId };
    },

    ListRules: (request: SimRequest) => {
      const { input } = request;
      eventBus(request);
      const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
      const rules = [...(request.state.regional[request.region]?.eventRules ?? [])]
        .filter((r) => r.Name.startsWith(prefix))
        .sort((a, b) => a.Name.localeCompare(b.Name));
      const { page, next } = pageOf(rules, input.NextToken, limit(input), 100, () => validation('The NextToken provided is not valid.'));
      return { Rules: page.map(ruleOutput), ...(next ? { NextToken: next } : {}) };
    },

    /** By the rule's ARN; a rule's tags only (the one bus has none here). */
    ListTagsForResource: (request: SimRequest) => {
      const arn = request.input.ResourceARN;
      const rule = typeof arn === 'string' ? request.state.regional[request.region]?.eventRules?.find((r) => r.Arn === arn) : undefined;
      if (!rule) throw awsError(ResourceNotFoundException, `Rule ${String(arn).split('/').pop()} does not exist on EventBus default.`);
      return { Tags: rule.Tags.map(({ Key, Value }) => ({ Key, Value })) };
    },

    ListTargetsByRule: (request: SimRequest) => {
      const rule = existingRule(request, 'rule');
      const { page, next } = pageOf(rule.targets, request.input.NextToken, limit(request.input), 100, () => validation('The NextToken provided is not valid.'));
      return { Targets: page, ...(next ? { NextToken: next } : {}) };
    },

    PutTargets: (request: SimRequest) => {
      const rule = existingRule(request, 'rule');
      if (rule.ManagedBy) throw managedRule(rule.Name);
      const targets = checkTargets(request.input.Targets, { region: request.region, accountId: request.state.accountId, name: NAME, existing: rule.targets });
      if (rule.concurrentWriters) return failEveryEntry(rule, targets.map((t) => t.Id));
      const added = targets.filter((n) => !rule.targets.some((t) => t.Id === n.Id));
      if (rule.targets.length + added.length > MAX_TARGETS_PER_RULE) throw awsError(LimitExceededException, 'The requested resource exceeds the maximum number allowed.');
      // A target of the same Id is replaced in place; the role of an event bus target stays when
      // the same target comes again without one (PutTargets reference).
      rule.targets = rule.targets.map((t) => {
        const replacement = targets.find((n) => n.Id === t.Id);
        if (!replacement) return t;
        return t.RoleArn && !replacement.RoleArn && t.Arn === replacement.Arn && isEventBus(t.Arn) ? { ...replacement, RoleArn: t.RoleArn } : replacement;
      }).concat(added);
      return { FailedEntryCount: 0, FailedEntries: [] };
    },

    RemoveTargets: (request: SimRequest) => {
      const { input } = request;
      const rule = existingRule(request, 'rule');
      if (rule.ManagedBy && input.Force !== true) throw managedRule(rule.Name);
      const ids = input.Ids;
      if (!Array.isArray(ids) || ids.length < 1 || ids.length > 100) {
        throw validation("1 validation error detected: Value at 'ids' failed to satisfy constraint: Member must have length between 1 and 100");
      }
      if (rule.concurrentWriters) return failEveryEntry(rule, ids.map(String));
      // Ids the rule does not have are not an error: they are simply not there afterwards.
      rule.targets = rule.targets.filter((t) => !ids.includes(t.Id));
      return { FailedEntryCount: 0, FailedEntries: [] };
    },

    /** The default bus only; its Policy once PutPermission gave it one. */
    DescribeEventBus: (request: SimRequest) => {
      const { region, state, input } = request;
      eventBus({ ...request, input: { EventBusName: input.Name } });
      const policy = state.regional[region]?.eventBusPolicy;
      return { Name: 'default', Arn: `arn:aws:events:${region}:${state.accountId}:event-bus/default`, ...(policy ? { Policy: policy } : {}) };
    },

    /**
     * One statement by StatementId (a new one, or the one of that id replaced). Principal `*`
     * needs a Condition (EventBridge refuses to open a bus to everyone); with a Condition, only
     * `aws:PrincipalOrgID` is accepted, as the API reference says.
     */
    PutPermission: (request: SimRequest) => {
      const { input, region, state } = request;
      eventBus(request);
      if (input.Policy !== undefined) throw validation('This simulation takes PutPermission with StatementId, Action, Principal and Condition only.');
      const sid = input.StatementId;
      if (typeof sid !== 'string' || !/^[a-zA-Z0-9-_]{1,64}$/.test(sid)) throw validation("1 validation error detected: Value at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+");
      if (input.Action !== 'events:PutEvents') throw validation('Provided Action is not valid. Only events:PutEvents is supported.');
      const principal = input.Principal;
      if (typeof principal !== 'string' || !(principal === '*' || /^\d{12}$/.test(principal))) throw validation('Provided Principal is not valid.');
      const condition = input.Condition as { Type?: unknown; Key?: unknown; Value?: unknown } | undefined;
      if (principal === '*' && !condition) throw validation('A Condition is required when Principal is "*".');
      if (condition && (condition.Type !== 'StringEquals' || condition.Key !== 'aws:PrincipalOrgID' || typeof condition.Value !== 'string')) {
        throw validation('Provided Condition is not valid: Type must be StringEquals and Key aws:PrincipalOrgID.');
      }
      const regional = state.regional[region]!;
      const document = regional.eventBusPolicy ? (JSON.parse(regional.eventBusPolicy) as { Statement: Array<{ Sid?: string }> }) : { Version: '2012-10-17', Statement: [] };
      const statement = {
        Sid: sid, Effect: 'Allow', Principal: principal === '*' ? '*' : { AWS: `arn:aws:iam::${principal}:root` }, Action: 'events:PutEvents',
        Resource: `arn:aws:events:${region}:${state.accountId}:event-bus/default`,
        ...(condition ? { Condition: { StringEquals: { 'aws:PrincipalOrgID': condition.Value } } } : {}),
      };
      document.Statement = [...document.Statement.filter((s) => s.Sid !== sid), statement];
      regional.eventBusPolicy = JSON.stringify(document);
      return {};
    },

    /** A statement that is not there is ResourceNotFoundException. */
    RemovePermission: (request: SimRequest) => {
      const { input, region, state } = request;
      eventBus(request);
      const regional = state.regional[region]!;
      const document = regional.eventBusPolicy ? (JSON.parse(regional.eventBusPolicy) as { Statement: Array<{ Sid?: string }> }) : undefined;
      const sid = input.StatementId;
      if (input.RemoveAllPermissions === true) {
        delete regional.eventBusPolicy;
        return {};
      }
      if (!document?.Statement.some((s) => s.Sid === sid)) throw awsError(ResourceNotFoundException, `Statement with the provided id does not exist.`);
      document.Statement = document.Statement.filter((s) => s.Sid !== sid);
      if (document.Statement.length) regional.eventBusPolicy = JSON.stringify(document);
      else delete regional.eventBusPolicy;
      return {};
    },

    DeleteRule: (request: SimRequest) => {
      const { input } = request;
      const name = ruleName(input, 'name');
      eventBus(request);
      const regional = request.state.regional[request.region]!;
      const rule = regional.eventRules?.find((r) => r.Name === name);
      // Deleting a rule that does not exist succeeds, so a repeated delete does too.
      if (!rule) return {};
      if (rule.ManagedBy && input.Force !== true) throw managedRule(name);
      if (rule.targets.length) throw validation("Rule can't be deleted since it has targets.");
      regional.eventRules = regional.eventRules!.filter((r) => r !== rule);
      // An account whose last rule is gone looks like one that never had any.
      if (!regional.eventRules.length) delete regional.eventRules;
      return {};
    },
  },
};
export default events;

// ---- helpers --------------------------------------------------------------------------

function validation(message: string): Error {
  return awsCodeError(events, 'ValidationException', message);
}

function managedRule(name: string): Error {
  return awsError(ManagedRuleException, `Rule ${name} is managed by an AWS service and can only be changed by it (or with Force for deletes).`);
}

/** Tags per resource (EventBridge quotas). */
const MAX_TAGS = 50;

/** PutRule's Tags, checked as EventBridge checks them where it is cheap: at most 50, keys 1–128 characters not starting `aws:`, values up to 256. */
function checkTags(given: unknown): SimTag[] {
  if (given === undefined) return [];
  if (!Array.isArray(given) || given.length > MAX_TAGS) throw validation(`1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TAGS}`);
  return given.map((tag: { Key?: unknown; Value?: unknown }) => {
    const { Key, Value } = tag;
    if (typeof Key !== 'string' || Key.length < 1 || Key.length > 128 || typeof Value !== 'string' || Value.length > 256) {
      throw validation("1 validation error detected: Value at 'tags' failed to satisfy constraint: a tag key has 1 to 128 characters, a value at most 256");
    }
    if (Key.startsWith('aws:')) throw validation('Invalid tag key: the aws: prefix is reserved for AWS use.');
    return { Key, Value };
  });
}

function ruleName(input: Input, field: 'name' | 'rule'): string {
  const value = input[field === 'name' ? 'Name' : 'Rule'];
  if (typeof value !== 'string' || !NAME.test(value)) {
    throw validation(`1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`);
  }
  return value;
}

/** The default bus, by name or ARN: the only bus the simulated account has. */
function eventBus({ input, region, state }: SimRequest): string {
  const bus = input.EventBusName;
  if (bus === undefined || bus === 'default' || bus === `arn:aws:events:${region}:${state.accountId}:event-bus/default`) return 'default';
  throw awsError(ResourceNotFoundException, `Event bus ${String(bus)} does not exist.`);
}

function rulesOf({ state, region }: SimRequest): SimEventRule[] {
  return (state.regional[region]!.eventRules ??= []);
}

function existingRule(request: SimRequest, field: 'name' | 'rule'): SimEventRule {
  const name = ruleName(request.input, field);
  eventBus(request);
  const rule = request.state.regional[request.region]!.eventRules?.find((r) => r.Name === name);
  if (!rule) throw awsError(ResourceNotFoundException, `Rule ${name} does not exist on EventBus default.`);
  return rule;
}

function limit(input: Input): number | undefined {
  const value = input.Limit;
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 100) {
    throw validation(`1 validation error detected: Value '${String(value)}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 100`);
  }
  return value;
}

function ruleOutput(rule: SimEventRule) {
  const { Tags: _tags, targets: _targets, concurrentWriters: _writers, ...shown } = rule;
  return shown;
}

const isEventBus = (arn: string) => /^arn:[\w-]+:events:[^:]*:\d{12}:event-bus\//.test(arn);

/** Another writer holds the rule: every entry of this call fails, and the call itself succeeds. */
function failEveryEntry(rule: SimEventRule, ids: readonly string[]) {
  rule.concurrentWriters = rule.concurrentWriters! - 1;
  if (!rule.concurrentWriters) delete rule.concurrentWriters;
  return {
    FailedEntryCount: ids.length,
    FailedEntries: ids.map((TargetId) => ({ TargetId, ErrorCode: 'ConcurrentModificationException', ErrorMessage: 'Another request is modifying this rule. Try again.' })),
  };
}
