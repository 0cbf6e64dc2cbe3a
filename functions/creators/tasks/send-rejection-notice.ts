import { renderRejectionEmail } from '#functions/creators/emails.ts';
import type { OnboardingState } from '#functions/creators/tasks/state.ts';
import { sendEmailOnce } from '#lib/email/once.ts';
import { getPartner } from '#lib/repositories/partners.ts';
import { taskHandler } from '#lib/workflows/task-handler.ts';

/** Tells the creator, in plain words and once, why the application was not approved. */
export async function sendRejectionNotice(
  state: OnboardingState,
): Promise<{ status: 'SENT'; messageId: string }> {
  const partnerName =
    state.application?.partner.name ?? (await getPartner(state.partnerId))?.name ?? 'your agency';
  const email = renderRejectionEmail({
    displayName: state.creator.displayName,
    handle: state.creator.handle.trim().toLowerCase(),
    partnerName,
    reasons: state.rejection?.reasons ?? [],
  });
  const { messageId } = await sendEmailOnce(`rejection#${state.creatorId}`, {
    to: [state.creator.email.trim()],
    ...email,
  });
  return { status: 'SENT', messageId };
}

export const handler = taskHandler('SendRejectionNotice', sendRejectionNotice);
