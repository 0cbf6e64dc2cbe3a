import type { OnboardingState } from '#functions/creators/tasks/state.ts';

/** Why an application ends rejected, read from what the execution has gathered (first match wins). */
export function rejectionReasons(state: OnboardingState): readonly string[] {
  if (state.failure?.Error === 'PartnerFlow.HandleTaken') return ['DUPLICATE_HANDLE'];
  if (state.review?.decision === 'reject') return ['MANAGER_REJECTED'];
  if (state.reviewTimeout !== undefined) return ['REVIEW_TIMEOUT'];
  if (state.decision?.kind === 'reject') return state.decision.reasons;
  return ['PROCESSING_FAILED'];
}
