/**
 * What simulated EventBridge checks before it stores a rule or a target, with EventBridge's
 * errors: event patterns (JSON objects whose leaves are arrays of values or content filters,
 * each filter of a known match type with a value of its kind), and
 * targets (ids, ARNs, one of Input / InputPath / InputTransformer, placeholders that are
 * defined, a role for an event bus in another region or account, topics in the rule's region).
 */
import { loadSdk } from '../../aws/clients.js';
import type { SimEventTarget } from '../alerting-state.js';
import { awsError } from '../service.js';

const { EventBridgeServiceException, InvalidEventPatternException } = loadSdk('events');

/** PutRule's EventPattern is at most 4096 characters (EventBridge API reference). */
const MAX_PATTERN = 4096;
const MAX_TARGETS_PER_CALL = 10;
const MAX_INPUT = 8192;
const MAX_PATHS = 100;
const PATH_KEY = /^[A-Za-z0-9_-]{1,256}$/;
/** Variables EventBridge defines itself (input transformation, predefined variables). */
const PREDEFINED = ['aws.events.rule-arn', 'aws.events.rule-name', 'aws.events.event.ingestion-time', 'aws.events.event', 'aws.events.event.json'];
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** EventBridge's ValidationException is not modeled in the SDK: the base class with its name. */
function validation(message: string): Error {
  return new EventBridgeServiceException({ name: 'ValidationException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
}

function badPattern(reason: string): Error {
  return awsError(InvalidEventPatternException, `Event pattern is not valid. Reason: ${reason}`);
}

/** A pattern EventBridge would accept; throws its InvalidEventPatternException otherwise. */
export function checkEventPattern(raw: unknown): void {
  if (typeof raw !== 'string' || raw.length > MAX_PATTERN) throw validation(`1 validation error detected: Value at 'eventPattern' failed to satisfy constraint: Member must have length less than or equal to ${MAX_PATTERN}`);
  let pattern: unknown;
  try {
    pattern = JSON.parse(raw);
  } catch (error) {
    throw badPattern((error as Error).message);
  }
  checkPatternObject(pattern, '');
}

function checkPatternObject(value: unknown, where: string): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw badPattern(`${where || 'the pattern'} must be a JSON object`);
  const entries = Object.entries(value);
  if (!entries.length) throw badPattern('Empty objects are not allowed');
  for (const [key, leaf] of entries) {
    const path = where ? `${where}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(leaf) || leaf.length < 2) throw badPattern(`"$or" needs an array of at least two patterns at "${path}"`);
      for (const branch of leaf) checkPatternObject(branch, path);
    } else if (Array.isArray(leaf)) {
      if (!leaf.length) throw badPattern(`Empty arrays are not allowed at "${path}"`);
      if (leaf.some((v) => Array.isArray(v))) throw badPattern(`Match value must be String, number, true, false, or null at "${path}"`);
      for (const value of leaf) if (value && typeof value === 'object') checkFilter(value as Record<string, unknown>, path);
    } else if (leaf && typeof leaf === 'object') {
      checkPatternObject(leaf, path);
    } else {
      throw badPattern(`"${path}" must be an object or an array`);
    }
  }
}

const NUMERIC_OPERATORS = ['<', '<=', '=', '>', '>='];
const isString = (v: unknown) => typeof v === 'string';

/** One content filter inside a leaf's list (`{"numeric": [">=", 7]}`), as EventBridge's content filtering defines them. */
function checkFilter(filter: Record<string, unknown>, path: string): void {
  const keys = Object.keys(filter);
  if (keys.length !== 1) throw badPattern(`A content filter has exactly one match type at "${path}"`);
  const [type] = keys as [string];
  const value = filter[type];
  const textOrIgnoringCase = (v: unknown) => isString(v) || (!!v && typeof v === 'object' && Object.keys(v).length === 1 && isString((v as Record<string, unknown>)['equals-ignore-case']));
  switch (type) {
    case 'numeric': {
      const terms = Array.isArray(value) ? value : [];
      const pairs = terms.length === 2 || terms.length === 4 ? [terms.slice(0, 2), terms.slice(2)].filter((p) => p.length) : [];
      if (!pairs.length) throw badPattern(`Value of numeric must be an array of one or two comparisons at "${path}"`);
      for (const [operator, bound] of pairs) {
        if (!NUMERIC_OPERATORS.includes(operator as string)) throw badPattern(`Unrecognized numeric range operator: ${String(operator)} at "${path}"`);
        if (typeof bound !== 'number' || !Number.isFinite(bound)) throw badPattern(`Value of ${String(operator)} must be numeric at "${path}"`);
      }
      if (pairs.length === 2 && !(String(pairs[0]![0]).startsWith('>') && String(pairs[1]![0]).startsWith('<'))) throw badPattern(`Bad numeric range operator at "${path}"`);
      return;
    }
    case 'exists':
      if (typeof value !== 'boolean') throw badPattern(`exists match pattern must be either true or false at "${path}"`);
      return;
    case 'prefix':
    case 'suffix':
      if (!textOrIgnoringCase(value)) throw badPattern(`${type} match pattern must be a string at "${path}"`);
      return;
    case 'equals-ignore-case':
    case 'wildcard':
    case 'cidr':
      if (!isString(value)) throw badPattern(`${type} match pattern must be a string at "${path}"`);
      return;
    case 'anything-but': {
      const list = Array.isArray(value) ? value : [value];
      const plain = list.length > 0 && (list.every(isString) || list.every((v) => typeof v === 'number'));
      const nested = !Array.isArray(value) && value && typeof value === 'object' && Object.keys(value).length === 1
        && ['prefix', 'suffix', 'equals-ignore-case', 'wildcard'].includes(Object.keys(value)[0]!) && isString(Object.values(value)[0]);
      if (!plain && !nested) throw badPattern(`Value of anything-but must be an array or single string/number value at "${path}"`);
      return;
    }
    default:
      throw badPattern(`Unrecognized match type ${type} at "${path}"`);
  }
}

interface Where {
  readonly region: string;
  readonly accountId: string;
  /** The pattern of a target Id (the same as a rule name's). */
  readonly name: RegExp;
  /** The rule's targets now: an event bus target sent again without its role keeps the role. */
  readonly existing: readonly SimEventTarget[];
}

/** The targets as EventBridge stores them; throws its ValidationException for the first bad one. */
export function checkTargets(raw: unknown, where: Where): SimEventTarget[] {
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > MAX_TARGETS_PER_CALL) {
    throw validation(`1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have length between 1 and ${MAX_TARGETS_PER_CALL}`);
  }
  return raw.map((entry: Record<string, unknown>) => checkTarget(entry ?? {}, where));
}

function checkTarget(t: Record<string, unknown>, where: Where): SimEventTarget {
  if (typeof t.Id !== 'string' || !where.name.test(t.Id)) {
    throw validation(`1 validation error detected: Value '${String(t.Id)}' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`);
  }
  if (typeof t.Arn !== 'string' || t.Arn.length < 1 || t.Arn.length > 1600) throw validation(`Parameter Arn is not valid for target ${t.Id}.`);
  const inputs = ['Input', 'InputPath', 'InputTransformer'].filter((field) => t[field] !== undefined);
  if (inputs.length > 1) throw validation(`Only one of Input, InputPath, or InputTransformer may be given for target ${t.Id}.`);
  if (t.Input !== undefined) checkInput(t.Id, t.Input);
  if (t.InputPath !== undefined && (typeof t.InputPath !== 'string' || !t.InputPath.startsWith('$') || t.InputPath.length > 256)) {
    throw validation(`InputPath for target ${t.Id} is not a valid JSON path.`);
  }
  if (t.InputTransformer !== undefined) checkTransformer(t.Id, t.InputTransformer);
  if (t.RoleArn !== undefined && (typeof t.RoleArn !== 'string' || !ROLE_ARN.test(t.RoleArn))) throw validation(`RoleArn is not valid for target ${t.Id}.`);

  const arn = /^arn:[\w-]+:([\w-]+):([a-z0-9-]*):(\d{12})?:(.*)$/.exec(t.Arn);
  if (!arn) throw validation(`Parameter ${t.Arn} is not valid. Reason: Provided Arn is not in correct format.`);
  const [, serviceName, region, account, resource] = arn;
  const keepsRole = where.existing.some((e) => e.Id === t.Id && e.Arn === t.Arn && e.RoleArn);
  if (serviceName === 'events' && resource!.startsWith('event-bus/') && (region !== where.region || account !== where.accountId) && t.RoleArn === undefined && !keepsRole) {
    throw validation(`RoleArn is required for target ${t.Arn}.`);
  }
  // PutTargets reference: "Input, InputPath, and InputTransformer are not available with PutTarget if the target is an event bus of a different AWS account."
  if (serviceName === 'events' && resource!.startsWith('event-bus/') && account !== where.accountId && inputs.length) {
    throw validation(`Input, InputPath, and InputTransformer are not available for target ${t.Id}: it is an event bus of another account.`);
  }
  // Only an event bus can be in another region; every other target is in the rule's.
  if (serviceName === 'sns' && region !== where.region) throw validation(`Target ${t.Arn} is not in the rule's region ${where.region}.`);

  const kept = ['Id', 'Arn', 'RoleArn', 'Input', 'InputPath', 'InputTransformer'] as const;
  return Object.fromEntries(kept.filter((field) => t[field] !== undefined).map((field) => [field, t[field]])) as unknown as SimEventTarget;
}

function checkInput(id: string, input: unknown): void {
  if (typeof input !== 'string' || input.length > MAX_INPUT) throw validation(`Input for target ${id} is not valid.`);
  try {
    JSON.parse(input);
  } catch {
    throw validation(`Input for target ${id} is not valid JSON text.`);
  }
}

function checkTransformer(id: string, raw: unknown): void {
  const { InputTemplate: template, InputPathsMap: paths = {} } = (raw ?? {}) as { InputTemplate?: unknown; InputPathsMap?: unknown };
  if (typeof template !== 'string' || template.length < 1 || template.length > MAX_INPUT) {
    throw validation(`InputTemplate for target ${id} must be between 1 and ${MAX_INPUT} characters.`);
  }
  if (!paths || typeof paths !== 'object' || Array.isArray(paths)) throw validation(`InputPathsMap for target ${id} is not valid.`);
  const entries = Object.entries(paths as Record<string, unknown>);
  if (entries.length > MAX_PATHS) throw validation(`InputPathsMap for target ${id} has more than ${MAX_PATHS} entries.`);
  for (const [key, path] of entries) {
    if (!PATH_KEY.test(key)) throw validation(`InputPathsMap for target ${id} has an invalid key ${key}.`);
    if (typeof path !== 'string' || !path.startsWith('$') || path.length > 256) throw validation(`InputPathsMap for target ${id} has an invalid JSON path for ${key}.`);
  }
  for (const [, placeholder] of template.matchAll(/<([^<>\s]+)>/g)) {
    if (!(placeholder! in (paths as object)) && !PREDEFINED.includes(placeholder!)) {
      throw validation(`InputTemplate for target ${id} contains invalid placeholder ${placeholder}.`);
    }
  }
}
