import type { AuthorizationState } from '#functions/sellers/tasks/state.ts';
import { recordAudit } from '#lib/repositories/audit.ts';
import {
  finishAuthorization,
  SELLER_STATUSES,
  sellerKey,
  transitionSeller,
} from '#lib/repositories/sellers.ts';
import { BusinessRuleError } from '#lib/workflows/errors.ts';
import { type TaskContext, taskHandler } from '#lib/workflows/task-handler.ts';

/**
 * Makes the seller ACTIVE with the chosen services and the contact details of this request, clears any earlier
 * failure, and closes the authorization as AUTHORIZED. Harmless when retried.
 */
export async function activateSellerServices(
  state: AuthorizationState,
  context: TaskContext,
): Promise<{ activatedAt: string }> {
  const at = new Date().toISOString();
  const before = await transitionSeller(
    state.sellerId,
    SELLER_STATUSES,
    {
      status: 'ACTIVE',
      failure: null,
      services: state.services,
      shopName: state.seller.shopName,
      region: state.seller.region,
      contactEmail: state.seller.contactEmail,
      activatedAt: at,
    },
    at,
  );
  if (before === undefined) throw new BusinessRuleError('UnknownSeller', `Seller ${state.sellerId} is gone`);
  await finishAuthorization(
    state.sellerId,
    { authorizationId: state.authorizationId, executionId: context.executionId, at, result: 'AUTHORIZED' },
    at,
  );
  await recordAudit({
    entityKey: sellerKey(state.sellerId).pk,
    changeId: `${context.executionId}#ActivateSellerServices`,
    action: state.reauthorization ? 'seller.reauthorized' : 'seller.activated',
    actor: 'system:ActivateSellerServices',
    at,
    executionId: context.executionId,
    before: { status: before.status },
    after: { status: 'ACTIVE', services: state.services, shopId: state.shop?.shopId },
  });
  return { activatedAt: at };
}

export const handler = taskHandler('ActivateSellerServices', activateSellerServices);
