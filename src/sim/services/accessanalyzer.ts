/** IAM Access Analyzer in the simulated account: analyzers, per region. */
import { loadSdk } from '../../aws/clients.js';
import type { SimRequest, SimService } from '../service.js';
import { pageOf } from '../paging.js';
import { freshRegion, type SimAnalyzer } from '../state.js';

const { AccessAnalyzerServiceException, ConflictException, ResourceNotFoundException, ServiceQuotaExceededException, ValidationException } = loadSdk('accessanalyzer');

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

function analyzersOf({ state, region }: SimRequest): SimAnalyzer[] {
  return (state.regional[region] ??= freshRegion(state, region)).analyzers;
}

const summary = (a: SimAnalyzer) => ({ ...a, createdAt: new Date(a.createdAt) });

const accessanalyzer: SimService = {
  ServiceException: AccessAnalyzerServiceException,
  handlers: {
    ListAnalyzers: (request: SimRequest) => {
      const { input } = request;
      const type = input.type === undefined ? undefined : analyzerType(input.type);
      const matching = analyzersOf(request).filter((a) => type === undefined || a.type === type);
      const { page, next } = pageOf(matching, input.nextToken, input.maxResults, 100, () => invalid('nextToken', 'Invalid pagination token'));
      return { analyzers: page.map(summary), ...(next ? { nextToken: next } : {}) };
    },
    CreateAnalyzer: (request: SimRequest) => {
      const { input, state, region } = request;
      const name = analyzerName(input);
      const type = analyzerType(input.type);
      const analyzers = analyzersOf(request);
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
      analyzers.push({ arn, name, type, status: 'ACTIVE', createdAt: CREATED, ...(input.tags ? { tags: input.tags as Record<string, string> } : {}) });
      return { arn };
    },
    DeleteAnalyzer: (request: SimRequest) => {
      const name = analyzerName(request.input);
      const analyzers = analyzersOf(request);
      const index = analyzers.findIndex((a) => a.name === name);
      if (index < 0) {
        throw new ResourceNotFoundException({ message: 'Analyzer not found', $metadata: { httpStatusCode: 404 }, resourceId: name, resourceType: 'Analyzer' });
      }
      analyzers.splice(index, 1);
      return {};
    },
  },
};
export default accessanalyzer;
