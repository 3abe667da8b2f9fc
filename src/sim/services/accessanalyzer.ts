/**
 * IAM Access Analyzer in the simulated account: analyzers, per region. A new one is CREATING for a
 * few reads before it is ACTIVE, and a create's retry with the same client token gets the same
 * analyzer back, as on AWS.
 */
import { loadSdk } from '../../aws/clients.js';
import type { SimRequest, SimService } from '../service.js';
import { pageOf } from '../paging.js';
import { freshRegion, type SimAnalyzer } from '../state.js';

const { AccessAnalyzerServiceException, AccessDeniedException, ConflictException, ResourceNotFoundException, ServiceQuotaExceededException, ValidationException } = loadSdk('accessanalyzer');

type Input = Record<string, unknown>;
type AnalyzerType = SimAnalyzer['type'];

const CREATED = '2026-01-01T00:00:00.000Z';
// Pattern and length from the CreateAnalyzer reference.
const NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const TYPES: readonly AnalyzerType[] = [
  'ACCOUNT', 'ORGANIZATION', 'ACCOUNT_UNUSED_ACCESS', 'ORGANIZATION_UNUSED_ACCESS', 'ACCOUNT_INTERNAL_ACCESS', 'ORGANIZATION_INTERNAL_ACCESS',
];
// Quotas: one account-level analyzer per type per region, five organization-level ones.
const PER_TYPE_QUOTA = (type: AnalyzerType) => (type.startsWith('ACCOUNT') ? 1 : 5);

function invalid(field: string, message: string): Error {
  return new ValidationException({
    message: `1 validation error detected: ${message}`,
    $metadata: { httpStatusCode: 400 },
    reason: 'fieldValidationFailed',
    fieldList: [{ name: field, message }],
  });
}

function analyzerName(input: Input): string {
  const name = input.analyzerName;
  if (typeof name !== 'string' || !NAME.test(name) || name.length > 255) {
    throw invalid('analyzerName', `Value '${String(name)}' at 'analyzerName' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z][A-Za-z0-9_.-]*`);
  }
  return name;
}

function analyzerType(value: unknown): AnalyzerType {
  if (!TYPES.includes(value as AnalyzerType)) {
    throw invalid('type', `Value '${String(value)}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [${TYPES.join(', ')}]`);
  }
  return value as AnalyzerType;
}

/**
 * The tags given to CreateAnalyzer, checked as the reference states (key 1–128 characters, not
 * starting with `aws:`; value up to 256); the character set is left unchecked.
 */
function analyzerTags(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const tags = value as Record<string, unknown>;
  for (const [key, tagValue] of Object.entries(tags)) {
    if (key.length < 1 || key.length > 128 || key.toLowerCase().startsWith('aws:')) {
      throw invalid('tags', `Tag key '${key}' must be 1 to 128 characters long and must not start with aws:`);
    }
    if (typeof tagValue !== 'string' || tagValue.length > 256) throw invalid('tags', `Tag value for '${key}' must be at most 256 characters long`);
  }
  return { ...(tags as Record<string, string>) };
}

function analyzersOf({ state, region }: SimRequest): SimAnalyzer[] {
  return (state.regional[region] ??= freshRegion(state, region)).analyzers;
}

/** What AWS shows of an analyzer (the simulation's bookkeeping left out). */
function summary({ readsWhileCreating: _reads, createdWith: _created, ...shown }: SimAnalyzer) {
  return { ...shown, createdAt: new Date(shown.createdAt) };
}

/**
 * A new analyzer is CREATING for this many reads of its region, then ACTIVE: on AWS creation
 * takes a while, so the read right after CreateAnalyzer (and often the next run's) sees CREATING.
 */
export const READS_WHILE_CREATING = 2;

/** One read of the region's analyzers has happened: creation moves on by one step. */
function afterRead(analyzers: SimAnalyzer[]): void {
  for (const analyzer of analyzers) {
    if (analyzer.status !== 'CREATING' || analyzer.readsWhileCreating === undefined) continue;
    analyzer.readsWhileCreating--;
    if (analyzer.readsWhileCreating > 0) continue;
    analyzer.status = 'ACTIVE';
    delete analyzer.readsWhileCreating;
  }
}

function notFound(name: string): Error {
  return new ResourceNotFoundException({ message: 'Analyzer not found', $metadata: { httpStatusCode: 404 }, resourceId: name, resourceType: 'Analyzer' });
}

