import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultInjector } from '#local/faults/injector.ts';

/** A function invocation as the runtime makes it: by catalog function id. */
export type Invoke = (functionId: string, payload: unknown) => Promise<unknown>;

/** An injected Lambda failure; its `name` is the error type Step Functions (or API Gateway) sees. */
export class InjectedLambdaFault extends Error {
  constructor(name: string, functionId: string) {
    super(`Injected fault (PARTNERFLOW_FAULTS) in ${functionId}`);
    this.name = name;
  }
}

/**
 * Wraps an invoke so `lambda` rules apply: a `before` fault fails the invocation without running the handler
 * (Lambda throttled it, say); an `after` fault runs the handler and then loses its answer (at-least-once).
 */
export function faultyInvoke(injector: FaultInjector, invoke: Invoke): Invoke {
  return async (functionId, payload) => {
    const decision = injector.enabled ? injector.decide('lambda', functionId) : undefined;
    if (decision === undefined) return invoke(functionId, payload);
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    const error = decision.error;
    if (error === undefined) return invoke(functionId, payload);
    if (error.when === 'before') throw new InjectedLambdaFault(error.name, functionId);
    await invoke(functionId, payload);
    throw new InjectedLambdaFault(error.name, functionId);
  };
}
