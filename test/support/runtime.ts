/**
 * The shared fixture for integration tests: a whole local runtime (API, DynamoDB, SES, Step Functions,
 * scheduler) on ephemeral ports with its own temporary data folder, plus helpers to seed and observe it.
 *
 *   let runtime: TestRuntime;
 *   beforeAll(async () => { runtime = await startTestRuntime(); });
 *   afterAll(() => runtime.close());
 *
 *   it('...', async () => {
 *     const partner = await createPartner(runtime);
 *     const key = await createApiKey(runtime, { partnerId: partner.partnerId, role: 'partner' });
 *     const answer = await api(runtime, key).post('/v1/creators/onboardings', { creator: {...} });
 *     expect(answer.status).toBe(202);
 *   });
 *
 * One runtime per test file (vitest runs each file in its own process). The runtime sets process.env for the
 * handlers it runs in-process, so helpers that use the repositories (createPartner, createApiKey) work here too;
 * do not start two runtimes at once in one file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_REGION } from '#catalog/naming.ts';
import type { Role } from '#catalog/types.ts';
import type { Partner } from '#lib/repositories/partners.ts';
import type { FaultSetting } from '#local/faults/index.ts';
import { type LocalRuntime, startLocalRuntime, type WorkflowTimeOverrides } from '#local/runtime.ts';
import { LOCAL_SECRET_VARIABLES } from '#local/secrets.ts';
import { type CapturedEmail, readCapturedEmails } from '#local/ses.ts';
import { recordKnownSecret, recordRuntimeLog, recordStoredExecutions } from '#test/support/secret-scan.ts';

export type { CapturedEmail } from '#local/ses.ts';

export interface TestRuntimeOptions {
  /** Compress workflow time: a time scale, Wait and task time-out overrides per state. */
  readonly time?: WorkflowTimeOverrides;
  /** Arm the schedule timers; default false (call `runtime.triggerSchedule(id, at)` instead). */
  readonly schedules?: boolean;
  /** Fault injection: `true` to set rules later with `runtime.faults.set(...)`, or the rules to start with. */
  readonly faults?: FaultSetting;
}

export interface TestRuntime extends LocalRuntime {
  /** A DynamoDB document client on the runtime's DynamoDB (removeUndefinedValues on). */
  readonly documentClient: DynamoDBDocumentClient;
  /** A Step Functions client on the runtime's Step Functions service. */
  readonly sfnClient: SFNClient;
  /** Everything the runtime logged; set PARTNERFLOW_TEST_LOG=1 to also print it. */
  readonly logs: readonly string[];
  /** Closes the runtime and the clients, then deletes the temporary data folder. */
  close(): Promise<void>;
}

