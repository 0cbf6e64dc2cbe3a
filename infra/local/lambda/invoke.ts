import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { functionById } from '#catalog/index.ts';
import { createLambdaContext } from '#local/lambda/context.ts';

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const handlers = new Map<string, Promise<LambdaHandler>>();

/** What Lambda's REPORT line tells about one invocation; the benchmarks price it (scripts/bench/cost/). */
export interface InvocationReport {
  readonly functionId: string;
  readonly memoryMb: number;
  /** Handler time, as Lambda bills it (module loading on first use excluded, like Lambda's Init phase). */
  readonly durationMs: number;
  readonly failed: boolean;
}

const reportListeners = new Set<(report: InvocationReport) => void>();

/** Calls `listener` after every invocation in this process; returns a function that stops it. */
export function onInvocationReport(listener: (report: InvocationReport) => void): () => void {
  reportListeners.add(listener);
  return () => reportListeners.delete(listener);
}

/** The function id of the invocation whose code is running (undefined outside any), for per-function meters. */
export const currentInvocation = new AsyncLocalStorage<{ readonly functionId: string }>();

/** Lambda's own error for a function that ran past its timeout. */
export class LambdaTimeoutError extends Error {
  override readonly name = 'Sandbox.Timedout';
}

function loadHandler(functionId: string): Promise<LambdaHandler> {
  let loading = handlers.get(functionId);
  if (loading === undefined) {
    const spec = functionById(functionId);
    loading = import(pathToFileURL(resolve(REPO_ROOT, spec.entry)).href).then(
      (module: { handler?: unknown }) => {
        if (typeof module.handler !== 'function') throw new Error(`${spec.entry} does not export a handler`);
        return module.handler as LambdaHandler;
      },
    );
    handlers.set(functionId, loading);
  }
  return loading;
}

/**
 * Runs a catalog function in this process the way Lambda would: a fresh context per invocation, the
 * configured timeout enforced, and the handler's error (its `name` is Lambda's errorType) passed through.
 */
export async function invokeLocalFunction(functionId: string, event: unknown): Promise<unknown> {
  const spec = functionById(functionId);
  const timeoutMs = (spec.timeoutSeconds ?? 10) * 1000;
  const handler = await loadHandler(functionId);
  const context = createLambdaContext(functionId, spec.memoryMb ?? 256, timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new LambdaTimeoutError(`Task timed out after ${spec.timeoutSeconds ?? 10}.00 seconds`)),
      timeoutMs,
    );
  });
  const startedAt = performance.now();
  let failed = false;
  try {
    return await Promise.race([
      currentInvocation.run({ functionId }, () => handler(event, context)),
      timeout,
    ]);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    clearTimeout(timer);
    if (reportListeners.size > 0) {
      const report: InvocationReport = {
        functionId,
        memoryMb: spec.memoryMb ?? 256,
        durationMs: performance.now() - startedAt,
        failed,
      };
      for (const listener of reportListeners) listener(report);
    }
  }
}
