// The console's only ways out: the runtime's Step Functions proxy and console calls, and PartnerFlow's API,
// all on this origin, all with the ops key the person gave (kept in sessionStorage: gone with the tab).
import type { FeedExecution, FeedPage } from '#infra/ops/executions-feed.ts';
import type { OpsHistoryEvent } from '#infra/ops/timeline.ts';

const KEY_STORAGE = 'partnerflow.console.opsKey';

export const opsKey = {
  get: (): string | undefined => sessionStorage.getItem(KEY_STORAGE) ?? undefined,
  set: (key: string) => sessionStorage.setItem(KEY_STORAGE, key),
  clear: () => sessionStorage.removeItem(KEY_STORAGE),
};

/** The key is missing, unknown, revoked or not an ops key: the console asks for one again. */
export class KeyRejected extends Error {
  override readonly name = 'KeyRejected';
}

/** A call answered with an error the person should read (`code: message`). */
export class CallFailed extends Error {
  override readonly name = 'CallFailed';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ConsoleWorkflow {
  readonly name: string;
  readonly stateMachineArn: string;
  readonly executionSuffix: string;
}

export interface ConsoleConfig {
  readonly workflows: readonly ConsoleWorkflow[];
  readonly sesUrl: string;
}

export interface ExecutionDescription extends FeedExecution {
  readonly input?: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly redriveStatus?: string;
  readonly redriveStatusReason?: string;
  readonly redriveDate?: Date;
}

export interface ExecutionEmail {
  readonly messageId: string;
  readonly subject: string;
  readonly to: readonly string[];
  readonly sentAt: string;
  readonly emlUrl: string;
}

export interface Review {
  readonly reviewId: string;
  readonly partnerId: string;
  readonly workflow: string;
  readonly subject: { readonly type: string; readonly id: string };
  readonly executionId: string;
  readonly status: string;
  readonly reasons: readonly string[];
  readonly summary: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly dueAt: string;
  readonly remindedAt?: string;
  readonly decision?: string;
  readonly decisionReason?: string;
  readonly decidedBy?: string;
}

const DATE_MEMBERS = new Set([
  'startDate',
  'stopDate',
  'redriveDate',
  'timestamp',
  'creationDate',
  'updateDate',
]);

/** The Step Functions protocol sends dates as epoch seconds; the console works with Dates. */
function withDates(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withDates);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, member]) => [
      name,
      DATE_MEMBERS.has(name) && typeof member === 'number' ? new Date(member * 1000) : withDates(member),
    ]),
  );
}

function authorization(): Record<string, string> {
  const key = opsKey.get();
  if (key === undefined) throw new KeyRejected('No ops key given');
  return { authorization: `Bearer ${key}` };
}

async function readAnswer(response: Response): Promise<unknown> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    body = { message: text };
  }
  if (response.status === 401 || response.status === 403) {
    const message = (body as { error?: { message?: string } }).error?.message ?? 'The key was refused';
    throw new KeyRejected(message);
  }
  if (!response.ok) {
    const apiError = (body as { error?: { code?: string; message?: string } }).error;
    const sfnError = body as { __type?: string; message?: string };
    throw new CallFailed(
      apiError?.code ?? sfnError.__type ?? `http_${response.status}`,
      apiError?.message ?? sfnError.message ?? `The call answered ${response.status}`,
    );
  }
  return body;
}

async function stepFunctionsCall<T>(operation: string, input: Record<string, unknown>): Promise<T> {
  const response = await fetch('/console/api/sfn', {
    method: 'POST',
    headers: {
      ...authorization(),
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `AWSStepFunctions.${operation}`,
    },
    body: JSON.stringify(input),
  });
  return withDates(await readAnswer(response)) as T;
}

async function get<T>(path: string): Promise<T> {
  return (await readAnswer(await fetch(path, { headers: authorization() }))) as T;
}

export const consoleCalls = {
  config: () => get<ConsoleConfig>('/console/api/config'),
  emails: (executionArn: string) =>
    get<{ items: ExecutionEmail[]; viewerUrl: string }>(
      `/console/api/emails?execution=${encodeURIComponent(executionArn)}`,
    ),
};

export const stepFunctions = {
  async listExecutions(
    stateMachineArn: string,
    nextToken: string | undefined,
    statusFilter?: string,
  ): Promise<FeedPage> {
    const page = await stepFunctionsCall<{ executions: FeedExecution[]; nextToken?: string }>(
      'ListExecutions',
      {
        stateMachineArn,
        maxResults: 50,
        ...(nextToken === undefined ? {} : { nextToken }),
        ...(statusFilter === undefined ? {} : { statusFilter }),
      },
    );
    return { items: page.executions, ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }) };
  },
  /** Undefined when there is no such execution. */
  async describeExecution(executionArn: string): Promise<ExecutionDescription | undefined> {
    try {
      return await stepFunctionsCall<ExecutionDescription>('DescribeExecution', { executionArn });
    } catch (error) {
      if (error instanceof CallFailed && error.code === 'ExecutionDoesNotExist') return undefined;
      throw error;
    }
  },
  async history(executionArn: string): Promise<OpsHistoryEvent[]> {
    const events: OpsHistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await stepFunctionsCall<{ events: OpsHistoryEvent[]; nextToken?: string }>(
        'GetExecutionHistory',
        {
          executionArn,
          maxResults: 1000,
          ...(nextToken === undefined ? {} : { nextToken }),
        },
      );
      events.push(...page.events);
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return events;
  },
  async definition(executionArn: string): Promise<string> {
    const machine = await stepFunctionsCall<{ definition: string }>('DescribeStateMachineForExecution', {
      executionArn,
    });
    return machine.definition;
  },
  redrive: (executionArn: string) =>
    stepFunctionsCall<{ redriveDate: Date }>('RedriveExecution', { executionArn }),
  stop: (executionArn: string, cause: string) =>
    stepFunctionsCall<{ stopDate: Date }>('StopExecution', {
      executionArn,
      error: 'PartnerFlow.StoppedByOps',
      cause,
    }),
};

export const partnerflowApi = {
  /** Every partner's reviews of a status, soonest due first; or one partner's, newest first. */
  listReviews(status: string, options: { readonly cursor?: string; readonly partnerId?: string } = {}) {
    const query = new URLSearchParams({ status, limit: '50' });
    if (options.partnerId !== undefined) query.set('partnerId', options.partnerId);
    if (options.cursor !== undefined) query.set('cursor', options.cursor);
    return get<{ items: Review[]; nextCursor?: string }>(`/v1/reviews?${query}`);
  },
  async decideReview(reviewId: string, decision: 'approve' | 'reject', reason: string): Promise<Review> {
    const response = await fetch(`/v1/reviews/${encodeURIComponent(reviewId)}/decision`, {
      method: 'POST',
      headers: { ...authorization(), 'content-type': 'application/json' },
      body: JSON.stringify({ decision, reason }),
    });
    return (await readAnswer(response)) as Review;
  },
};
