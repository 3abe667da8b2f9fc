/**
 * One place that creates AWS SDK v3 clients: loaded lazily (the EC2 client alone takes most of
 * a second to import), one per service and region, sharing one credential provider, with a
 * bound on in-flight requests per service and region so a fan-out does not throttle itself.
 */
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { NODE_APP_ID_CONFIG_OPTIONS } from '@aws-sdk/core/client';
import { NODE_AUTH_SCHEME_PREFERENCE_OPTIONS } from '@aws-sdk/core/httpAuthSchemes';
import { loadConfig, NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS } from '@smithy/core/config';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { SetupError } from '../core/errors.js';
import { Semaphore } from '../core/pool.js';
import { tagCallSite } from './errors.js';
import { retryStrategy } from './retry.js';

type Modules = {
  sts: typeof import('@aws-sdk/client-sts');
  account: typeof import('@aws-sdk/client-account');
  iam: typeof import('@aws-sdk/client-iam');
  ec2: typeof import('@aws-sdk/client-ec2');
  s3control: typeof import('@aws-sdk/client-s3-control');
  accessanalyzer: typeof import('@aws-sdk/client-accessanalyzer');
  guardduty: typeof import('@aws-sdk/client-guardduty');
  budgets: typeof import('@aws-sdk/client-budgets');
  costexplorer: typeof import('@aws-sdk/client-cost-explorer');
  sns: typeof import('@aws-sdk/client-sns');
  cloudtrail: typeof import('@aws-sdk/client-cloudtrail');
  s3: typeof import('@aws-sdk/client-s3');
  logs: typeof import('@aws-sdk/client-cloudwatch-logs');
  cloudwatch: typeof import('@aws-sdk/client-cloudwatch');
  events: typeof import('@aws-sdk/client-eventbridge');
  config: typeof import('@aws-sdk/client-config-service');
  securityhub: typeof import('@aws-sdk/client-securityhub');
  organizations: typeof import('@aws-sdk/client-organizations');
};

export type ServiceId = keyof Modules;

/**
 * Each service's SDK package, loaded on first use by `import()`: the bundle (scripts/bundle.ts)
 * makes each one a chunk of its own, read from disk only when a run needs that service.
 */
const loaders: { [K in ServiceId]: () => Promise<Modules[K]> } = {
  sts: () => import('@aws-sdk/client-sts'),
  account: () => import('@aws-sdk/client-account'),
  iam: () => import('@aws-sdk/client-iam'),
  ec2: () => import('@aws-sdk/client-ec2'),
  s3control: () => import('@aws-sdk/client-s3-control'),
  accessanalyzer: () => import('@aws-sdk/client-accessanalyzer'),
  guardduty: () => import('@aws-sdk/client-guardduty'),
  budgets: () => import('@aws-sdk/client-budgets'),
  costexplorer: () => import('@aws-sdk/client-cost-explorer'),
  sns: () => import('@aws-sdk/client-sns'),
  cloudtrail: () => import('@aws-sdk/client-cloudtrail'),
  s3: () => import('@aws-sdk/client-s3'),
  logs: () => import('@aws-sdk/client-cloudwatch-logs'),
  cloudwatch: () => import('@aws-sdk/client-cloudwatch'),
  events: () => import('@aws-sdk/client-eventbridge'),
  config: () => import('@aws-sdk/client-config-service'),
  securityhub: () => import('@aws-sdk/client-securityhub'),
  organizations: () => import('@aws-sdk/client-organizations'),
};

/** The same packages by name, for loadSdk outside the bundle (keep in step with `loaders`). */
const sdkPackages: Record<ServiceId, string> = {
  sts: '@aws-sdk/client-sts',
  account: '@aws-sdk/client-account',
  iam: '@aws-sdk/client-iam',
  ec2: '@aws-sdk/client-ec2',
  s3control: '@aws-sdk/client-s3-control',
  accessanalyzer: '@aws-sdk/client-accessanalyzer',
  guardduty: '@aws-sdk/client-guardduty',
  budgets: '@aws-sdk/client-budgets',
  costexplorer: '@aws-sdk/client-cost-explorer',
  sns: '@aws-sdk/client-sns',
  cloudtrail: '@aws-sdk/client-cloudtrail',
  s3: '@aws-sdk/client-s3',
  logs: '@aws-sdk/client-cloudwatch-logs',
  cloudwatch: '@aws-sdk/client-cloudwatch',
  events: '@aws-sdk/client-eventbridge',
  config: '@aws-sdk/client-config-service',
  securityhub: '@aws-sdk/client-securityhub',
  organizations: '@aws-sdk/client-organizations',
};

