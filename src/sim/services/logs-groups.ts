/**
 * CloudWatch Logs log groups in the simulated account (CreateLogGroup, DescribeLogGroups,
 * PutRetentionPolicy, DeleteRetentionPolicy), checked as the API reference describes: the name's
 * length and characters, the reserved `aws/` prefix, and only the retention periods AWS lists.
 */
import { loadSdk } from '../../aws/clients.js';
import type { SimLogGroup } from '../alerting-state.js';
import { pageOf } from '../paging.js';
import { awsError, type SimHandler, type SimRequest } from '../service.js';

const { InvalidParameterException, ResourceAlreadyExistsException, ResourceNotFoundException } = loadSdk('logs');

/** The retention periods PutRetentionPolicy accepts, in days. */
export const LOG_RETENTION_DAYS: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const CREATED = Date.parse('2026-01-01T00:00:00.000Z');
const NAME = /^[.\-_/#A-Za-z0-9]+$/;

const invalid = (message: string) => awsError(InvalidParameterException, message);
const groupsOf = ({ state, region }: SimRequest): SimLogGroup[] => (state.regional[region]!.logGroups ??= []);

function logGroupName(value: unknown, field = 'logGroupName'): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > 512 || !NAME.test(value)) {
    throw invalid(`1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`);
  }
  return value;
}

/** CreateLogGroup's tags, checked as CloudWatch Logs does: at most 50, keys 1–128 characters, values up to 256. */
function tagsOf(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 50) throw invalid('1 validation error detected: Value at \'tags\' failed to satisfy constraint: Member must have length less than or equal to 50');
  for (const [key, tagValue] of entries) {
    if (key.length < 1 || key.length > 128 || typeof tagValue !== 'string' || tagValue.length > 256) {
      throw invalid(`1 validation error detected: tag ${key} failed to satisfy constraint: keys have 1 to 128 characters, values at most 256`);
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

function existing(request: SimRequest): SimLogGroup {
  const name = logGroupName(request.input.logGroupName);
  const found = groupsOf(request).find((g) => g.logGroupName === name);
  if (!found) throw awsError(ResourceNotFoundException, 'The specified log group does not exist.');
  return found;
}

export const logGroupHandlers: Readonly<Record<string, SimHandler>> = {
  CreateLogGroup: (request: SimRequest) => {
    const { input, state, region } = request;
    const name = logGroupName(input.logGroupName);
    if (name.startsWith('aws/')) throw invalid('Log group names cannot start with \'aws/\'.');
    if (input.logGroupClass !== undefined && !['STANDARD', 'INFREQUENT_ACCESS', 'DELIVERY'].includes(String(input.logGroupClass))) {
      throw invalid(`1 validation error detected: Value '${String(input.logGroupClass)}' at 'logGroupClass' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, INFREQUENT_ACCESS, DELIVERY]`);
    }
    const tags = tagsOf(input.tags);
    const groups = groupsOf(request);
    if (groups.some((g) => g.logGroupName === name)) throw awsError(ResourceAlreadyExistsException, 'The specified log group already exists');
    groups.push({
      logGroupName: name,
      arn: `arn:aws:logs:${region}:${state.accountId}:log-group:${name}:*`,
      creationTime: CREATED,
      storedBytes: 0,
      tags,
    });
    return {};
  },

  DescribeLogGroups: (request: SimRequest) => {
    const { input, state, region } = request;
    if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
      throw invalid('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
    }
    const limit = input.limit;
    if (limit !== undefined && (typeof limit !== 'number' || limit < 1 || limit > 50)) {
      throw invalid(`1 validation error detected: Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50`);
    }
    const prefix = input.logGroupNamePrefix === undefined ? '' : logGroupName(input.logGroupNamePrefix, 'logGroupNamePrefix');
    const pattern = typeof input.logGroupNamePattern === 'string' ? input.logGroupNamePattern.toLowerCase() : undefined;
    const filters = state.regional[region]!.metricFilters ?? [];
    const listed = groupsOf(request)
      .filter((g) => g.logGroupName.startsWith(prefix) && (pattern === undefined || g.logGroupName.toLowerCase().includes(pattern)))
      .sort((a, b) => a.logGroupName.localeCompare(b.logGroupName))
      .map((g) => ({
        logGroupName: g.logGroupName,
        creationTime: g.creationTime,
        ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
        metricFilterCount: filters.filter((f) => f.logGroupName === g.logGroupName).length,
        arn: g.arn,
        storedBytes: g.storedBytes,
        logGroupClass: 'STANDARD',
        logGroupArn: g.arn.replace(/:\*$/, ''),
        deletionProtectionEnabled: false,
      }));
    const { page, next } = pageOf(listed, input.nextToken, limit, 50, () => invalid('The specified nextToken is invalid.'));
    return { logGroups: page, ...(next !== undefined ? { nextToken: next } : {}) };
  },

  PutRetentionPolicy: (request: SimRequest) => {
    const days = request.input.retentionInDays;
    if (typeof days !== 'number' || !LOG_RETENTION_DAYS.includes(days)) {
      throw invalid(`1 validation error detected: Value '${String(days)}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${LOG_RETENTION_DAYS.join(', ')}]`);
    }
    existing(request).retentionInDays = days;
    return {};
  },

  DeleteRetentionPolicy: (request: SimRequest) => {
    delete existing(request).retentionInDays;
    return {};
  },
};
