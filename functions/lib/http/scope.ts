import { canAccessPartner, type Principal } from '#lib/auth/principal.ts';
import type { ApiRequest } from '#lib/http/api-handler.ts';
import { badRequest, forbidden, unauthorized } from '#lib/http/errors.ts';

/** The caller of a route that requires a key (apiHandler has already checked one is there). */
export function callerOf(request: Pick<ApiRequest<unknown, unknown>, 'principal'>): Principal {
  if (request.principal === undefined) throw unauthorized();
  return request.principal;
}

/** The caller of a route only a partner's own key may use (ops keys belong to no partner), and its partner. */
export function partnerCallerOf(request: Pick<ApiRequest<unknown, unknown>, 'principal'>): {
  readonly principal: Principal;
  readonly partnerId: string;
} {
  const principal = callerOf(request);
  if (principal.partnerId === undefined) throw forbidden('This route needs a key of a partner');
  return { principal, partnerId: principal.partnerId };
}

/** A predicate for "may this caller see the partner's data"; ops see everything, even data of no partner. */
export const mayAccess =
  (principal: Principal) =>
  (partnerId: string | undefined): boolean =>
    principal.role === 'ops' || (partnerId !== undefined && canAccessPartner(principal, partnerId));

/**
 * The partner whose items a list reads: always the key's own partner; ops may name one with `?partnerId=`
 * (undefined when they did not). A non-ops key naming another partner is refused rather than ignored.
 */
export function listedPartner(principal: Principal, requested: string | undefined): string | undefined {
  if (principal.role === 'ops') return requested;
  if (principal.partnerId === undefined) throw forbidden('This key does not belong to a partner');
  if (requested !== undefined && requested !== principal.partnerId) {
    throw forbidden('Only ops keys may list another partner');
  }
  return principal.partnerId;
}

/** The partner a list must be of: as listedPartner, but an ops key has to name one with `?partnerId=`. */
export function listedPartnerRequired(
  request: Pick<ApiRequest<unknown, unknown>, 'principal'>,
  requested: string | undefined,
): string {
  const partnerId = listedPartner(callerOf(request), requested);
  if (partnerId === undefined) {
    throw badRequest('Ops keys must name the partner', [
      { path: 'partnerId', issue: 'is required for ops keys' },
    ]);
  }
  return partnerId;
}
