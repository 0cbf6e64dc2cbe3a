import { SELLER_FIXABLE } from '#functions/sellers/domain/authorization.ts';
import { type ReauthorizationReason, renderReauthorizationRequest } from '#functions/sellers/emails.ts';
import { type AuthorizationState, contextOf } from '#functions/sellers/tasks/state.ts';
import { sendEmail } from '#lib/email/send.ts';
import { taskHandler } from '#lib/workflows/task-handler.ts';

/**
 * Asks the seller to authorize again when the seller can fix the failure (a rejected code, the wrong shop);
 * a shop held by another seller is the partner's to resolve, and is shown on the seller and the execution.
 */
export async function sendReauthorizationRequest(
  state: AuthorizationState,
): Promise<{ status: 'SENT' | 'SKIPPED' }> {
  const code = state.failureRecord?.code;
  if (code === undefined || !SELLER_FIXABLE.has(code)) return { status: 'SKIPPED' };
  const { partner } = contextOf(state);
  const reason: ReauthorizationReason = code === 'AUTH_CODE_REJECTED' ? 'code-rejected' : 'wrong-shop';
  await sendEmail({
    to: [state.seller.contactEmail],
    ...renderReauthorizationRequest({
      shopName: state.seller.shopName,
      partnerName: partner.name,
      reason,
      ...(partner.authorizationUrl === undefined ? {} : { authorizationUrl: partner.authorizationUrl }),
    }),
  });
  return { status: 'SENT' };
}

export const handler = taskHandler('SendReauthorizationRequest', sendReauthorizationRequest);