/** Defined (as true) by the bundler (scripts/bundle.ts) only, so the branch it guards is left out there. */
declare const AWS_BOOTSTRAP_BUNDLE: true | undefined;

const loadedSdks: Partial<Modules> = {};
const loadingSdks = new Map<ServiceId, Promise<unknown>>();

/** A service's SDK module, loaded once; what AwsClients and the simulated account wait for. */
export function loadSdkModule<K extends ServiceId>(service: K): Promise<Modules[K]> {
  let pending = loadingSdks.get(service) as Promise<Modules[K]> | undefined;
  if (!pending) {
    pending = loaders[service]().then((module) => (loadedSdks[service] = module));
    loadingSdks.set(service, pending);
  }
  return pending;
}

/**
 * A service's SDK module, synchronously: the simulated services take their error classes from
 * it at module top level. It is served from what loadSdkModule loaded, which the simulated
 * account awaits before it imports a service. Outside the bundle the package is on disk, so a
 * module imported without that (a test importing a simulated service) still gets it; in the
 * bundle there is nothing on disk to fall back to, and a require could find someone else's copy.
 */
export function loadSdk<K extends ServiceId>(service: K): Modules[K] {
  const loaded = loadedSdks[service];
  if (loaded) return loaded;
  if (typeof AWS_BOOTSTRAP_BUNDLE === 'undefined') {
    const module = createRequire(import.meta.url)(sdkPackages[service]) as Modules[K];
    loadedSdks[service] = module;
    return module;
  }
  throw new Error(`aws-bootstrap internal error: the ${service} SDK module was used before it was loaded (await loadSdkModule('${service}') first)`);
}

const clientClassNames = {
  sts: 'STSClient',
  account: 'AccountClient',
  iam: 'IAMClient',
  ec2: 'EC2Client',
  s3control: 'S3ControlClient',
  accessanalyzer: 'AccessAnalyzerClient',
  guardduty: 'GuardDutyClient',
  budgets: 'BudgetsClient',
  costexplorer: 'CostExplorerClient',
  sns: 'SNSClient',
  cloudtrail: 'CloudTrailClient',
  s3: 'S3Client',
  logs: 'CloudWatchLogsClient',
  cloudwatch: 'CloudWatchClient',
  events: 'EventBridgeClient',
  config: 'ConfigServiceClient',
  securityhub: 'SecurityHubClient',
  organizations: 'OrganizationsClient',
} as const satisfies Record<ServiceId, string>;

type Clients = {
  sts: import('@aws-sdk/client-sts').STSClient;
  account: import('@aws-sdk/client-account').AccountClient;
  iam: import('@aws-sdk/client-iam').IAMClient;
  ec2: import('@aws-sdk/client-ec2').EC2Client;
  s3control: import('@aws-sdk/client-s3-control').S3ControlClient;
  accessanalyzer: import('@aws-sdk/client-accessanalyzer').AccessAnalyzerClient;
  guardduty: import('@aws-sdk/client-guardduty').GuardDutyClient;
  budgets: import('@aws-sdk/client-budgets').BudgetsClient;
  costexplorer: import('@aws-sdk/client-cost-explorer').CostExplorerClient;
  sns: import('@aws-sdk/client-sns').SNSClient;
  cloudtrail: import('@aws-sdk/client-cloudtrail').CloudTrailClient;
  s3: import('@aws-sdk/client-s3').S3Client;
  logs: import('@aws-sdk/client-cloudwatch-logs').CloudWatchLogsClient;
  cloudwatch: import('@aws-sdk/client-cloudwatch').CloudWatchClient;
  events: import('@aws-sdk/client-eventbridge').EventBridgeClient;
  config: import('@aws-sdk/client-config-service').ConfigServiceClient;
  securityhub: import('@aws-sdk/client-securityhub').SecurityHubClient;
  organizations: import('@aws-sdk/client-organizations').OrganizationsClient;
};

