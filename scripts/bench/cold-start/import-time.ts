import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/**
 * The runtime stand-in (./runtime-entry.mjs) the timer imports first, untimed: in Lambda, Node has already loaded
 * the runtime's own ES module from a file before the handler, so the one-off cost of Node's file ES-module loader
 * (~3 ms here, measured with an empty module) is the runtime's start-up, not the function's.
 */
const RUNTIME_ENTRY = pathToFileURL(resolve(import.meta.dirname, 'runtime-entry.mjs')).href;

/** Times `await import()` of each specifier in turn, from just before the first to just after the last. */
const TIMER = [
  'await import(process.argv[1]);',
  'const started = performance.now();',
  'for (const specifier of process.argv.slice(2)) await import(specifier);',
  'process.stdout.write(String(performance.now() - started));',
].join('\n');

/** What a handler module needs at import time; nothing is called, so no endpoint is ever reached. */
const IMPORT_ENVIRONMENT = {
  NODE_NO_WARNINGS: '1',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  TABLE_NAME: 'partnerflow',
  SENDER_EMAIL: 'no-reply@partnerflow.local',
  // Set, so handlers that load secrets at cold start find them and fetch nothing.
  REVIEW_LINK_SECRET: 'bench-secret-bench-secret-bench-secret',
  POWERTOOLS_SERVICE_NAME: 'partnerflow',
  // Node 20 only: the first SDK client built warns that SDK releases after early 2027 need Node 22, which adds
  // ~0.4 ms to its construction here; the deployed runtime (Node 24) never emits it.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** What Lambda sets when active tracing is on: the Powertools tracer (and the X-Ray SDK) load. */
export const TRACING_ENVIRONMENT = {
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
  AWS_LAMBDA_FUNCTION_NAME: 'partnerflow-bench',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
  // Lambda always sets it; the X-Ray SDK then sets itself up for Lambda as it loads (its facade segment).
  LAMBDA_TASK_ROOT: '/var/task',
  // What Lambda sets for active tracing (its documented runtime variables); the X-Ray SDK reads both as it loads.
  AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000',
  AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
  _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
};

/** A module specifier a fresh process can import: a bare package name, or a file as a file URL. */
export const importable = (moduleOrFile: string): string =>
  moduleOrFile.startsWith('/') ? pathToFileURL(moduleOrFile).href : moduleOrFile;

/** Milliseconds one fresh Node process takes to import `specifiers` (Node's own start-up excluded). */
export async function importTime(
  specifiers: readonly string[],
  extraEnvironment: Readonly<Record<string, string>> = {},
): Promise<number> {
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '-e', TIMER, RUNTIME_ENTRY, ...specifiers.map(importable)],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...IMPORT_ENVIRONMENT, ...extraEnvironment },
    },
  );
  const elapsed = Number(stdout);
  if (!Number.isFinite(elapsed)) throw new Error(`Import timing printed ${JSON.stringify(stdout)}`);
  return elapsed;
}
