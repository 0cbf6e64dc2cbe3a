import { renderManagerConfirmation, renderSellerConfirmation } from '#functions/sellers/emails.ts';
import { type AuthorizationState, contextOf } from '#functions/sellers/tasks/state.ts';
import { sendEmail } from '#lib/email/send.ts';
import { taskHandler } from '#lib/workflows/task-handler.ts';

/** Confirms the authorization to the seller and to the partner's managers (one email each). */
export async function sendConfirmationEmails(state: AuthorizationState): Promise<{ status: 'SENT' }> {
  const { partner } = contextOf(state);
  const input = {
    shopName: state.seller.shopName,
    partnerName: partner.name,
    services: state.services,
    sellerId: state.sellerId,
    reauthorization: state.reauthorization,
  };
  await sendEmail({ to: [state.seller.contactEmail], ...renderSellerConfirmation(input) });
  if (partner.managerEmails.length > 0) {
    await sendEmail({ to: partner.managerEmails, ...renderManagerConfirmation(input) });
  }
  return { status: 'SENT' };
}

export const handler = taskHandler('SendConfirmationEmails', sendConfirmationEmails);