export type ClientOf<K extends ServiceId> = Clients[K];

/**
 * Services whose API has a single endpoint that signs for us-east-1, whatever the home region.
 * (Account, Budgets, Cost Explorer and Organizations in the `aws` partition.)
 */
const globalEndpointRegion: Partial<Record<ServiceId, string>> = {
  account: 'us-east-1',
  budgets: 'us-east-1',
  costexplorer: 'us-east-1',
  organizations: 'us-east-1',
};

/** The service an IAM action prefix (`ec2:DescribeVpcs` → `ec2`) belongs to. */
export function serviceOfAction(action: string): ServiceId | undefined {
  const [prefix, operation = ''] = action.split(':');
  // Two SDK clients share the `s3` prefix: S3 Control holds only the account-level settings.
  if (prefix === 's3') return operation.includes('AccountPublicAccessBlock') ? 's3control' : 's3';
  return (Object.keys(serviceNames) as ServiceId[]).find((service) => serviceNames[service] === prefix);
}

/** The service name used in messages and IAM actions. */
export const serviceNames: Record<ServiceId, string> = {
  sts: 'sts',
  account: 'account',
  iam: 'iam',
  ec2: 'ec2',
  s3control: 's3',
  accessanalyzer: 'access-analyzer',
  guardduty: 'guardduty',
  budgets: 'budgets',
  costexplorer: 'ce',
  sns: 'sns',
  cloudtrail: 'cloudtrail',
  s3: 's3',
  logs: 'logs',
  cloudwatch: 'cloudwatch',
  events: 'events',
  config: 'config',
  securityhub: 'securityhub',
  organizations: 'organizations',
};

/** A loaded client together with its SDK module, so callers can build commands without importing it eagerly. */
export interface ServiceHandle<K extends ServiceId> {
  readonly client: ClientOf<K>;
  readonly sdk: Modules[K];
}

/** SDK access bound to one region. */
export interface AwsAccess {
  readonly region: string;
  use<K extends ServiceId>(service: K): Promise<ServiceHandle<K>>;
}

/** Installs extra behaviour on every client (the simulated account uses this). */
export type ClientDecorator = (client: { middlewareStack: unknown; config: unknown }, service: ServiceId, region: string) => void;

export interface AwsClientsOptions {
  /** Named profile for the standard credential chain (`--profile`, else `AWS_PROFILE`). */
  readonly profile?: string;
  /** Fixed credentials instead of the chain (the simulated account). */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per call, including the first (default 10: a heavily throttled fan-out still finishes; backoff is capped at 20 s). */
  readonly maxAttempts?: number;
  /** Base backoff delay in ms (smaller in the simulation so fault tests stay quick). */
  readonly retryBaseDelayMs?: number;
  /**
   * In-flight requests allowed per service and region (AWS rate-limits each API per account and
   * region, so regions do not compete with each other).
   */
  readonly perServiceConcurrency?: number;
  /** Per-attempt timeout in ms (default 30 s); a hung call is abandoned and retried. */
  readonly attemptTimeoutMs?: number;
  readonly decorate?: ClientDecorator;
  /** Replaces the HTTP handler (the simulation installs one that refuses to touch the network). */
  readonly requestHandler?: unknown;
  /**
   * Ignore endpoints set by `AWS_ENDPOINT_URL*` and `endpoint_url` in the AWS config file (the
   * simulated account: it answers inside the SDK, and an emulator's endpoint must not reach it).
   */
  readonly ignoreConfiguredEndpoints?: boolean;
}

/** Calls that change nothing (reads, EC2 dry runs, IAM writing its credential report, STS handing out a session). */
const readOnlyCall = /^(Get|List|Describe|Search|Lookup|Head)/;
const changesNothing = new Set(['GenerateCredentialReport', 'AssumeRole']);
export function isChangingCall(operation: string, input: unknown): boolean {
  if (readOnlyCall.test(operation) || changesNothing.has(operation)) return false;
  return !(input && typeof input === 'object' && (input as { DryRun?: unknown }).DryRun === true);
}

