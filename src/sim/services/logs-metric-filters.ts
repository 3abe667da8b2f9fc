/**
 * CloudWatch Logs metric filters in the simulated account (PutMetricFilter, DescribeMetricFilters,
 * DeleteMetricFilter), checked the way the API reference says CloudWatch Logs checks them: name
 * and length limits, exactly one metric transformation, the log group must exist, 100 filters per
 * log group, and a filter pattern that does not parse is refused.
 */
import { loadSdk } from '../../aws/clients.js';
import type { SimMetricFilter } from '../alerting-state.js';
import { pageOf } from '../paging.js';
import { awsError, type SimHandler, type SimRequest } from '../service.js';
import { freshRegion, type SimRegion } from '../state.js';

const { InvalidParameterException, LimitExceededException, ResourceNotFoundException } = loadSdk('logs');

type Input = Record<string, unknown>;

/** "The maximum number of metric filters that can be associated with a log group is 100." */
const MAX_FILTERS_PER_LOG_GROUP = 100;
/** When the simulation says a filter was made (ms since 1970, as creationTime is). */
const CREATED = Date.parse('2026-01-01T00:00:00.000Z');

const invalid = (message: string) => awsError(InvalidParameterException, message);
const regionOf = ({ state, region }: SimRequest): SimRegion => (state.regional[region] ??= freshRegion(state, region));
const filtersOf = (request: SimRequest): SimMetricFilter[] => (regionOf(request).metricFilters ??= []);

/** A string field within the reference's length limits and pattern, or InvalidParameterException. */
function text(input: Input, field: string, { min = 1, max, pattern }: { min?: number; max: number; pattern?: RegExp }): string {
  const value = input[field];
  if (typeof value !== 'string' || value.length < min || value.length > max || (pattern && !pattern.test(value))) {
    throw invalid(`1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must have length between ${min} and ${max}${pattern ? ` and match pattern ${pattern.source}` : ''}`);
  }
  return value;
}

const LOG_GROUP_NAME = { max: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/ };
const FILTER_NAME = { max: 512, pattern: /^[^:*]*$/ };
const METRIC_NAME = { max: 255, pattern: /^[^:*$]*$/ };

function existingLogGroup(request: SimRequest, name: string): void {
  if (!(regionOf(request).logGroups ?? []).some((group) => group.logGroupName === name)) {
    throw awsError(ResourceNotFoundException, 'The specified log group does not exist.');
  }
}

/**
 * Whether a filter pattern parses, as far as brackets and quotes go: CloudWatch Logs refuses one
 * that does not ("Invalid metric filter pattern"), where a typo would otherwise match nothing.
 */
