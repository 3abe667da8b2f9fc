/** What a run of the wizard is given (WizardOptions) and what its phases share after set-up (RunSetUp). */
import type { AwsClients } from '../aws/clients.js';
import type { AnyStep, StepContext } from '../core/step.js';
import type { RunReport, styles } from '../report/render.js';
import type { UndoLogWriter } from '../undo/log.js';
import type { Host } from './host.js';
import type { Renderer } from './progress.js';
import type { OrganizationScope } from './setup.js';

export interface WizardOptions {
  /** The steps to run, in checklist order (after --only / --skip). */
  readonly steps: readonly AnyStep[];
  /** Every known step (to recognise config sections of steps left out). */
  readonly allSteps: readonly AnyStep[];
  readonly clients: AwsClients;
  readonly homeRegion: string;
  /** `--regions`; all enabled regions when absent. */
  readonly regions?: readonly string[];
  /** Regions worked on at once per step. */
  readonly concurrency: number;
  readonly dryRun: boolean;
  /** Config sections by step id (config file merged with --set). */
  readonly config: Readonly<Record<string, unknown>>;
  readonly host: Host;
  /** `--undo-log`; a new file under the tool's home otherwise. */
  readonly undoLogPath?: string;
  readonly demo: boolean;
  readonly renderer: Renderer;
  /** `--verbose`: every change in full (a step's compact preview is not used). */
  readonly verbose?: boolean;
  /** Aborted on Ctrl-C: no new change starts, the summary so far is printed. */
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  /** Waits between the reads that prove a change took effect (VERIFY_DELAYS_MS unless set). */
  readonly verifyDelaysMs?: readonly number[];
  /** An organization-wide run (`--org`): the organization its steps act on. */
  readonly organization?: OrganizationScope;
  /**
   * An organization-wide run: told, region by region, what each step that covers per-account
   * steps will provide once applied (undefined where it will not be done after all).
   */
  readonly onOffer?: (step: AnyStep, region: string, value: unknown) => void;
  /**
   * A per-account run of `--org`: what the organization provides in place of the steps it covers
   * (covered step id → region → value), for the steps here that need them.
   */
  readonly fromOrganization?: ReadonlyMap<string, (region: string) => unknown>;
}

/** What every phase after set-up works with. */
export interface RunSetUp {
  readonly s: ReturnType<typeof styles>;
  readonly report: RunReport;
  readonly regions: readonly string[];
  readonly log: UndoLogWriter | undefined;
  readonly context: (region: string) => StepContext;
  /** The regions a step works in: every selected region, or the home region for account steps. */
  readonly targets: (step: AnyStep) => readonly string[];
}