const localClientConfig = (endpoint: string) => ({
  endpoint,
  region: LOCAL_REGION,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

/** Starts a full runtime on ephemeral ports in a fresh temporary data folder, with schedule timers off. */
export async function startTestRuntime(options: TestRuntimeOptions = {}): Promise<TestRuntime> {
  // A variable left by a shell or another tool would make the runtime use that DynamoDB instead of its own.
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  const dataDir = await mkdtemp(join(tmpdir(), 'partnerflow-test-'));
  const logs: string[] = [];
  let runtime: LocalRuntime;
  try {
    runtime = await startLocalRuntime({
      dataDir,
      ports: { api: 0, dynamodb: 0, ses: 0, sfn: 0, tiktok: 0 },
      schedules: options.schedules ?? false,
      ...(options.time === undefined ? {} : { time: options.time }),
      // Off unless the test asks, whatever PARTNERFLOW_FAULTS the shell has.
      faults: options.faults ?? false,
      log: (line) => {
        logs.push(line);
        recordRuntimeLog(line);
        if (process.env.PARTNERFLOW_TEST_LOG === '1') process.stdout.write(`[runtime] ${line}\n`);
      },
    });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient(localClientConfig(runtime.urls.dynamodb)),
    {
      marshallOptions: { removeUndefinedValues: true },
    },
  );
  const sfnClient = new SFNClient(localClientConfig(runtime.urls.sfn));
  // The secrets this runtime's functions hold: none may appear in a log or a stored execution (secret-scan.ts).
  for (const variable of LOCAL_SECRET_VARIABLES.filter((name) => /SECRET/.test(name))) {
    recordKnownSecret(variable, runtime.env[variable]);
  }
  return {
    ...runtime,
    documentClient,
    sfnClient,
    logs,
    close: async () => {
      documentClient.destroy();
      sfnClient.destroy();
      try {
        await runtime.close();
        for (const token of runtime.tiktok.state.issuedTokens()) recordKnownSecret('a seller token', token);
        for (const code of runtime.tiktok.state.issuedAuthCodes())
          recordKnownSecret('a seller auth code', code);
        await recordStoredExecutions(join(dataDir, 'stepfunctions'));
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

let partnerCounter = 0;

/**
 * Creates a partner through the same admin code as `partnerflow partners create`; every field defaults to a
 * unique, valid value (id `test-partner-<n>-<random>`, one manager, time zone Asia/Jakarta).
 */
export async function createPartner(
  _runtime: TestRuntime,
  partial: Partial<Pick<Partner, 'partnerId' | 'name' | 'managerEmails' | 'timezone'>> = {},
): Promise<Partner> {
  partnerCounter += 1;
  const partnerId =
    partial.partnerId ?? `test-partner-${partnerCounter}-${Math.random().toString(36).slice(2, 8)}`;
  // Loaded on first use, after the runtime has set TABLE_NAME and the endpoints the repositories read.
  const admin = await import('#cli/admin.ts');
  return admin.createPartner({
    partnerId,
    name: partial.name ?? `Test Partner ${partnerCounter}`,
    managerEmails: partial.managerEmails ?? [`manager@${partnerId}.example.com`],
    timezone: partial.timezone ?? 'Asia/Jakarta',
  });
}

/** Mints and stores an API key like `partnerflow keys create`; returns the full `pf_<id>_<secret>` key. */
export async function createApiKey(
  _runtime: TestRuntime,
  options: { readonly role: Role; readonly partnerId?: string },
): Promise<string> {
  const admin = await import('#cli/admin.ts');
  const issued = await admin.issueApiKey({
    role: options.role,
    ...(options.partnerId === undefined ? {} : { partnerId: options.partnerId }),
  });
  return issued.key;
}

export interface ApiResponse<Body = unknown> {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON when the answer is JSON, else the text ('' for an empty body). */
  readonly body: Body;
}

export interface ApiClient {
  get<Body = unknown>(path: string, headers?: Record<string, string>): Promise<ApiResponse<Body>>;
  /** Sends `body` as JSON (a string is sent as is, to test malformed bodies). */
  post<Body = unknown>(
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResponse<Body>>;
  request<Body = unknown>(
    method: string,
    path: string,
    init?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<ApiResponse<Body>>;
}

/** A small fetch client for the runtime's API; with a key, every request carries `Authorization: Bearer <key>`. */
export function api(runtime: Pick<LocalRuntime, 'urls'>, key?: string): ApiClient {
  const request = async <Body>(
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<Body>> => {
    const headers: Record<string, string> = key === undefined ? {} : { authorization: `Bearer ${key}` };
    let body: string | undefined;
    if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    }
    const response = await fetch(`${runtime.urls.api}${path}`, {
      method,
      headers: { ...headers, ...init.headers },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    const isJson = (response.headers.get('content-type') ?? '').includes('json') && text !== '';
    return {
      status: response.status,
      headers: response.headers,
      body: (isJson ? JSON.parse(text) : text) as Body,
    };
  };
  return {
    get: (path, headers) => request('GET', path, headers === undefined ? {} : { headers }),
    post: (path, body, headers) =>
      request('POST', path, { body, ...(headers === undefined ? {} : { headers }) }),
    request,
  };
}

/** Emails the runtime's SES captured, optionally only those sent at or after `since` (second precision). */
export function sentEmails(runtime: Pick<LocalRuntime, 'urls'>, since?: Date): Promise<CapturedEmail[]> {
  return readCapturedEmails(runtime.urls.ses, since);
}

/**
 * Polls `probe` until it returns a value other than undefined, and returns it. It fails with `describe()`'s
 * text when the deadline passes; a probe that throws fails at once (a failure is never retried into success).
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  options: { timeoutMs?: number; intervalMs?: number; describe?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${options.timeoutMs ?? 10_000} ms: ${options.describe?.() ?? 'condition not met'}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
  }
}

/** Waits until an execution leaves RUNNING (succeeded, failed, timed out or aborted) and returns its description. */
export async function waitForExecution(
  runtime: Pick<TestRuntime, 'sfnClient'>,
  executionArn: string,
  timeoutMs = 10_000,
): Promise<DescribeExecutionCommandOutput> {
  let last: string | undefined;
  return pollUntil(
    async () => {
      const execution = await runtime.sfnClient.send(new DescribeExecutionCommand({ executionArn }));
      last = execution.status;
      return execution.status === 'RUNNING' || execution.status === 'PENDING_REDRIVE' ? undefined : execution;
    },
    { timeoutMs, describe: () => `execution ${executionArn} is still ${last ?? 'unknown'}` },
  );
}
