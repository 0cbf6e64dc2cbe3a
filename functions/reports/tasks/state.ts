import type { CaughtError } from '#functions/reports/domain/delivery.ts';

/** What starts a run: the sweep's schedule, or `POST /v1/reports/weekly`. */
export type ReportRunInput = ScheduledRunInput | RequestedRunInput;

/** EventBridge Scheduler's input: `<aws.scheduler.scheduled-time>` in AWS, the due minute locally. */
export interface ScheduledRunInput {
  readonly trigger?: 'schedule';
  readonly scheduledTime?: string;
}

/** An API request: the partners and week were resolved (and checked) by the API before the run started. */
export interface RequestedRunInput {
  readonly trigger: 'api';
  /** Set when the request was for one partner: GET /v1/executions shows the run to that partner's keys. */
  readonly partnerId?: string;
  readonly reports: readonly { readonly partnerId: string; readonly week: string }[];
  readonly resend: boolean;
  readonly requestedBy: string;
  readonly requestedAt: string;
}

/** ListReportsDue's result (`$.run`): the reports this run sends. */
export interface ReportRun {
  readonly trigger: 'schedule' | 'api';
  readonly reports: readonly { readonly partnerId: string; readonly week: string }[];
  readonly resend: boolean;
  readonly scheduledTime?: string;
}

/** One Map iteration's state: the report to send, and each step's result under its own key. */
export interface ReportIteration {
  readonly partnerId: string;
  readonly week: string;
  readonly resend: boolean;
  readonly claim?: ClaimOutcome;
  readonly build?: BuildSummary;
  readonly delivery?: Delivery;
  readonly marked?: { readonly status: 'SENT' };
  readonly failure?: CaughtError;
}

export type ClaimOutcome =
  | { readonly claimed: true; readonly attempts: number }
  | { readonly claimed: false; readonly reason: 'ALREADY_SENT' | 'IN_PROGRESS' | 'OUTCOME_UNKNOWN' };

export interface BuildSummary {
  readonly quiet: boolean;
  readonly creatorRows: number;
  readonly itemsRead: number;
  readonly storedBytes: number;
}

export interface Delivery {
  readonly messageId: string;
  readonly recipients: number;
  readonly sentAt: string;
}

/** What each iteration ends with (the Map's results): small, whatever happened. */
export interface IterationResult {
  readonly partnerId: string;
  readonly week: string;
  readonly status: 'SENT' | 'SKIPPED' | 'FAILED' | 'UNCERTAIN';
  readonly reason?: string;
}
