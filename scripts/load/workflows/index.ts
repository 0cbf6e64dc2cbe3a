import { creatorOnboarding } from '#scripts/load/workflows/creator-onboarding.ts';
import type { LoadWorkflow } from '#scripts/load/workflows/types.ts';

/** The workflows `npm run load -- --workflow <name>` can drive. */
export const LOAD_WORKFLOWS: readonly LoadWorkflow[] = [creatorOnboarding];

export function loadWorkflow(name: string): LoadWorkflow | undefined {
  return LOAD_WORKFLOWS.find((workflow) => workflow.name === name);
}
