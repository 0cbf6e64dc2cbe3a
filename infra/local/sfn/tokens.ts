import { createHash, randomBytes } from 'node:crypto';
import type { JsonValue } from '#local/sfn/json.ts';
import { setLongTimeout, type TimerHandle } from '#local/sfn/timers.ts';

/** 32 random bytes, base64url: 256 bits nobody can guess. */
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Why a token cannot be completed, mapped by the API to AWS's InvalidToken / TaskDoesNotExist / TaskTimedOut. */
export type TokenProblem = 'malformed' | 'unknown' | 'closed';

export class TaskTokenError extends Error {
  constructor(readonly problem: TokenProblem) {
    super(problem);
    this.name = 'TaskTokenError';
  }
}

/** A SendTaskFailure, as the task's error: `name` is the error Catch/Retry match, `message` the cause. */
export class TaskFailure extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

interface Deferred<T> {
  readonly promise: Promise<T>;
  readonly resolve: (value: T) => void;
  readonly reject: (reason: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (reason: unknown) => void = () => undefined;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  // The outcome may be settled (SendTaskFailure) before the task awaits it; that is not an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

interface PendingTask {
  readonly executionArn: string;
  readonly outcome: Deferred<JsonValue>;
  readonly heartbeat?: { readonly intervalMs: number; readonly onTimeout: () => Error; timer: TimerHandle };
}

export interface MintedToken {
  readonly token: string;
  /** Settles with SendTaskSuccess's output, or rejects with SendTaskFailure's error or a heartbeat timeout. */
  readonly outcome: Promise<JsonValue>;
}

export interface HeartbeatOptions {
  readonly intervalMs: number;
  /** The error the task fails with when no heartbeat arrives in time. */
  readonly onTimeout: () => Error;
}

/**
 * The task tokens of `.waitForTaskToken` states. Only a digest of each token is kept, so a persisted data folder
 * never holds a token that could complete a task. A token stays known after its task ends, so a late
 * SendTaskSuccess answers TaskTimedOut as AWS does, not TaskDoesNotExist.
 */
export class TaskTokens {
  private readonly pending = new Map<string, PendingTask>();
  private readonly closed = new Set<string>();
  private readonly byExecution = new Map<string, Set<string>>();

  mint(executionArn: string, heartbeat?: HeartbeatOptions): MintedToken {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const digest = digestOf(token);
    const outcome = deferred<JsonValue>();
    const task: PendingTask = {
      executionArn,
      outcome,
      ...(heartbeat === undefined
        ? {}
        : { heartbeat: { ...heartbeat, timer: this.heartbeatTimer(digest, heartbeat.intervalMs) } }),
    };
    this.pending.set(digest, task);
    this.digestsFor(executionArn).add(digest);
    return { token, outcome: outcome.promise };
  }

  succeed(token: string, output: JsonValue): void {
    const [digest, task] = this.pendingTask(token);
    this.settle(digest);
    task.outcome.resolve(output);
  }

  fail(token: string, error: string, cause: string): void {
    const [digest, task] = this.pendingTask(token);
    this.settle(digest);
    task.outcome.reject(new TaskFailure(error, cause));
  }

  heartbeat(token: string): void {
    const [digest, task] = this.pendingTask(token);
    if (task.heartbeat === undefined) return;
    task.heartbeat.timer.cancel();
    task.heartbeat.timer = this.heartbeatTimer(digest, task.heartbeat.intervalMs);
  }

  /** Ends a task's token without an outcome (the task timed out, or its execution ended). */
  close(token: string): void {
    this.settle(digestOf(token));
  }

  /** Ends every token of an execution; their tasks are already over. */
  closeExecution(executionArn: string): void {
    for (const digest of this.byExecution.get(executionArn) ?? []) this.settle(digest);
  }

  /** Registers the tokens of an execution loaded from disk, all of them ended. */
  restoreClosed(executionArn: string, digests: readonly string[]): void {
    const known = this.digestsFor(executionArn);
    for (const digest of digests) {
      known.add(digest);
      if (!this.pending.has(digest)) this.closed.add(digest);
    }
  }

  /** The digests to persist with an execution. */
  digestsOf(executionArn: string): string[] {
    return [...(this.byExecution.get(executionArn) ?? [])];
  }

  /** Stops every heartbeat timer (service shutdown); pending tasks are abandoned with their runs. */
  shutdown(): void {
    for (const task of this.pending.values()) task.heartbeat?.timer.cancel();
  }

  private pendingTask(token: string): [string, PendingTask] {
    if (!TOKEN_PATTERN.test(token)) throw new TaskTokenError('malformed');
    const digest = digestOf(token);
    const task = this.pending.get(digest);
    if (task !== undefined) return [digest, task];
    throw new TaskTokenError(this.closed.has(digest) ? 'closed' : 'unknown');
  }

  private settle(digest: string): void {
    const task = this.pending.get(digest);
    if (task === undefined) return;
    task.heartbeat?.timer.cancel();
    this.pending.delete(digest);
    this.closed.add(digest);
  }

  private heartbeatTimer(digest: string, intervalMs: number): TimerHandle {
    return setLongTimeout(() => {
      const task = this.pending.get(digest);
      if (task?.heartbeat === undefined) return;
      this.settle(digest);
      task.outcome.reject(task.heartbeat.onTimeout());
    }, intervalMs);
  }

  private digestsFor(executionArn: string): Set<string> {
    let digests = this.byExecution.get(executionArn);
    if (digests === undefined) {
      digests = new Set();
      this.byExecution.set(executionArn, digests);
    }
    return digests;
  }
}

function digestOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
