/**
 * What the health-notifications tests share: an account whose alerts topic is done (made by the
 * real alerts-topic step, its email confirmed), and runs and undos of the Health step alone.
 */
import alertsTopic from '../../../steps/alerts-topic/alerts-topic.js';
import step from '../../../steps/health-notifications/health-notifications.js';
import type { AnyStep } from '../../../src/core/step.js';
import { runUndo } from '../../../src/engine/undo.js';
import type { SimulatedAccount } from '../../../src/sim/account.js';
import { simulatedClients } from '../../../src/sim/clients.js';
import { topicConfig } from '../../support/alerts-topic.js';
import { runAgainst, ScriptedHost, type WizardRun } from '../../support/wizard.js';

export { ACCOUNT, EMAIL, TOPIC, withTopic } from '../../support/alerts-topic.js';
export const allSteps: readonly AnyStep[] = [alertsTopic, step];
export const config = topicConfig;


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
