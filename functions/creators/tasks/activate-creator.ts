import { approvalTerms } from '#functions/creators/domain/policy.ts';
import { applicationOf, type OnboardingState } from '#functions/creators/tasks/state.ts';
import { recordAudit } from '#lib/repositories/audit.ts';
import { creatorKey, transitionCreator } from '#lib/repositories/creators.ts';
import { BusinessRuleError } from '#lib/workflows/errors.ts';
import { type TaskContext, taskHandler } from '#lib/workflows/task-handler.ts';

/** Activates the creator on the tier (and pilot) the policy gave it; harmless when retried. */
export async function activateCreator(state: OnboardingState, context: TaskContext) {
  const { creator, policy } = applicationOf(state);
  const now = new Date().toISOString();
  const terms =
    state.decision !== undefined && state.decision.kind !== 'reject'
      ? { tier: state.decision.tier, pilotEndsAt: state.decision.pilotEndsAt }
      : approvalTerms(creator, policy, now.slice(0, 10));
  const reasons = state.review === undefined ? [] : ['MANAGER_APPROVED'];
  const before = await transitionCreator(
    state.creatorId,
    ['SCREENING', 'IN_REVIEW'],
    { status: 'ACTIVE', tier: terms.tier, pilotEndsAt: terms.pilotEndsAt, reasons, decidedAt: now },
    now,
  );
  if (before === undefined)
    throw new BusinessRuleError('InvalidTransition', 'The creator can no longer be activated');
  await recordAudit({
    entityKey: creatorKey(state.creatorId).pk,
    changeId: `${context.executionId}#ActivateCreator`,
    action: 'creator.activated',
    actor: state.review === undefined ? 'system:ActivateCreator' : state.review.decidedBy,
    at: now,
    executionId: context.executionId,
    before: { status: before.status },
    after: { status: 'ACTIVE', tier: terms.tier, pilotEndsAt: terms.pilotEndsAt },
  });
  return { ...terms, activatedAt: now };
}

export const handler = taskHandler('ActivateCreator', activateCreator);
