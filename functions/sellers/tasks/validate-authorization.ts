import { sellerContactSchema } from '#functions/sellers/schemas.ts';
import { resolveSellerSettings } from '#functions/sellers/settings.ts';
import type { AuthorizationContext, AuthorizationState } from '#functions/sellers/tasks/state.ts';
import { validate } from '#lib/http/validation.ts';
import { getPartner } from '#lib/repositories/partners.ts';
import { getSeller } from '#lib/repositories/sellers.ts';
import { BusinessRuleError } from '#lib/workflows/errors.ts';
import { taskHandler } from '#lib/workflows/task-handler.ts';

/**
 * Re-checks the request (an execution may be started without the API), resolves the partner, and confirms that
 * this authorization is the seller's pending one, so two authorizations never race for one seller.
 */
export async function validateAuthorization(state: AuthorizationState): Promise<AuthorizationContext> {
  const contact = validate(sellerContactSchema, state.seller);
  if (!contact.ok) {
    const problems = contact.details.map((detail) => `${detail.path} ${detail.issue}`).join('; ');
    throw new BusinessRuleError('InvalidAuthorization', `The authorization request is invalid: ${problems}`);
  }
  const partner = await getPartner(state.partnerId);
  if (partner === undefined) {
    throw new BusinessRuleError('UnknownPartner', `Partner ${state.partnerId} does not exist`);
  }
  const seller = await getSeller(state.sellerId);
  if (seller === undefined || seller.partnerId !== state.partnerId) {
    throw new BusinessRuleError('UnknownSeller', `Seller ${state.sellerId} does not exist for this partner`);
  }
  if (seller.pendingAuthorization?.authorizationId !== state.authorizationId) {
    throw new BusinessRuleError(
      'AuthorizationSuperseded',
      `Authorization ${state.authorizationId} is not the one pending for seller ${state.sellerId}`,
    );
  }
  const settings = resolveSellerSettings(partner.settings);
  return {
    partner: {
      partnerId: partner.partnerId,
      name: partner.name,
      timezone: partner.timezone,
      managerEmails: partner.managerEmails,
      ...(settings.authorizationUrl === undefined ? {} : { authorizationUrl: settings.authorizationUrl }),
    },
    statusBefore: seller.status,
    ...(state.reauthorization && seller.shop !== undefined ? { requiredShopId: seller.shop.shopId } : {}),
  };
}

export const handler = taskHandler('ValidateAuthorization', validateAuthorization);
