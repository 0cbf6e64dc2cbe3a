import { renderWelcomeEmail } from '#functions/creators/emails.ts';
import { applicationOf, type OnboardingState } from '#functions/creators/tasks/state.ts';
import { sendEmailOnce } from '#lib/email/once.ts';
import { taskHandler } from '#lib/workflows/task-handler.ts';

/** Welcomes an activated creator with the training plan of its tier, once. */
export async function sendWelcomeEmail(
  state: OnboardingState,
): Promise<{ status: 'SENT'; messageId: string }> {
  const { creator, partner } = applicationOf(state);
  if (state.activation === undefined) throw new Error('The creator has not been activated');
  const email = renderWelcomeEmail({
    displayName: creator.displayName,
    handle: creator.handle,
    tier: state.activation.tier,
    pilotEndsAt: state.activation.pilotEndsAt,
    partnerName: partner.name,
  });
  // Once per creator: a retried or redriven step never welcomes the creator twice.
  const { messageId } = await sendEmailOnce(`welcome#${state.creatorId}`, { to: [creator.email], ...email });
  return { status: 'SENT', messageId };
}

export const handler = taskHandler('SendWelcomeEmail', sendWelcomeEmail);
