import { startTestRuntime, type TestRuntime } from '#test/support/runtime.ts';

let shared: Promise<TestRuntime> | undefined;

/**
 * The one local runtime the in-process benchmarks share. One per process, because the functions' shared AWS
 * clients are built once, with the endpoints of the first runtime they meet (as in Lambda, once per cold start).
 */
export function benchRuntime(): Promise<TestRuntime> {
  shared ??= startTestRuntime({ time: { timeScale: 0.001 } });
  return shared;
}

/** Closes the shared runtime, if one was started. */
export async function closeBenchRuntime(): Promise<void> {
  const running = shared;
  shared = undefined;
  if (running !== undefined) await (await running).close();
}