export function patternParses(pattern: string): boolean {
  const open: string[] = [];
  let quoted = false;
  for (const char of pattern) {
    if (char === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (char === '{' || char === '(' || char === '[') open.push(char);
    else if (char === '}' || char === ')' || char === ']') {
      if (open.pop() !== { '}': '{', ')': '(', ']': '[' }[char]) return false;
    }
  }
  if (quoted || open.length) return false;
  const trimmed = pattern.trim();
  // A JSON pattern is one brace pair around conditions on `$.` selectors.
  return !trimmed.startsWith('{') || (trimmed.endsWith('}') && trimmed.includes('$.'));
}

function transformation(input: Input): SimMetricFilter['metricTransformations'][number] {
  const list = input.metricTransformations;
  if (!Array.isArray(list) || list.length !== 1) {
    throw invalid(`1 validation error detected: Value at 'metricTransformations' failed to satisfy constraint: Member must have length less than or equal to 1 and greater than or equal to 1`);
  }
  const given = (list[0] ?? {}) as Input;
  const metricName = text(given, 'metricName', METRIC_NAME);
  const metricNamespace = text(given, 'metricNamespace', METRIC_NAME);
  const metricValue = text(given, 'metricValue', { max: 100 });
  const { defaultValue, dimensions, unit } = given;
  if (defaultValue !== undefined && dimensions !== undefined) throw invalid('You cannot specify both defaultValue and dimensions in a metric transformation.');
  return {
    metricName,
    metricNamespace,
    metricValue,
    ...(typeof defaultValue === 'number' ? { defaultValue } : {}),
    ...(dimensions && typeof dimensions === 'object' ? { dimensions: dimensions as Record<string, string> } : {}),
    ...(typeof unit === 'string' ? { unit } : {}),
  };
}

/** A filter as the API shows it (the same fields, under their own names). */
const shown = (filter: SimMetricFilter) => ({ ...filter, metricTransformations: filter.metricTransformations.map((t) => ({ ...t })) });

export const metricFilterHandlers: Readonly<Record<string, SimHandler>> = {
  PutMetricFilter: (request: SimRequest) => {
    const { input } = request;
    const logGroupName = text(input, 'logGroupName', LOG_GROUP_NAME);
    const filterName = text(input, 'filterName', FILTER_NAME);
    const filterPattern = text(input, 'filterPattern', { min: 0, max: 1024 });
    if (!patternParses(filterPattern)) throw invalid('Invalid metric filter pattern');
    const metric = transformation(input);
    existingLogGroup(request, logGroupName);
    const filters = filtersOf(request);
    const existing = filters.find((f) => f.logGroupName === logGroupName && f.filterName === filterName);
    // A put with a name the log group already has replaces that filter (creates or updates).
    if (existing) {
      Object.assign(existing, { filterPattern, metricTransformations: [metric] });
      return {};
    }
    if (filters.filter((f) => f.logGroupName === logGroupName).length >= MAX_FILTERS_PER_LOG_GROUP) {
      throw awsError(LimitExceededException, 'Resource limit exceeded.');
    }
    filters.push({ filterName, filterPattern, logGroupName, metricTransformations: [metric], creationTime: CREATED });
    return {};
  },

  DescribeMetricFilters: (request: SimRequest) => {
    const { input } = request;
    const { logGroupName, filterNamePrefix, metricName, metricNamespace, limit } = input;
    if (filterNamePrefix !== undefined && logGroupName === undefined) throw invalid('If you specify filterNamePrefix, you must also specify logGroupName.');
    if ((metricName === undefined) !== (metricNamespace === undefined)) throw invalid('If you specify metricName, you must also specify metricNamespace, and the other way round.');
    if (limit !== undefined && (typeof limit !== 'number' || limit < 1 || limit > 50)) throw invalid(`1 validation error detected: Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 50`);
    if (typeof logGroupName === 'string') existingLogGroup(request, logGroupName);
    const matching = filtersOf(request)
      .filter((f) => logGroupName === undefined || f.logGroupName === logGroupName)
      .filter((f) => typeof filterNamePrefix !== 'string' || f.filterName.startsWith(filterNamePrefix))
      .filter((f) => metricName === undefined || f.metricTransformations.some((t) => t.metricName === metricName && t.metricNamespace === metricNamespace))
      .sort((a, b) => a.logGroupName.localeCompare(b.logGroupName) || a.filterName.localeCompare(b.filterName));
    const { page, next } = pageOf(matching, input.nextToken, limit, 50, () => invalid('The specified nextToken is invalid.'));
    return { metricFilters: page.map(shown), ...(next ? { nextToken: next } : {}) };
  },

  DeleteMetricFilter: (request: SimRequest) => {
    const { input } = request;
    const logGroupName = text(input, 'logGroupName', LOG_GROUP_NAME);
    const filterName = text(input, 'filterName', FILTER_NAME);
    existingLogGroup(request, logGroupName);
    const filters = filtersOf(request);
    const index = filters.findIndex((f) => f.logGroupName === logGroupName && f.filterName === filterName);
    if (index < 0) throw awsError(ResourceNotFoundException, 'The specified metric filter does not exist.');
    filters.splice(index, 1);
    return {};
  },
};
