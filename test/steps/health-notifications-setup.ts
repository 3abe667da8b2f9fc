/**
 * What the health-notifications tests share: an account whose alerts topic is done (made by the
 * real alerts-topic step, its email confirmed), and runs and undos of the Health step alone.
 */
import alertsTopic from '../../steps/alerts-topic.js';
import step from '../../steps/health-notifications.js';
import type { AnyStep } from '../../src/core/step.js';
import { runUndo } from '../../src/engine/undo.js';
import type { SimulatedAccount } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { confirmSubscription } from '../../src/sim/services/sns.js';
import { runAgainst, ScriptedHost, type WizardRun } from '../support/wizard.js';

export const ACCOUNT = '123456789012';
export const EMAIL = 'security@example.com';
export const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:aws-bootstrap-alerts`;
export const allSteps: readonly AnyStep[] = [alertsTopic, step];
export const config = { 'alerts-topic': { emails: [EMAIL] } };

/** The topic made and confirmed, as a person would have it after the alerts-topic step. */
export async function withTopic(sim: SimulatedAccount): Promise<SimulatedAccount> {
  const { report } = await runAgainst(sim, { steps: [alertsTopic], allSteps, config });
  if (report.exitCode !== 0) throw new Error(`test set-up: the alerts topic was not made (${JSON.stringify(report.results)})`);
  confirmSubscription(sim.state, TOPIC, EMAIL);
  sim.settle();
  return sim;
}

/** The Health step alone (the topic, outside the run, is found done), in these regions. */
export function runHealth(sim: SimulatedAccount, regions: readonly string[], extra: WizardRun = {}) {
  return runAgainst(sim, { steps: [step], allSteps, config, regions, ...extra });
}

/** Undo of the Health step's records only (the topic stays, as in a person's account). */
export function undoHealth(sim: SimulatedAccount, logPath: string, options: { clientOptions?: WizardRun['clientOptions']; force?: boolean } = {}) {
  return runUndo({
    allSteps,
    only: [step.id],
    clients: simulatedClients(sim, options.clientOptions),
    homeRegion: 'us-east-1',
    logPath,
    dryRun: false,
    force: options.force ?? false,
    concurrency: 8,
    host: new ScriptedHost(false),
    demo: true,
  });
}