/**
 * An analyzer whose zone of trust is the organization: only the management account or the
 * delegated administrator for access-analyzer.amazonaws.com may create one, and only with
 * trusted access turned on.
 */
function checkOrganizationAnalyzer({ state, organization }: SimRequest): void {
  const org = organization?.organization;
  const trusted = org?.trustedServices?.some((t) => t.ServicePrincipal === 'access-analyzer.amazonaws.com');
  const admin = org && (org.MasterAccountId === state.accountId || org.delegatedAdministrators?.some((a) => a.AccountId === state.accountId && a.ServicePrincipal === 'access-analyzer.amazonaws.com'));
  if (!org || !trusted || !admin) {
    throw new AccessDeniedException({
      message: 'You must be the management account or a delegated administrator of an organization with trusted access for IAM Access Analyzer to create an analyzer with the organization as the zone of trust.',
      $metadata: { httpStatusCode: 403 },
    });
  }
}

const accessanalyzer: SimService = {
  ServiceException: AccessAnalyzerServiceException,
  handlers: {
    ListAnalyzers: (request: SimRequest) => {
      const { input } = request;
      const type = input.type === undefined ? undefined : analyzerType(input.type);
      const matching = analyzersOf(request).filter((a) => type === undefined || a.type === type);
      const { page, next } = pageOf(matching, input.nextToken, input.maxResults, 100, () => invalid('nextToken', 'Invalid pagination token'));
      const output = { analyzers: page.map(summary), ...(next ? { nextToken: next } : {}) };
      afterRead(analyzersOf(request));
      return output;
    },
    GetAnalyzer: (request: SimRequest) => {
      const name = analyzerName(request.input);
      const analyzers = analyzersOf(request);
      const found = analyzers.find((a) => a.name === name);
      if (!found) throw notFound(name);
      const output = { analyzer: summary(found) };
      afterRead(analyzers);
      return output;
    },
    CreateAnalyzer: (request: SimRequest) => {
      const { input, state, region } = request;
      const name = analyzerName(input);
      const type = analyzerType(input.type);
      if (type.startsWith('ORGANIZATION')) checkOrganizationAnalyzer(request);
      const tags = analyzerTags(input.tags);
      const analyzers = analyzersOf(request);
      // A client token seen before: a retry of that create gets its answer again, as on AWS.
      const { clientToken: token, ...rest } = input;
      const clientToken = typeof token === 'string' && token ? token : undefined;
      const requestShape = JSON.stringify(rest);
      const earlier = clientToken ? analyzers.find((a) => a.createdWith?.clientToken === clientToken) : undefined;
      if (earlier) {
        if (earlier.createdWith!.request === requestShape) return { arn: earlier.arn };
        throw new ConflictException({ message: `The client token ${clientToken} was already used for a different request`, $metadata: { httpStatusCode: 409 }, resourceId: name, resourceType: 'Analyzer' });
      }
      if (analyzers.some((a) => a.name === name)) {
        throw new ConflictException({ message: `Analyzer ${name} already exists`, $metadata: { httpStatusCode: 409 }, resourceId: name, resourceType: 'Analyzer' });
      }
      if (analyzers.filter((a) => a.type === type).length >= PER_TYPE_QUOTA(type)) {
        throw new ServiceQuotaExceededException({
          message: `Service quota exceeded: analyzers of type ${type} in this region`,
          $metadata: { httpStatusCode: 402 },
          resourceId: name,
          resourceType: 'Analyzer',
        });
      }
      const arn = `arn:aws:access-analyzer:${region}:${state.accountId}:analyzer/${name}`;
      analyzers.push({
        arn,
        name,
        type,
        status: 'CREATING',
        readsWhileCreating: READS_WHILE_CREATING,
        createdAt: CREATED,
        ...(tags ? { tags } : {}),
        ...(clientToken ? { createdWith: { clientToken, request: requestShape } } : {}),
      });
      return { arn };
    },
    DeleteAnalyzer: (request: SimRequest) => {
      const name = analyzerName(request.input);
      const analyzers = analyzersOf(request);
      const index = analyzers.findIndex((a) => a.name === name);
      if (index < 0) throw notFound(name);
      analyzers.splice(index, 1);
      return {};
    },
  },
};
export default accessanalyzer;
