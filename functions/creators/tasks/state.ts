import type {
  ApprovalTerms,
  OnboardingDecision,
  OnboardingPolicy,
  ViolationSummary,
} from '#functions/creators/domain/policy.ts';
import type { CreatorApplication } from '#functions/creators/schemas.ts';

/** What the API starts the workflow with. */
export interface OnboardingInput {
  readonly creatorId: string;
  readonly partnerId: string;
  readonly creator: CreatorApplication;
  readonly requestedAt: string;
  readonly requestId?: string;
}

/** Resolved once by ValidateApplication and carried through the execution. */
export interface ApplicationContext {
  readonly creator: CreatorApplication;
  readonly partner: {
    readonly partnerId: string;
    readonly name: string;
    readonly timezone: string;
    readonly managerEmails: readonly string[];
  };
  readonly policy: OnboardingPolicy;
  /** For TimeoutSecondsPath on the two review waits. */
  readonly reviewTimeoutSeconds: number;
  readonly reminderTimeoutSeconds: number;
}

export interface ReviewResult {
  readonly decision: 'approve' | 'reject';
  readonly reason: string;
  readonly decidedBy: string;
  readonly reviewId: string;
}

/** Step Functions' Catch output. */
export interface CaughtError {
  readonly Error: string;
  readonly Cause?: string;
}

/** The execution's state as each task receives it (`$`); each step adds its result under its own key. */
export interface OnboardingState extends OnboardingInput {
  readonly application?: ApplicationContext;
  readonly screening?: ViolationSummary;
  readonly decision?: OnboardingDecision;
  readonly review?: ReviewResult;
  readonly reviewTimeout?: CaughtError;
  readonly activation?: ApprovalTerms & { readonly activatedAt: string };
  readonly welcome?: { readonly status: 'SENT'; readonly messageId: string };
  readonly welcomeError?: CaughtError;
  readonly rejection?: { readonly reasons: readonly string[]; readonly rejectedAt: string };
  readonly rejectionNotice?: { readonly status: 'SENT'; readonly messageId: string };
  readonly rejectionNoticeError?: CaughtError;
  readonly failure?: CaughtError;
}

/** The execution's output, which GET /v1/executions/{id} shows as `outcome`. */
export interface OnboardingOutcome {
  readonly decision: 'APPROVED' | 'REJECTED';
  readonly tier?: string;
  readonly pilotEndsAt?: string;
  readonly reasons: readonly string[];
  readonly notifications: Readonly<Record<string, 'SENT' | 'FAILED'>>;
}

/** The application context, which every step after ValidateApplication can rely on. */
export function applicationOf(state: OnboardingState): ApplicationContext {
  if (state.application === undefined) throw new Error('ValidateApplication has not run for this execution');
  return state.application;
}

export const reviewIdFor = (creatorId: string) => `rv_${creatorId.replace(/^cr_/, '')}`;
