import { randomBytes } from 'node:crypto';
import type { WorkflowName } from '#catalog/types.ts';
import type { WorkflowTimeOverrides } from '#local/runtime.ts';
import type { PathContext } from '#scripts/bench/cost/paths/types.ts';
import { executionArnFor, statePath } from '#test/support/executions.ts';
import { pollUntil, type TestRuntime } from '#test/support/runtime.ts';
import { authorizeSeller, type SellerAnswer } from '#test/support/sellers.ts';

/** Long enough that a Wait parks for the rest of the bench (the runtime closes at its end). */
export const PARKED_MS = 60 * 60 * 1000;

/**
 * Every path but the refresh cycle parks the sellers' refresh cycles: a cycle waking up during another path
 * would add its Lambdas to that path's window. Retries and their backoff take milliseconds.
 */
export const BENCH_TIME = {
  timeScale: 0.001,
  waitMs: { WaitUntilRefreshDue: PARKED_MS },
} as const satisfies WorkflowTimeOverrides;

/** Time overrides on top of BENCH_TIME (Wait durations by state name merged, not replaced). */
export function benchTime(extra: WorkflowTimeOverrides): WorkflowTimeOverrides {
  return { ...BENCH_TIME, ...extra, waitMs: { ...BENCH_TIME.waitMs, ...extra.waitMs } };
}

export const DAY_SECONDS = 86_400;

export const uniqueSuffix = () => randomBytes(4).toString('hex');

/** Waits until an execution has entered `state` (it is parked there); fails fast with the path so far. */
export async function reachState(
  runtime: TestRuntime,
  workflow: WorkflowName,
  executionId: string,
  state: string,
): Promise<string[]> {
  let last: string[] = [];
  return pollUntil(
    async () => {
      last = await statePath(runtime, executionArnFor(workflow, executionId)).catch(() => []);
      return last.includes(state) ? last : undefined;
    },
    { timeoutMs: 20_000, describe: () => `${executionId} never entered ${state}: ${last.join(' → ')}` },
  );
}

/** A freshly authorized ACTIVE seller of the path's partner (through the TikTok stand-in, as a partner would). */
export async function authorizedSeller(context: PathContext): Promise<SellerAnswer> {
  const run = await authorizeSeller(context.runtime, context.partnerKey, {
    shopName: `Bench Shop ${uniqueSuffix()}`,
    contactEmail: `owner.${uniqueSuffix()}@shop.example.com`,
  });
  if (run.seller.status !== 'ACTIVE') throw new Error(`The bench seller is ${run.seller.status}`);
  return run.seller;
}

const sellers = new WeakMap<TestRuntime, Promise<SellerAnswer>>();

/** One ACTIVE seller per runtime, shared by the paths that only need one to exist (campaign launches). */
export function sharedSeller(context: PathContext): Promise<SellerAnswer> {
  let seller = sellers.get(context.runtime);
  if (seller === undefined) {
    seller = authorizedSeller(context);
    sellers.set(context.runtime, seller);
  }
  return seller;
}
