import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { functionById } from '#catalog/index.ts';
import { createLambdaContext } from '#local/lambda/context.ts';

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const handlers = new Map<string, Promise<LambdaHandler>>();

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
  try {
    return await Promise.race([handler(event, context), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
