/**
 * Security Hub CSPM finding aggregators in the simulated account: at most one per account, kept
 * in its home (aggregation) region. It is listed from any region where Security Hub is on, made
 * and deleted only from its home region, and cannot be made in an opt-in region (AWS: "You
 * can't use a Region that is disabled by default as your home Region"). CreateFindingAggregator
 * takes no idempotency token: a retry after a lost answer is refused as a second aggregator.
 */
import { loadSdk } from '../../aws/clients.js';
import { awsError, type SimRequest } from '../service.js';
import type { SimFindingAggregator } from '../compliance-state.js';
import { pageOf } from '../paging.js';
import { nextUuid, type SimState } from '../state.js';
import { hubOf, invalidInput, regionOf } from './securityhub-hub.js';

const { ResourceNotFoundException } = loadSdk('securityhub');

type Input = Record<string, unknown>;
type LinkingMode = SimFindingAggregator['RegionLinkingMode'];

const LINKING_MODES: readonly LinkingMode[] = ['ALL_REGIONS', 'ALL_REGIONS_EXCEPT_SPECIFIED', 'SPECIFIED_REGIONS', 'NO_REGIONS'];

/** Every aggregator of the account, wherever it lives. */
function aggregatorsOf(state: SimState): SimFindingAggregator[] {
  return Object.values(state.regional).flatMap((region) => region.findingAggregators ?? []);
}

function found(state: SimState, arn: unknown): SimFindingAggregator {
  const aggregator = aggregatorsOf(state).find((a) => a.FindingAggregatorArn === arn);
  if (!aggregator) throw awsError(ResourceNotFoundException, `Finding aggregator ${String(arn)} not found`, 404);
  return aggregator;
}

/** RegionLinkingMode and the Regions that go with it, checked as the reference describes them. */
function linking(input: Input): Pick<SimFindingAggregator, 'RegionLinkingMode' | 'Regions'> {
  const mode = input.RegionLinkingMode as LinkingMode;
  if (!LINKING_MODES.includes(mode)) throw invalidInput(`Invalid RegionLinkingMode: ${String(mode)}. Valid values: ${LINKING_MODES.join(', ')}`);
  const regions = (input.Regions as string[] | undefined) ?? [];
  const listsRegions = mode === 'ALL_REGIONS_EXCEPT_SPECIFIED' || mode === 'SPECIFIED_REGIONS';
  if (listsRegions && !regions.length) throw invalidInput(`Regions is required when RegionLinkingMode is ${mode}`);
  if (!listsRegions && regions.length) throw invalidInput(`Regions cannot be specified when RegionLinkingMode is ${mode}`);
  return { RegionLinkingMode: mode, ...(listsRegions ? { Regions: [...regions] } : {}) };
}

const shown = (a: SimFindingAggregator) => ({ ...a, ...(a.Regions ? { Regions: [...a.Regions] } : {}) });

export const aggregatorHandlers = {
  CreateFindingAggregator: (request: SimRequest<Input>) => {
    const { state, region } = request;
    hubOf(request);
    const wanted = linking(request.input);
    if (state.regions[region] !== 'ENABLED_BY_DEFAULT') {
      throw invalidInput(`${region} is a Region that is disabled by default and cannot be the home Region for cross-Region aggregation`);
    }
    const existing = aggregatorsOf(state)[0];
    if (existing) throw invalidInput(`A finding aggregator already exists in ${existing.FindingAggregationRegion}: ${existing.FindingAggregatorArn}`);
    const aggregator: SimFindingAggregator = {
      FindingAggregatorArn: `arn:aws:securityhub:${region}:${state.accountId}:finding-aggregator/${nextUuid(state)}`,
      FindingAggregationRegion: region,
      ...wanted,
    };
    (regionOf(request).findingAggregators ??= []).push(aggregator);
    return shown(aggregator);
  },
  ListFindingAggregators: (request: SimRequest<Input>) => {
    hubOf(request);
    const { page, next } = pageOf(aggregatorsOf(request.state), request.input.NextToken, request.input.MaxResults, 100, () => invalidInput('Invalid NextToken'));
    return { FindingAggregators: page.map((a) => ({ FindingAggregatorArn: a.FindingAggregatorArn })), ...(next ? { NextToken: next } : {}) };
  },
  GetFindingAggregator: (request: SimRequest<Input>) => {
    hubOf(request);
    return shown(found(request.state, request.input.FindingAggregatorArn));
  },
  UpdateFindingAggregator: (request: SimRequest<Input>) => {
    hubOf(request);
    const aggregator = found(request.state, request.input.FindingAggregatorArn);
    if (aggregator.FindingAggregationRegion !== request.region) throw invalidInput(`The finding aggregator can only be updated from its home Region ${aggregator.FindingAggregationRegion}`);
    const wanted = linking(request.input);
    aggregator.RegionLinkingMode = wanted.RegionLinkingMode;
    if (wanted.Regions) aggregator.Regions = wanted.Regions;
    else delete aggregator.Regions;
    return shown(aggregator);
  },
  DeleteFindingAggregator: (request: SimRequest<Input>) => {
    const { state } = request;
    hubOf(request);
    const aggregator = found(request.state, request.input.FindingAggregatorArn);
    if (aggregator.FindingAggregationRegion !== request.region) throw invalidInput(`The finding aggregator can only be deleted from its home Region ${aggregator.FindingAggregationRegion}`);
    const home = regionOf(request);
    home.findingAggregators = (home.findingAggregators ?? []).filter((a) => a !== aggregator);
    // The administrator's home Region goes with it: AWS deletes the configuration policies and their associations.
    const settings = request.organization?.organization?.securityhub;
    if (settings?.configurationType === 'CENTRAL' && settings.admins[request.region] === state.accountId) {
      settings.policies = [];
      settings.associations = [];
      settings.configurationType = 'LOCAL';
      delete settings.homeRegion;
    }
    return {};
  },
};
