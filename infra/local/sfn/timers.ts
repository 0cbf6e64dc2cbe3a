/** The longest delay setTimeout honours; a longer one fires after 1 ms (Node's TimeoutOverflowWarning). */
const MAX_TIMER_MS = 2_147_483_647;

export interface TimerHandle {
  cancel(): void;
}

/**
 * setTimeout for any delay: chains timers past the 24.8-day limit instead of firing at once, so a long Wait or
 * execution timeout is never silently cut short.
 */
export function setLongTimeout(callback: () => void, delayMs: number): TimerHandle {
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  const arm = (remaining: number) => {
    const step = Math.min(Math.max(remaining, 0), MAX_TIMER_MS);
    timer = setTimeout(() => {
      if (cancelled) return;
      if (remaining > MAX_TIMER_MS) arm(remaining - MAX_TIMER_MS);
      else callback();
    }, step);
  };
  arm(delayMs);
  return {
    cancel: () => {
      cancelled = true;
      clearTimeout(timer);
    },
  };
}

/** Resolves after `delayMs`, or rejects with the signal's reason as soon as it aborts (clearing the timer). */
export function sleep(delayMs: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      timer.cancel();
      reject(signal.reason);
    };
    const timer = setLongTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Waits until the current macrotask's microtasks have run, so events the engine has already queued are recorded
 * before whatever the caller does next (a task's TaskScheduled must follow its TaskStateEntered).
 */
export function afterPendingEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
