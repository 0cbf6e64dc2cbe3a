import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { auditViolation } from '#functions/violations/audit.ts';
import { sfn } from '#lib/clients/sfn.ts';
import { logger } from '#lib/observability.ts';
import {
  appealTaskTokenOf,
  changeViolation,
  getViolation,
  type Violation,
} from '#lib/repositories/violations.ts';
import { TASK_TOKEN_GONE_ERRORS } from '#lib/workflows/errors.ts';

export interface AppealRequest {
  readonly violationId: string;
  /** Whether the caller may act for the violation's partner; otherwise the violation is "not found". */
  readonly mayAppealFor: (partnerId: string) => boolean;
  readonly statement: string;
  /** `partner:<keyId>`. */
  readonly filedBy: string;
  readonly now: Date;
}

export type AppealRefusal =
  /** Only a confirmed violation has a decision to appeal (a dismissed or pending one has none). */
  'not-appealable' | 'already-appealed' | 'window-closed';

export type AppealOutcome =
  | { readonly kind: 'filed'; readonly violation: Violation }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'refused'; readonly why: AppealRefusal; readonly violation: Violation };

function refusalOf(violation: Violation, now: Date): AppealRefusal | undefined {
  if (violation.appeal !== undefined) return 'already-appealed';
  if (violation.status !== 'CONFIRMED' || violation.confirmation === undefined) return 'not-appealable';
  if (
    violation.appealWindowClosedAt !== undefined ||
    violation.confirmation.appealDeadline <= now.toISOString()
  ) {
    return 'window-closed';
  }
  return undefined;
}

/**
 * Hands the appeal to the waiting workflow. Not delivered (no token parked yet, or Step Functions unavailable)
 * is not lost: the workflow finds the recorded appeal when its appeal window opens or, at the latest, closes.
 */
async function wakeWorkflow(violation: Violation): Promise<void> {
  const token = await appealTaskTokenOf(violation.violationId);
  if (token === undefined) return;
  try {
    await sfn.send(
      new SendTaskSuccessCommand({
        taskToken: token,
        output: JSON.stringify({ appealFiled: true, filedAt: violation.appeal?.filedAt }),
      }),
    );
  } catch (error) {
    const name = error instanceof Error ? error.name : 'UnknownError';
    if (TASK_TOKEN_GONE_ERRORS.has(name)) return;
    logger.error('An appeal was recorded but could not be handed to its workflow yet', {
      violationId: violation.violationId,
      error: error as Error,
    });
  }
}

/**
 * Files the one appeal of a confirmed violation within its appeal window (a write conditioned on the version
 * read, so two appeals or an appeal racing the window's close cannot both win), audits it and wakes the
 * workflow, which sends it to a manager's review.
 */
export async function fileAppeal(request: AppealRequest): Promise<AppealOutcome> {
  const current = await getViolation(request.violationId);
  if (current === undefined || !request.mayAppealFor(current.partnerId)) return { kind: 'not-found' };
  const at = request.now.toISOString();
  // Decided on the version the write is conditioned on (the last one read, when the write had to be retried).
  const verdict: { refusal?: AppealRefusal } = {};
  const outcome = await changeViolation(
    request.violationId,
    (violation) => {
      verdict.refusal = refusalOf(violation, request.now);
      if (verdict.refusal !== undefined) return undefined;
      return {
        set: {
          appeal: { statement: request.statement, filedAt: at, filedBy: request.filedBy, status: 'PENDING' },
        },
      };
    },
    at,
  );
  if (outcome === undefined) return { kind: 'not-found' };
  if (verdict.refusal !== undefined)
    return { kind: 'refused', why: verdict.refusal, violation: outcome.after };
  await auditViolation({
    violationId: request.violationId,
    step: 'FileAppeal',
    action: 'violation.appeal-filed',
    actor: request.filedBy,
    at,
    executionId: outcome.after.executionId,
    before: { status: outcome.before.status, appeal: 'NONE' },
    after: { status: outcome.after.status, appeal: 'PENDING', statementLength: request.statement.length },
  });
  await wakeWorkflow(outcome.after);
  return { kind: 'filed', violation: outcome.after };
}
