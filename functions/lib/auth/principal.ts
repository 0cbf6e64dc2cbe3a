import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Role } from '#catalog/types.ts';

/** Who is calling, as the authorizer established it; handlers scope every read and write by it. */
export interface Principal {
  readonly keyId: string;
  readonly role: Role;
  /** The partner the key belongs to; ops keys span all partners and carry none. */
  readonly partnerId: string | undefined;
}

const ROLES: readonly Role[] = ['partner', 'manager', 'ops'];

/** Reads the authorizer's context from a proxy event; undefined when the route is public or it is absent. */
export function principalOf(event: APIGatewayProxyEvent): Principal | undefined {
  const context = event.requestContext.authorizer;
  const role = context?.role;
  const keyId = context?.keyId;
  if (typeof role !== 'string' || typeof keyId !== 'string' || !ROLES.includes(role as Role))
    return undefined;
  const partnerId = context?.partnerId;
  return {
    keyId,
    role: role as Role,
    partnerId: typeof partnerId === 'string' && partnerId !== '' ? partnerId : undefined,
  };
}

/** True when the principal may see or act on the partner's data (ops see everything). */
export function canAccessPartner(principal: Principal, partnerId: string): boolean {
  return principal.role === 'ops' || principal.partnerId === partnerId;
}
