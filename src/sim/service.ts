/**
 * The contract between the simulated account and its services: what a handler gets and how a
 * service builds AWS's errors. Services import this module, never `account.ts`, so the
 * account (which loads services on first use) and the services form no import cycle.
 */
import type { SimState } from './state.js';

/** What a handler gets: the account state, the command input, and where the call went. */
export interface SimRequest<I = Record<string, unknown>> {
  readonly state: SimState;
  readonly input: I;
  readonly region: string;
  /**
   * In a simulated organization: the management account's state, which holds the organization and
   * every member's state (for the calls whose effect reaches other accounts). Absent otherwise.
   */
  readonly organization?: SimState;
  /** Tells the simulation another account's state was changed by this call (so the demo saves it). */
  readonly touched?: (state: SimState) => void;
}

export type SimHandler = (request: SimRequest<never>) => unknown;

/** A simulated service: its handlers by action name and how to build its errors. */
export interface SimService {
  readonly handlers: Readonly<Record<string, SimHandler>>;
  /** The service's base exception class (for unmodeled error codes and injected faults). */
  readonly ServiceException: new (options: {
    name: string;
    $fault: 'client' | 'server';
    $metadata: { httpStatusCode?: number; requestId?: string };
    message?: string;
  }) => Error;
  /** True where the service has one global endpoint and is not affected by region opt-in. */
  readonly global?: boolean;
  /** The error a call into a region that is not enabled gets (defaults to UnrecognizedClientException). */
  readonly regionNotEnabledCode?: string;
}

/** Builds a modeled error the way the SDK would after parsing an error response. */
export function awsError<E extends Error>(
  ErrorClass: new (options: { message: string; $metadata: { httpStatusCode: number } } & Record<string, unknown>) => E,
  message: string,
  httpStatusCode = 400,
): E {
  return new ErrorClass({ message, $metadata: { httpStatusCode } });
}

/** Builds an unmodeled error (EC2 has no modeled errors: the code is the name). */
export function awsCodeError(service: SimService, code: string, message: string, httpStatusCode = 400): Error {
  return new service.ServiceException({
    name: code,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode },
    message,
  });
}
