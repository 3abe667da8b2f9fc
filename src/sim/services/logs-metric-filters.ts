/** CloudWatch Logs metric filters in the simulated account: none simulated yet (they come with the alarms step). */
import type { SimHandler } from '../service.js';

export const metricFilterHandlers: Readonly<Record<string, SimHandler>> = {};