export class AwsClients {
  private readonly clients = new Map<string, Promise<unknown>>();
  private readonly limits = new Map<string, Semaphore>();
  private credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  /** Answers kept by `shared`, by key; dropped whenever a call that changes something is sent or answered. */
  private readonly sharedAnswers = new Map<string, Promise<unknown>>();

  /**
   * Settings the SDK reads from the environment and the shared config file for every client it
   * makes (a hundred clients in a run at 17 regions), each time building an error per place a
   * setting is not found. They are the same for every client, so they are read once, with the
   * SDK's own loaders, and handed to each with the profile (the client's own loaders, such as a
   * service's `endpoint_url`, read that profile too).
   */
  private readonly environmentSettings: Record<string, unknown>;

  constructor(private readonly options: AwsClientsOptions = {}) {
    this.credentials = options.credentials;
    // `--profile` names the shared config file's profile for these as for credentials and region.
    const files = options.profile ? { profile: options.profile } : {};
    this.environmentSettings = {
      ...files,
      useFipsEndpoint: loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, files),
      useDualstackEndpoint: loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, files),
      userAgentAppId: loadConfig(NODE_APP_ID_CONFIG_OPTIONS, files),
      authSchemePreference: loadConfig(NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, files),
    };
  }

  /**
   * One answer to the same read (`key`: service, call and input) for every caller until a call
   * that changes something goes through these clients. A failed read is not kept.
   */
  shared<T>(key: string, read: () => Promise<T>): Promise<T> {
    let pending = this.sharedAnswers.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = read();
      this.sharedAnswers.set(key, pending);
      pending.catch(() => {
        if (this.sharedAnswers.get(key) === pending) this.sharedAnswers.delete(key);
      });
    }
    return pending;
  }

  forRegion(region: string): AwsAccess {
    return { region, use: (service) => this.get(service, region) };
  }

  async get<K extends ServiceId>(service: K, region: string): Promise<ServiceHandle<K>> {
    const boundRegion = globalEndpointRegion[service] ?? region;
    const key = `${service}@${boundRegion}`;
    let pending = this.clients.get(key) as Promise<ServiceHandle<K>> | undefined;
    if (!pending) {
      pending = this.create(service, boundRegion);
      this.clients.set(key, pending);
    }
    return pending;
  }

  /**
   * Loads these services' SDK modules ahead of their first use, one per macrotask so answers to
   * calls in flight are handled in between. Loading them is CPU work (EC2's alone is about a
   * third of a second on a small machine); done while waiting for AWS, it costs no wall time.
   */
  async preload(services: Iterable<ServiceId>): Promise<void> {
    for (const service of services) {
      await new Promise((resolve) => setImmediate(resolve));
      await loadSdkModule(service);
    }
  }

  /**
   * The region the SDK itself would use (AWS_REGION, then the profile's `region` in the shared
   * config file), or undefined when none is set. Nothing is sent: it only reads local files.
   */
  async configuredRegion(): Promise<string | undefined> {
    const { STSClient } = await loadSdkModule('sts');
    const client = new STSClient(this.options.profile ? { profile: this.options.profile } : {});
    try {
      return await client.config.region();
    } catch {
      return undefined; // "Region is missing"
    } finally {
      client.destroy();
    }
  }

  private async credentialProvider(): Promise<AwsCredentialIdentity | AwsCredentialIdentityProvider> {
    if (!this.credentials) {
      // One provider shared by every client, so an SSO or assume-role session is resolved once.
      const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
      this.credentials = fromNodeProviderChain(this.options.profile ? { profile: this.options.profile } : {});
    }
    return this.credentials;
  }

  private async create<K extends ServiceId>(service: K, region: string): Promise<ServiceHandle<K>> {
    const credentials = await this.credentialProvider();
    const sdk = await loadSdkModule(service);
    const ClientClass = (sdk as unknown as Record<string, new (config: object) => ClientOf<K>>)[clientClassNames[service]]!;
    const config: Record<string, unknown> = {
      ...this.environmentSettings,
      region,
      credentials,
      retryStrategy: retryStrategy({
        maxAttempts: this.options.maxAttempts ?? 10,
        baseDelayMs: this.options.retryBaseDelayMs ?? 100,
      }),
    };
    if (this.options.requestHandler) config.requestHandler = this.options.requestHandler;
    if (this.options.ignoreConfiguredEndpoints) config.ignoreConfiguredEndpointUrls = true;
    const client = new ClientClass(config);
    reuseSigner(client.config as { signer?: unknown });
    if (service === 's3control') await checkS3ControlEndpoint(client.config as EndpointConfig);
    // Same step and priority run in the order added: the slot is taken first, so waiting for a
    // slot never counts against an attempt's timeout.
    this.installConcurrencyLimit(client as unknown as MiddlewareHost, `${service}@${region}`);
    installAttemptTimeout(client as unknown as MiddlewareHost, this.options.attemptTimeoutMs ?? 30_000);
    tagErrorsWithCallSite(client as unknown as MiddlewareHost, service, region);
    this.dropSharedOnChange(client as unknown as MiddlewareHost);
    this.options.decorate?.(client as unknown as { middlewareStack: unknown; config: unknown }, service, region);
    return { client, sdk };
  }

  /** A change makes every kept answer old: dropped as the call is sent and again once it is answered. */
  private dropSharedOnChange(client: MiddlewareHost): void {
    client.middlewareStack.add(
      (next: (args: { input?: unknown }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input?: unknown }) => {
        if (!isChangingCall((context.commandName ?? '').replace(/Command$/, ''), args.input)) return next(args);
        this.sharedAnswers.clear();
        try {
          return await next(args);
        } finally {
          this.sharedAnswers.clear();
        }
      },
      { step: 'initialize', priority: 'high', name: 'awsBootstrapDropShared' },
    );
  }

  private installConcurrencyLimit(client: MiddlewareHost, key: string): void {
    let limit = this.limits.get(key);
    if (!limit) {
      limit = new Semaphore(this.options.perServiceConcurrency ?? 8);
      this.limits.set(key, limit);
    }
    const semaphore = limit;
    // Inside the retry loop (finalizeRequest), so a backoff sleep does not hold a slot.
    client.middlewareStack.add(
      (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => semaphore.run(() => next(args)),
      { step: 'finalizeRequest', priority: 'low', name: 'awsBootstrapConcurrencyLimit' },
    );
  }
}

