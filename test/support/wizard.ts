/** Runs the real wizard engine in-process against a simulated account, with a scripted person. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { checklist } from '../../steps/index.js';
import type { ConfirmRequest, Host, StepDecision } from '../../src/engine/host.js';
import { runWizard, type WizardOptions } from '../../src/engine/run.js';
import { runUndo } from '../../src/engine/undo.js';
import type { AnyStep, Question } from '../../src/core/step.js';
import type { SimulatedAccount } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';

/** A host that answers from scripts and remembers what it was asked. */
export class ScriptedHost implements Host {
  readonly out = new PassThrough();
  readonly asked: Question[] = [];
  readonly confirmations: ConfirmRequest[] = [];
  private text = '';

  constructor(
    readonly interactive: boolean,
    private readonly answers: Record<string, string | boolean> = {},
    private readonly decisions: StepDecision[] = [],
  ) {
    this.out.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
  }

  get output(): string {
    return this.text;
  }

  print(text: string): void {
    this.out.write(`${text}\n`);
  }

  async ask(question: Question): Promise<string | boolean> {
    this.asked.push(question);
    const answer = this.answers[question.path];
    if (answer === undefined) throw new Error(`test: no scripted answer for ${question.path}`);
    if (typeof answer === 'string') {
      const problem = question.validate?.(answer);
      if (problem) throw new Error(`test: scripted answer for ${question.path} rejected: ${problem}`);
    }
    return answer;
  }

  async confirm(request: ConfirmRequest): Promise<StepDecision> {
    this.confirmations.push(request);
    return this.decisions.shift() ?? 'yes';
  }

  /** What `pick` was offered, and what it answers (set `picks` before; all of them otherwise). */
  readonly offered: Array<{ what: 'regions' | 'accounts'; items: readonly string[] }> = [];
  picks: string[][] = [];

  async pick(what: 'regions' | 'accounts', items: readonly string[]): Promise<string[]> {
    this.offered.push({ what, items });
    return this.picks.shift() ?? [...items];
  }
}

export interface WizardRun {
  readonly steps?: readonly AnyStep[];
  /** Every known step (the checklist unless said): prerequisites outside `steps` are found here. */
  readonly allSteps?: readonly AnyStep[];
  readonly config?: Record<string, unknown>;
  readonly dryRun?: boolean;
  readonly host?: ScriptedHost;
  readonly regions?: readonly string[];
  readonly undoLogPath?: string;
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  /** Client settings (e.g. a short attempt timeout for hung-call tests). */
  readonly clientOptions?: Parameters<typeof simulatedClients>[1];
  /** Waits between the reads that prove a change (short by default: the simulation counts reads, not time). */
  readonly verifyDelaysMs?: readonly number[];
  /** `--verbose`. */
  readonly verbose?: boolean;
}

export function tempDir(prefix = 'aws-bootstrap-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function runAgainst(sim: SimulatedAccount, run: WizardRun = {}) {
  const host = run.host ?? new ScriptedHost(false);
  const options: WizardOptions = {
    steps: run.steps ?? checklist,
    allSteps: run.allSteps ?? checklist,
    clients: simulatedClients(sim, run.clientOptions),
    homeRegion: 'us-east-1',
    ...(run.regions ? { regions: run.regions } : {}),
    concurrency: run.concurrency ?? 8,
    dryRun: run.dryRun ?? false,
    config: run.config ?? {},
    host,
    undoLogPath: run.undoLogPath ?? join(tempDir(), 'undo.jsonl'),
    demo: true,
    renderer: 'silent',
    verifyDelaysMs: run.verifyDelaysMs ?? [1, 2, 4, 8],
    ...(run.signal ? { signal: run.signal } : {}),
    ...(run.verbose ? { verbose: true } : {}),
  };
  const report = await runWizard(options);
  return { report, host, output: host.output, undoLogPath: options.undoLogPath! };
}

export interface UndoRun {
  readonly dryRun?: boolean;
  readonly force?: boolean;
  readonly host?: ScriptedHost;
  /** Every known step (the checklist unless said). */
  readonly allSteps?: readonly AnyStep[];
  /** Client settings (e.g. a short attempt timeout for hung-call tests). */
  readonly clientOptions?: Parameters<typeof simulatedClients>[1];
}

/** Runs the real undo engine in-process against a simulated account. */
export async function undoAgainst(sim: SimulatedAccount, logPath: string, run: UndoRun = {}) {
  const host = run.host ?? new ScriptedHost(false);
  const report = await runUndo({
    allSteps: run.allSteps ?? checklist,
    clients: simulatedClients(sim, run.clientOptions),
    homeRegion: 'us-east-1',
    logPath,
    dryRun: run.dryRun ?? false,
    force: run.force ?? false,
    concurrency: 8,
    host,
    demo: true,
  });
  return { report, output: host.output };
}
