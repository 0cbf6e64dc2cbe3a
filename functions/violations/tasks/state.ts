import type { ViolationDecision, ViolationPolicy } from '#functions/violations/domain/policy.ts';
import type { Severity } from '#lib/repositories/violation-history.ts';
import type {
  EnforcementStatusName,
  ViolationActionName,
  ViolationSubject,
} from '#lib/repositories/violations.ts';

/** What the API starts the workflow with: ids only (the report itself is in the table), so a re-start is identical. */
export interface ViolationInput {
  readonly violationId: string;
  readonly partnerId: string;
}

/** Resolved once by RecordViolation and carried through the execution (never the evidence). */
export interface ViolationContext {
  /** True when another execution already recorded this report: this one stops at once. */
  readonly duplicate: boolean;
  readonly subject: ViolationSubject;
  readonly subjectName: string;
  readonly policyName: string;
  readonly reportedSeverity: Severity;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly partner: {
    readonly name: string;
    readonly timezone: string;
    readonly managerEmails: readonly string[];
  };
  readonly policy: ViolationPolicy;
  /** For TimeoutSecondsPath on the review waits (the SLA, then the escalation window). */
  readonly reviewTimeoutSeconds: number;
  readonly escalationTimeoutSeconds: number;
}

export interface StrikeCount {
  readonly inWindow: number;
  readonly mediumInWindow: number;
  readonly windowDays: number;
  readonly countedAt: string;
}

/** What a waiting review task receives (review-decisions.ts DecisionOutput), or the policy's default. */
export interface ReviewResult {
  readonly decision: 'approve' | 'reject';
  readonly reason: string;
  readonly decidedBy: string;
  readonly reviewId: string;
  readonly defaulted?: boolean;
}

export interface ConfirmationResult {
  readonly action: ViolationActionName;
  readonly strikesInWindow: number;
  readonly banThresholdReached: boolean;
  readonly appealDeadline: string;
  /** For TimeoutSecondsPath on the appeal window. */
  readonly appealWindowSeconds: number;
}

export interface EnforcementResult {
  readonly status: EnforcementStatusName | 'NONE';
  /** When it took effect: also the time the campaigns' pauses are recorded at (stable across retries). */
  readonly startsAt: string;
  readonly endsAt?: string;
  readonly interim: boolean;
  /** The campaigns the PauseSubjectCampaigns Map pauses. */
  readonly campaignIds: readonly string[];
}

/** What ends or lifts an enforcement hands to the Map that resumes campaigns. */
export interface LiftResult {
  readonly lifted: boolean;
  /** When it was lifted or ended: also the time the campaigns' resumptions are recorded at. */
  readonly at: string;
  readonly campaignIds: readonly string[];
}

export interface CaughtError {
  readonly Error: string;
  readonly Cause?: string;
}

/** The execution's state as each task receives it (`$`); each step adds its result under its own key. */
export interface ViolationState extends ViolationInput {
  readonly violation?: ViolationContext;
  readonly strikes?: StrikeCount;
  readonly decision?: ViolationDecision;
  readonly review?: ReviewResult;
  readonly reviewTimeout?: CaughtError;
  readonly confirmation?: ConfirmationResult;
  readonly enforcement?: EnforcementResult;
  readonly lift?: LiftResult;
  readonly appealDecision?: ReviewResult;
  readonly appealTimeout?: CaughtError;
  readonly termEnd?: LiftResult;
  readonly overturn?: LiftResult;
  readonly failure?: CaughtError;
}

/** One item of a campaign Map: the campaign and the violation that pauses or resumes it. */
export interface CampaignItem {
  readonly campaignId: string;
  readonly violationId: string;
  readonly at: string;
}

/** The execution's output, which GET /v1/executions/{id} shows as `outcome`. */
export interface ViolationOutcome {
  readonly violationId: string;
  readonly status: string;
  readonly severity: Severity;
  readonly action?: ViolationActionName;
  readonly appeal?: string;
  readonly duplicate?: boolean;
}

/** The context, which every step after RecordViolation can rely on. */
export function contextOf(state: ViolationState): ViolationContext {
  if (state.violation === undefined) throw new Error('RecordViolation has not run for this execution');
  return state.violation;
}

export function decisionOf(state: ViolationState): ViolationDecision {
  if (state.decision === undefined) throw new Error('DecideAction has not run for this execution');
  return state.decision;
}

export const violationReviewIdFor = (violationId: string) => `rv_${violationId}`;
export const appealReviewIdFor = (violationId: string) => `rv_${violationId}_appeal`;
