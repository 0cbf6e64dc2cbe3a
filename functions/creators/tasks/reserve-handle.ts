import { applicationOf, type OnboardingState } from '#functions/creators/tasks/state.ts';
import { reserveHandle } from '#lib/repositories/creators.ts';
import { BusinessRuleError } from '#lib/workflows/errors.ts';
import { taskHandler } from '#lib/workflows/task-handler.ts';

/** Holds the handle for this creator (idempotent for its holder); another holder is `PartnerFlow.HandleTaken`. */
export async function reserveCreatorHandle(state: OnboardingState): Promise<{ handle: string }> {
  const { handle } = applicationOf(state).creator;
  const reserved = await reserveHandle(handle, state.creatorId, state.partnerId, new Date().toISOString());
  if (!reserved)
    throw new BusinessRuleError('HandleTaken', `The handle @${handle} is already active or under review`);
  return { handle };
}

export const handler = taskHandler('ReserveHandle', reserveCreatorHandle);
