import type { ExecutionStatus, HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';

export type { ExecutionStatus, HistoryEventType };

/** One execution as the service keeps and persists it; times are epoch milliseconds. */
export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  /** The execution input exactly as StartExecution received it. */
  readonly input: string;
  output?: string;
  error?: string;
  cause?: string;
  redriveCount: number;
  redriveDate?: number;
  /** Start order across the data folder: ListExecutions sorts and pages by it. */
  readonly sequence: number;
}

/** A history event in Step Functions' own shape, except `timestamp` in epoch milliseconds. */
export type StoredEvent = Omit<HistoryEvent, 'timestamp' | 'type' | 'id' | 'previousEventId'> & {
  readonly timestamp: number;
  readonly type: HistoryEventType;
  readonly id: number;
  readonly previousEventId: number;
};

/** What a producer appends; the log stamps id, previousEventId and timestamp. */
export type NewEvent = Omit<StoredEvent, 'timestamp' | 'id' | 'previousEventId'>;

export const TERMINAL_STATUSES: ReadonlySet<ExecutionStatus> = new Set([
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
]);
export const REDRIVABLE_STATUSES: ReadonlySet<ExecutionStatus> = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

/** The error a restarted runtime gives the executions it found running. */
export const RUNTIME_RESTARTED_ERROR = 'PartnerFlow.RuntimeRestarted';
export const RUNTIME_RESTARTED_CAUSE =
  'The execution was interrupted by a restart of the local runtime while it was running; its pending task ' +
  'tokens are no longer valid. Redrive it (RedriveExecution) to resume from the state that was interrupted.';