/** What the SDK's resolved client config says about configured endpoints. */
interface EndpointConfig {
  readonly ignoreConfiguredEndpointUrls?: boolean;
  readonly isCustomEndpoint?: boolean;
  readonly serviceConfiguredEndpoint?: () => Promise<string | undefined>;
}

/**
 * S3 Control puts the account id in front of the endpoint's host (`https://<account>.<host>`),
 * so an endpoint given as an IP address (an emulator at http://127.0.0.1:4566) cannot work, and
 * the SDK would only say "Invalid URL" on the first call. Refused here, with what to set instead.
 */
async function checkS3ControlEndpoint(config: EndpointConfig): Promise<void> {
  if (config.ignoreConfiguredEndpointUrls || config.isCustomEndpoint) return;
  const endpoint = await config.serviceConfiguredEndpoint?.();
  if (!endpoint) return;
  let host: string;
  try {
    host = new URL(endpoint).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return; // Not a URL at all: the SDK's own message says so.
  }
  if (!isIP(host)) return;
  const source = process.env.AWS_ENDPOINT_URL_S3_CONTROL
    ? 'AWS_ENDPOINT_URL_S3_CONTROL'
    : process.env.AWS_ENDPOINT_URL
      ? 'AWS_ENDPOINT_URL (used for S3 Control because AWS_ENDPOINT_URL_S3_CONTROL is not set)'
      : 'endpoint_url in the AWS config file';
  throw new SetupError(
    `The S3 Control endpoint ${endpoint} from ${source} is an IP address, but S3 Control puts the account id in front of the host (https://<account-id>.<host>), so it needs a host name. ` +
      'Set AWS_ENDPOINT_URL_S3_CONTROL to a URL with a host name (for LocalStack: http://localhost.localstack.cloud:4566), or leave that step out with --skip s3-block-public-access.',
  );
}

