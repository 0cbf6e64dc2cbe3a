import { decideOnboarding, type OnboardingDecision } from '#functions/creators/domain/policy.ts';
import { applicationOf, type OnboardingState } from '#functions/creators/tasks/state.ts';
import { taskHandler } from '#lib/workflows/task-handler.ts';

/** Applies the onboarding policy to the application and its screening, as of today (UTC). */
export async function scoreAndTier(state: OnboardingState): Promise<OnboardingDecision> {
  const { creator, policy } = applicationOf(state);
  const screening = state.screening ?? { openCritical: 0, mediumOrHigher: 0 };
  return decideOnboarding(creator, screening, policy, new Date().toISOString().slice(0, 10));
}

export const handler = taskHandler('ScoreAndTier', scoreAndTier);
