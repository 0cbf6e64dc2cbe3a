import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  type ExecutionStatus,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
} from '@aws-sdk/client-sfn';
import {
  APP_PREFIX,
  functionArnPlaceholder,
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  localFunctionArn,
} from '#catalog/naming.ts';
import {
  type LocalStateMachine,
  type StepFunctionsService,
  type StepFunctionsServiceOptions,
  startStepFunctionsService,
} from '#local/sfn/service.ts';
import { substitutePlaceholders } from '#local/substitutions.ts';

/** Test helpers for the local Step Functions service, used only through @aws-sdk/client-sfn. */

export const TERMINAL_STATUSES: readonly ExecutionStatus[] = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

const FIXTURES = resolve(import.meta.dirname, '../fixtures/workflows');

/** An SDK client for a local service: its URL, us-east-1, dummy credentials, no SDK retries. */
export function sfnClient(url: string): SFNClient {
  return new SFNClient({
    endpoint: url,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/** The local ARN of a test state machine named `name`. */
export function testStateMachineArn(name: string): string {
  return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;
}

export interface FixtureOptions {
  /** Defaults to the file's name. */
  readonly name?: string;
  /** `${Placeholder}` values beyond the function ARNs (e.g. `TableName`, `<X>StateMachineArn`). */
  readonly substitutions?: Readonly<Record<string, string>>;
  /** Function ids whose `${<PascalId>FunctionArn}` placeholders resolve to their local ARNs. */
  readonly functions?: readonly string[];
}

/** Reads `test/fixtures/workflows/<file>.asl.json` with its placeholders filled, ready for the service. */
export async function loadFixtureMachine(
  file: string,
  options: FixtureOptions = {},
): Promise<LocalStateMachine> {
  const name = options.name ?? file;
  const substitutions: Record<string, string> = { ...options.substitutions };
  for (const functionId of options.functions ?? []) {
    substitutions[functionArnPlaceholder(functionId)] = localFunctionArn(functionId);
  }
  const path = join(FIXTURES, `${file}.asl.json`);
  const definition = substitutePlaceholders(await readFile(path, 'utf8'), substitutions, path);
  return { name, arn: testStateMachineArn(name), definition };
}

export interface LocalStepFunctions {
  readonly service: StepFunctionsService;
  readonly client: SFNClient;
  readonly dataDir: string;
  /** Closes the client and the service; `keepData` leaves the data folder for a restart test. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** Starts a service on an ephemeral port with its own temporary data folder (or the one given). */
export async function startLocalStepFunctions(
  options: Omit<StepFunctionsServiceOptions, 'port' | 'dataDir'> & { readonly dataDir?: string },
): Promise<LocalStepFunctions> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'partnerflow-sfn-')));
  const service = await startStepFunctionsService({ ...options, port: 0, dataDir });
  const client = sfnClient(service.url);
  return {
    service,
    client,
    dataDir,
    close: async ({ keepData = false } = {}) => {
      client.destroy();
      await service.close();
      if (!keepData) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface PollOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

/**
 * Polls DescribeExecution until the execution reaches one of `statuses`, or any terminal status (so a test
 * waiting for SUCCEEDED fails at once on FAILED instead of at its deadline). Throws when the deadline passes.
 */
export async function waitForStatus(
  client: SFNClient,
  executionArn: string,
  statuses: readonly ExecutionStatus[],
  { timeoutMs = 10_000, intervalMs = 10 }: PollOptions = {},
): Promise<DescribeExecutionCommandOutput> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
    const status = execution.status;
    if (status !== undefined && (statuses.includes(status) || TERMINAL_STATUSES.includes(status)))
      return execution;
    if (Date.now() > deadline) {
      throw new Error(
        `${executionArn} is still ${status} after ${timeoutMs} ms (waiting for ${statuses.join('|')})`,
      );
    }
    await new Promise((done) => setTimeout(done, intervalMs));
  }
}

/** Polls until `probe` returns a value (not undefined), failing with `what` when the deadline passes. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  { timeoutMs = 10_000, intervalMs = 10 }: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, intervalMs));
  }
}

/** The whole history, following nextToken. */
export async function executionHistory(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}

/** The names of the states entered, in order (one entry per StateEntered event). */
export function enteredStates(events: readonly HistoryEvent[]): string[] {
  return events.flatMap((event) => {
    const name = event.stateEnteredEventDetails?.name;
    return name === undefined ? [] : [name];
  });
}

/** The `type` of each event, in order. */
export function eventTypes(events: readonly HistoryEvent[]): string[] {
  return events.map((event) => event.type ?? '');
}

/** An error as a Lambda function throws it: `name` is the errorType Step Functions matches. */
export function lambdaError(errorType: string, message: string): Error {
  const error = new Error(message);
  error.name = errorType;
  return error;
}

export interface FakeCall {
  readonly functionId: string;
  readonly payload: unknown;
  readonly startedAt: number;
}

export type FakeHandler = (payload: unknown, call: FakeCall) => unknown;

/**
 * Stand-in Lambda functions for `invokeFunction`: handlers by function id (the part of the name after
 * `partnerflow-`), a log of every call, and the peak number of calls in flight per function.
 */
export class FakeFunctions {
  readonly calls: FakeCall[] = [];
  private readonly handlers = new Map<string, FakeHandler>();
  private readonly inFlight = new Map<string, number>();
  private readonly peaks = new Map<string, number>();

  define(functionId: string, handler: FakeHandler): this {
    this.handlers.set(functionId, handler);
    return this;
  }

  readonly invoke = async (functionNameOrArn: string, payload: unknown): Promise<unknown> => {
    const functionId = functionIdOf(functionNameOrArn);
    const handler = this.handlers.get(functionId);
    if (handler === undefined) {
      throw lambdaError('Lambda.ResourceNotFoundException', `Function not found: ${functionNameOrArn}`);
    }
    const call: FakeCall = { functionId, payload, startedAt: Date.now() };
    this.calls.push(call);
    const running = (this.inFlight.get(functionId) ?? 0) + 1;
    this.inFlight.set(functionId, running);
    this.peaks.set(functionId, Math.max(this.peaks.get(functionId) ?? 0, running));
    try {
      return await handler(payload, call);
    } finally {
      this.inFlight.set(functionId, (this.inFlight.get(functionId) ?? 1) - 1);
    }
  };

  callsTo(functionId: string): FakeCall[] {
    return this.calls.filter((call) => call.functionId === functionId);
  }

  peakConcurrency(functionId: string): number {
    return this.peaks.get(functionId) ?? 0;
  }
}

/** `arn:aws:lambda:…:function:partnerflow-score-applicant` or `partnerflow-score-applicant` → `score-applicant`. */
export function functionIdOf(functionNameOrArn: string): string {
  const name = functionNameOrArn.split(':function:')[1]?.split(':')[0] ?? functionNameOrArn;
  return name.startsWith(`${APP_PREFIX}-`) ? name.slice(APP_PREFIX.length + 1) : name;
}

/** Resolves after `ms`: for fake functions that must take a while, never to wait for an outcome. */
export function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