/**
 * The SDK builds a new SigV4 signer for every call, copying the whole client config into it,
 * though what it builds depends on that config alone once the first call has fixed the signing
 * region and name in it (each call's own region and service are given to the signer's `sign`).
 * One signer per client signs the same, with less CPU and garbage, and keeps its signing keys.
 */
function reuseSigner(config: { signer?: unknown }): void {
  const build = config.signer;
  if (typeof build !== 'function') return;
  let made: Promise<unknown> | undefined;
  config.signer = (authScheme: unknown) => {
    if (!made) {
      const building = Promise.resolve((build as (scheme: unknown) => unknown)(authScheme));
      made = building;
      // A failed build (the region not resolved) is tried again by the next call.
      building.catch(() => {
        if (made === building) made = undefined;
      });
    }
    return made;
  };
}

/**
 * Gives up on one attempt after `ms` with a TimeoutError, which the retry policy treats as
 * transient: a hung connection costs one attempt, not the whole run.
 */
function installAttemptTimeout(client: MiddlewareHost, ms: number): void {
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const error = new Error(`no answer within ${ms} ms`);
          error.name = 'TimeoutError';
          reject(error);
        }, ms);
      });
      try {
        return await Promise.race([next(args), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    // Inside the retry loop, around one attempt.
    { step: 'finalizeRequest', priority: 'low', name: 'awsBootstrapAttemptTimeout' },
  );
}

/** S3 bucket API operations whose IAM action has another name (from the S3 API reference's permissions). */
const s3BucketActions: Readonly<Record<string, string>> = {
  HeadBucket: 'ListBucket',
  ListObjectsV2: 'ListBucket',
  ListBuckets: 'ListAllMyBuckets',
  GetPublicAccessBlock: 'GetBucketPublicAccessBlock',
  PutPublicAccessBlock: 'PutBucketPublicAccessBlock',
  DeletePublicAccessBlock: 'PutBucketPublicAccessBlock',
  DeleteBucketOwnershipControls: 'PutBucketOwnershipControls',
  GetBucketEncryption: 'GetEncryptionConfiguration',
  PutBucketEncryption: 'PutEncryptionConfiguration',
  DeleteBucketEncryption: 'PutEncryptionConfiguration',
  GetBucketLifecycleConfiguration: 'GetLifecycleConfiguration',
  PutBucketLifecycleConfiguration: 'PutLifecycleConfiguration',
  DeleteBucketLifecycle: 'PutLifecycleConfiguration',
};

/**
 * The IAM action that allows an API call, where it is not simply `<prefix>:<operation>`
 * (S3 Control's account-level settings, and Budgets' two coarse actions).
 */
export function iamActionFor(service: ServiceId, operation: string): string {
  if (service === 's3') return `s3:${s3BucketActions[operation] ?? operation}`;
  if (service === 's3control') return `s3:${operation.replace(/^(Get|Put|Delete)PublicAccessBlock$/, (_m, verb: string) => `${verb === 'Get' ? 'Get' : 'Put'}AccountPublicAccessBlock`)}`;
  // Budgets' API calls share two IAM actions, except tagging, which has its own.
  if (service === 'budgets') return /Tag/.test(operation) ? `budgets:${operation}` : operation.startsWith('Describe') ? 'budgets:ViewBudget' : 'budgets:ModifyBudget';
  return `${serviceNames[service]}:${operation}`;
}

/**
 * Marks every error with the call it came from (`ec2:DeleteVpc in eu-west-1`), so the engine can
 * name the failing API action, its region and the permission, without each step wrapping each call.
 */
function tagErrorsWithCallSite(client: MiddlewareHost, service: ServiceId, region: string): void {
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      try {
        return await next(args);
      } catch (error) {
        const operation = (context.commandName ?? '').replace(/Command$/, '');
        tagCallSite(error, { action: `${serviceNames[service]}:${operation}`, region, permission: iamActionFor(service, operation) });
        throw error;
      }
    },
    { step: 'initialize', priority: 'high', name: 'awsBootstrapCallSite' },
  );
}

interface MiddlewareHost {
  middlewareStack: {
    add(middleware: unknown, options: { step: string; priority?: string; name?: string }): void;
  };
}
