/** An account whose alerts topic is done, as the steps that email through it expect to find it. */
import alertsTopic from '../../steps/alerts-topic/alerts-topic.js';
import type { SimulatedAccount } from '../../src/sim/account.js';
import { confirmSubscription } from '../../src/sim/services/sns.js';
import { runAgainst } from './wizard.js';

export const ACCOUNT = '123456789012';
export const EMAIL = 'security@example.com';
export const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:aws-bootstrap-alerts`;
export const topicConfig = { 'alerts-topic': { emails: [EMAIL] } };

/** The topic made by the real alerts-topic step and its email confirmed, as a person would have it. */
export async function withTopic(sim: SimulatedAccount): Promise<SimulatedAccount> {
  const { report } = await runAgainst(sim, { steps: [alertsTopic], allSteps: [alertsTopic], config: topicConfig });
  if (report.exitCode !== 0) throw new Error(`test set-up: the alerts topic was not made (${JSON.stringify(report.results)})`);
  confirmSubscription(sim.state, TOPIC, EMAIL);
  sim.settle();
  return sim;
}
