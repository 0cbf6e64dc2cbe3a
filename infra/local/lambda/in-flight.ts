/** A function invocation as the runtime makes it. */
type Invoke = (functionId: string, payload: unknown) => Promise<unknown>;

export interface TrackedInvoke {
  readonly invoke: Invoke;
  /** Resolves once every invocation started so far has settled, or after `timeoutMs`, whichever comes first. */
  settled(timeoutMs: number): Promise<void>;
}

/**
 * Counts the invocations in flight, so that stopping the runtime can let them finish before the services
 * they write to close: a handler that sent an email then records that it did, and a redrive never sends the
 * email again. (Closing a run only discards its result; the handler's own work is not interrupted.)
 */
export function trackInvocations(invoke: Invoke): TrackedInvoke {
  const inFlight = new Set<Promise<unknown>>();
  return {
    invoke: (functionId, payload) => {
      const running = invoke(functionId, payload);
      const settled = running.then(
        () => undefined,
        () => undefined,
      );
      inFlight.add(settled);
      void settled.then(() => inFlight.delete(settled));
      return running;
    },
    settled: async (timeoutMs) => {
      if (inFlight.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([Promise.all([...inFlight]), timeout]);
      clearTimeout(timer);
    },
  };
}
