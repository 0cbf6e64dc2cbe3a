import type { OnboardingOutcome, OnboardingState } from '#functions/creators/tasks/state.ts';
import { recordBusinessEvent } from '#lib/metrics/weekly-counters.ts';
import { getPartner } from '#lib/repositories/partners.ts';
import { taskHandler } from '#lib/workflows/task-handler.ts';

/** The execution's outcome, as GET /v1/executions/{id} shows it. */
export function onboardingOutcome(state: OnboardingState): OnboardingOutcome {
  if (state.activation !== undefined) {
    return {
      decision: 'APPROVED',
      tier: state.activation.tier,
      ...(state.activation.pilotEndsAt === undefined ? {} : { pilotEndsAt: state.activation.pilotEndsAt }),
      reasons:
        state.review === undefined
          ? state.activation.pilotEndsAt === undefined
            ? []
            : ['PILOT']
          : ['MANAGER_APPROVED'],
      notifications: { welcomeEmail: state.welcomeError === undefined ? 'SENT' : 'FAILED' },
    };
  }
  return {
    decision: 'REJECTED',
    reasons: state.rejection?.reasons ?? [],
    notifications: { rejectionNotice: state.rejectionNoticeError === undefined ? 'SENT' : 'FAILED' },
  };
}

/** The weekly-report counters one finished application adds. */
export function onboardingCounters(outcome: OnboardingOutcome, reviewed: boolean): Record<string, number> {
  const counters: Record<string, number> = { 'creators.decided': 1 };
  if (reviewed) counters['reviews.decided'] = 1;
  if (outcome.decision === 'APPROVED') {
    counters['creators.approved'] = 1;
    counters[`creators.onboarded.${outcome.tier ?? 'long-tail'}`] = 1;
    if (outcome.pilotEndsAt !== undefined) counters['creators.pilots'] = 1;
  } else {
    counters['creators.rejected'] = 1;
  }
  for (const [notification, status] of Object.entries(outcome.notifications)) {
    if (status === 'FAILED') counters[`notifications.failed.${notification}`] = 1;
  }
  return counters;
}

/** Counts the finished application once in the partner's week (retries and redrives never double it). */
export async function recordOnboardingMetrics(state: OnboardingState): Promise<OnboardingOutcome> {
  const outcome = onboardingOutcome(state);
  const timezone =
    state.application?.partner.timezone ?? (await getPartner(state.partnerId))?.timezone ?? 'UTC';
  await recordBusinessEvent({
    partnerId: state.partnerId,
    eventId: `creator-onboarding#${state.creatorId}`,
    // Also on the creator's weekly item: the weekly report lists the creators onboarded in its CSV.
    creatorId: state.creatorId,
    // The decision's own time, so a retry after midnight still lands on the same day's counter item.
    occurredAt: state.activation?.activatedAt ?? state.rejection?.rejectedAt ?? state.requestedAt,
    timezone,
    counters: onboardingCounters(outcome, state.review !== undefined || state.reviewTimeout !== undefined),
  });
  return outcome;
}

export const handler = taskHandler('RecordOnboardingMetrics', recordOnboardingMetrics);
