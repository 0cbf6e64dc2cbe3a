import { REAUTHORIZABLE } from '#functions/sellers/domain/authorization.ts';
import { servicesOutsideCatalogue } from '#functions/sellers/domain/services.ts';
import type { StartAuthorizationBody } from '#functions/sellers/schemas.ts';
import { resolveSellerSettings } from '#functions/sellers/settings.ts';
import type { AuthorizeInput } from '#functions/sellers/tasks/state.ts';
import { logger } from '#lib/observability.ts';
import { recordAudit } from '#lib/repositories/audit.ts';
import { getPartner } from '#lib/repositories/partners.ts';
import { deleteAuthCode, storeAuthCode } from '#lib/repositories/seller-tokens.ts';
import {
  abandonAuthorization,
  beginAuthorization,
  deleteSeller,
  getSeller,
  putNewSeller,
  type Seller,
  type SellerService,
  sellerKey,
} from '#lib/repositories/sellers.ts';
import {
  describeWorkflowExecution,
  executionNameFor,
  newBusinessId,
  startWorkflow,
} from '#lib/workflows/executions.ts';

export const AUTHORIZATION_WORKFLOW = 'seller-authorization';
/** TikTok's auth codes live 30 minutes; the sealed copy is deleted by DynamoDB's TTL after that. */
export const AUTH_CODE_LIFETIME_MS = 30 * 60 * 1000;

export interface AuthorizationRequest {
  readonly partnerId: string;
  /** `partner:<keyId>`, for the audit trail. */
  readonly actor: string;
  readonly body: StartAuthorizationBody;
  readonly requestId: string;
  readonly now: Date;
}

export type AuthorizationRequestResult =
  | {
      readonly kind: 'started';
      readonly sellerId: string;
      readonly authorizationId: string;
      readonly executionId: string;
    }
  /** Services the partner does not offer (its catalogue, in its settings): nothing was written. */
  | { readonly kind: 'services-not-offered'; readonly services: readonly SellerService[] }
  /** `sellerId` names no seller of this partner. */
  | { readonly kind: 'seller-not-found' }
  /** The seller is being authorized already. */
  | { readonly kind: 'in-progress'; readonly executionId?: string };

/** A start that failed ambiguously (a timeout after Step Functions accepted it) must not be undone. */
async function executionExists(executionId: string): Promise<boolean> {
  try {
    return (await describeWorkflowExecution(AUTHORIZATION_WORKFLOW, executionId)) !== undefined;
  } catch (error) {
    logger.warn('Could not check whether the authorization execution started', {
      executionId,
      error: error as Error,
    });
    return false;
  }
}

/** Best effort: each undo step runs even when an earlier one fails; the caller sees the original error. */
async function undo(input: AuthorizeInput): Promise<void> {
  const steps: [string, () => Promise<void>][] = [
    ['delete the auth code', () => deleteAuthCode(input.sellerId, input.authorizationId)],
    input.reauthorization
      ? ['release the seller', () => abandonAuthorization(input.sellerId, input.authorizationId)]
      : ['delete the new seller', () => deleteSeller(input.sellerId)],
  ];
  for (const [what, step] of steps) {
    try {
      await step();
    } catch (error) {
      logger.error(`Undo of an authorization request failed: could not ${what}`, {
        sellerId: input.sellerId,
        error: error as Error,
      });
    }
  }
}

function newSeller(input: AuthorizeInput, executionId: string, at: string): Seller {
  return {
    sellerId: input.sellerId,
    partnerId: input.partnerId,
    shopName: input.seller.shopName,
    region: input.seller.region,
    contactEmail: input.seller.contactEmail,
    services: input.services,
    status: 'AUTHORIZING',
    pendingAuthorization: {
      authorizationId: input.authorizationId,
      executionId,
      requestedAt: at,
    },
    executionId,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Accepts one authorization: checks the services against the partner's catalogue, creates the seller as
 * AUTHORIZING (or marks an existing one as being re-authorized), keeps the auth code sealed for the workflow, and
 * starts `<authorizationId>-authorization`. When a step fails, what was written is undone and the error rethrown.
 */
export async function requestSellerAuthorization(
  request: AuthorizationRequest,
): Promise<AuthorizationRequestResult> {
  const at = request.now.toISOString();
  const { body } = request;
  const partner = await getPartner(request.partnerId);
  const catalogue = resolveSellerSettings(partner?.settings ?? {}).services;
  const notOffered = servicesOutsideCatalogue(body.services, catalogue);
  if (notOffered.length > 0) return { kind: 'services-not-offered', services: notOffered };

  const authorizationId = newBusinessId('sa');
  const executionId = executionNameFor(AUTHORIZATION_WORKFLOW, authorizationId);
  const existing = body.sellerId === undefined ? undefined : await getSeller(body.sellerId);
  if (body.sellerId !== undefined) {
    if (existing === undefined || existing.partnerId !== request.partnerId)
      return { kind: 'seller-not-found' };
    if (!REAUTHORIZABLE.includes(existing.status)) {
      return { kind: 'in-progress', ...optionalExecution(existing) };
    }
  }
  const input: AuthorizeInput = {
    mode: 'authorize',
    authorizationId,
    sellerId: existing?.sellerId ?? newBusinessId('sl'),
    partnerId: request.partnerId,
    reauthorization: existing !== undefined,
    seller: body.seller,
    services: body.services,
    requestedAt: at,
    requestId: request.requestId,
  };
  if (existing === undefined) {
    await putNewSeller(newSeller(input, executionId, at));
  } else if (
    !(await beginAuthorization(input.sellerId, { authorizationId, executionId, requestedAt: at }, at))
  ) {
    return { kind: 'in-progress', ...optionalExecution((await getSeller(input.sellerId)) ?? existing) };
  }

  let startAttempted = false;
  try {
    await storeAuthCode(
      input.sellerId,
      authorizationId,
      body.authCode,
      new Date(request.now.getTime() + AUTH_CODE_LIFETIME_MS).toISOString(),
    );
    await recordAudit({
      entityKey: sellerKey(input.sellerId).pk,
      changeId: `authorization-requested#${authorizationId}`,
      action: input.reauthorization ? 'seller.reauthorization-requested' : 'seller.authorization-requested',
      actor: request.actor,
      at,
      executionId,
      after: { shopName: body.seller.shopName, region: body.seller.region, services: body.services },
    });
    startAttempted = true;
    await startWorkflow(AUTHORIZATION_WORKFLOW, executionId, input);
  } catch (error) {
    if (!startAttempted || !(await executionExists(executionId))) await undo(input);
    throw error;
  }
  return { kind: 'started', sellerId: input.sellerId, authorizationId, executionId };
}

function optionalExecution(seller: Seller): { executionId?: string } {
  const executionId = seller.pendingAuthorization?.executionId;
  return executionId === undefined ? {} : { executionId };
}
