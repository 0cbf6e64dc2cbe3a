import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/** Times `await import()` of each specifier in turn, from just before the first to just after the last. */
const TIMER = [
  'const started = performance.now();',
  'for (const specifier of process.argv.slice(1)) await import(specifier);',
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
};

/** What Lambda sets when active tracing is on: the Powertools tracer (and the X-Ray SDK) load. */
export const TRACING_ENVIRONMENT = {
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
  AWS_LAMBDA_FUNCTION_NAME: 'partnerflow-bench',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
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
    ['--input-type=module', '-e', TIMER, ...specifiers.map(importable)],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...IMPORT_ENVIRONMENT, ...extraEnvironment },
    },
  );
  const elapsed = Number(stdout);
  if (!Number.isFinite(elapsed)) throw new Error(`Import timing printed ${JSON.stringify(stdout)}`);
  return elapsed;
}
