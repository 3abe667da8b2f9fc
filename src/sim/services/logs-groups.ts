/** CloudWatch Logs log groups in the simulated account: none simulated yet (they come with the CloudTrail step). */
import type { SimHandler } from '../service.js';

export const logGroupHandlers: Readonly<Record<string, SimHandler>> = {};
