/**
 * `npm run load -- --workflow creator-onboarding --requests 1000 --concurrency 50 --faults 0.1`: drives a running
 * local runtime's API (default http://127.0.0.1:3000, or --url; loopback only) and ends with a table of what
 * happened, one figure per line. Exits 1 when anything was lost, duplicated or started without an answer, 2 on a
 * usage error. Progress goes to stderr, the table to stdout.
 */
import { parseArgs } from 'node:util';
import { failures, renderTable } from '#scripts/load/report.ts';
import { newRunId, runLoad } from '#scripts/load/run.ts';
import {
  createLoadPartner,
  discoverServices,
  isLoopbackUrl,
  LoadSetupError,
  remoteFaults,
} from '#scripts/load/services.ts';
import { LOAD_WORKFLOWS, loadWorkflow } from '#scripts/load/workflows/index.ts';

const USAGE = `Usage: npm run load -- [options]

Drives a running PartnerFlow runtime (npm start) with a burst of workflow starts, waits for every accepted one
to end, and checks that nothing was lost or duplicated.

Options:
  --workflow NAME      ${LOAD_WORKFLOWS.map((workflow) => workflow.name).join(', ')} (default creator-onboarding)
  --requests N         how many starts, 1-100000 (default 100)
  --concurrency N      requests in flight at once, 1-500 (default 10)
  --faults P|RULES     inject transient faults in every service with probability P (0-1), or the given
                       rules (dynamodb:ThrottlingException@0.2,...); needs a runtime started with
                       PARTNERFLOW_FAULTS=none (or any rules); the runtime's rules are put back afterwards
  --url URL            the runtime's API (default PARTNERFLOW_API_URL, else http://127.0.0.1:3000; loopback only)
  --key KEY            a partner key to use (default: a new partner and key, made with the admin module)
  --timeout SECONDS    bound on the whole run, 1-3600 (default 600)
  --json               print the figures as JSON after the table
  -h, --help           show this help

Exit codes: 0 nothing lost or duplicated, 1 something was (or the run could not start), 2 usage error.`;

class UsageError extends Error {}

function bounded(
  value: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got '${value}'`);
  }
  return number;
}

function readOptions(argv: readonly string[]) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      workflow: { type: 'string' },
      requests: { type: 'string' },
      concurrency: { type: 'string' },
      faults: { type: 'string' },
      url: { type: 'string' },
      key: { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  const workflowName = values.workflow ?? 'creator-onboarding';
  const workflow = loadWorkflow(workflowName);
  if (workflow === undefined) {
    throw new UsageError(
      `--workflow ${workflowName} cannot be driven yet; known: ${LOAD_WORKFLOWS.map((known) => known.name).join(', ')}`,
    );
  }
  const url = (values.url ?? process.env.PARTNERFLOW_API_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  if (!isLoopbackUrl(url))
    throw new UsageError(`--url must be an http URL on this machine (loopback), got '${url}'`);
  let faults: string | undefined;
  if (values.faults !== undefined) {
    const probability = Number(values.faults);
    if (/^[0-9.]+$/.test(values.faults)) {
      if (!(probability >= 0 && probability <= 1)) throw new UsageError('--faults P must be from 0 to 1');
      faults = probability === 0 ? 'none' : `transient@${probability}`;
    } else {
      faults = values.faults;
    }
  }
  return {
    help: values.help === true,
    json: values.json === true,
    workflow,
    url,
    key: values.key,
    faults,
    requests: bounded(values.requests, 'requests', 100, 1, 100_000),
    concurrency: bounded(values.concurrency, 'concurrency', 10, 1, 500),
    timeoutMs: bounded(values.timeout, 'timeout', 600, 1, 3_600) * 1000,
  };
}

async function main(): Promise<number> {
  let options: ReturnType<typeof readOptions>;
  try {
    options = readOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const progress = (line: string) => process.stderr.write(`[load] ${line}\n`);
  const runId = newRunId();
  const services = await discoverServices(options.url);
  const key = options.key ?? (await createLoadPartner(services, runId));
  const faults = options.faults === undefined ? undefined : remoteFaults(options.url);
  const previousRules =
    faults === undefined || options.faults === undefined ? undefined : await faults.set(options.faults);
  if (options.faults !== undefined) progress(`faults: ${options.faults}`);
  progress(
    `run ${runId}: ${options.requests} ${options.workflow.name} starts at concurrency ${options.concurrency}`,
  );
  try {
    const report = await runLoad({
      workflow: options.workflow,
      apiUrl: options.url,
      sfnUrl: services.sfnUrl,
      sesUrl: services.sesUrl,
      key,
      requests: options.requests,
      concurrency: options.concurrency,
      timeoutMs: options.timeoutMs,
      runId,
      progress,
      ...(faults === undefined ? {} : { faultsInjected: () => faults.injected() }),
    });
    process.stdout.write(`${renderTable(report)}\n`);
    if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    const problems = failures(report);
    if (problems.length > 0) progress(`FAILED: ${problems.join(', ')}`);
    return problems.length > 0 ? 1 : 0;
  } finally {
    if (faults !== undefined && previousRules !== undefined) {
      await faults.set(previousRules.length === 0 ? 'none' : previousRules.join(','));
    }
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  const known = error instanceof LoadSetupError;
  process.stderr.write(`${known ? '' : 'The load run failed: '}${(error as Error).message}\n`);
  process.exitCode = 1;
}
