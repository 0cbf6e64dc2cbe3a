import type { ViolationSummary } from '#functions/creators/domain/policy.ts';
import { applicationOf, type OnboardingState } from '#functions/creators/tasks/state.ts';
import { type HandleViolation, listHandleViolations } from '#lib/repositories/violation-history.ts';
import { taskHandler } from '#lib/workflows/task-handler.ts';

/** Violations that no longer count: dismissed by a manager or overturned on appeal. */
const CLEARED = new Set(['DISMISSED', 'OVERTURNED']);

/** Summarizes a violation history the way the onboarding policy reads it. */
export function summarizeViolations(history: readonly HandleViolation[]): ViolationSummary {
  const standing = history.filter((violation) => !CLEARED.has(violation.state));
  return {
    openCritical: standing.filter(
      (violation) => violation.severity === 'critical' && violation.state === 'OPEN',
    ).length,
    mediumOrHigher: standing.filter((violation) => violation.severity !== 'low').length,
  };
}

export async function screenCompliance(state: OnboardingState): Promise<ViolationSummary> {
  return summarizeViolations(await listHandleViolations(applicationOf(state).creator.handle));
}

export const handler = taskHandler('ScreenCompliance', screenCompliance);
