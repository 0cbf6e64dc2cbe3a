import { requestSellerAuthorization } from '#functions/sellers/authorization-requests.ts';
import { type StartAuthorizationBody, startAuthorizationBodySchema } from '#functions/sellers/schemas.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { conflict, notFound, unprocessable } from '#lib/http/errors.ts';
import { withIdempotencyKey } from '#lib/http/idempotency.ts';
import { partnerCallerOf } from '#lib/http/scope.ts';

const ROUTE_ID = 'start-seller-authorization';

function accepted(sellerId: string, authorizationId: string, executionId: string): ApiResult {
  const execution = `/v1/executions/${executionId}`;
  return {
    statusCode: 202,
    headers: { location: execution },
    body: {
      executionId,
      workflow: 'seller-authorization',
      sellerId,
      authorizationId,
      status: 'RUNNING',
      links: { execution, seller: `/v1/sellers/${sellerId}` },
    },
  };
}

async function startAuthorization(request: ApiRequest<StartAuthorizationBody, unknown>): Promise<ApiResult> {
  const { principal, partnerId } = partnerCallerOf(request);
  const result = await requestSellerAuthorization({
    partnerId,
    actor: `partner:${principal.keyId}`,
    body: request.body,
    requestId: request.requestId,
    now: new Date(),
  });
  switch (result.kind) {
    case 'started':
      return accepted(result.sellerId, result.authorizationId, result.executionId);
    case 'services-not-offered':
      throw unprocessable(
        'The partner does not offer some of these services',
        result.services.map((service) => ({
          path: `services.${request.body.services.indexOf(service)}`,
          issue: `"${service}" is not in the partner's service catalogue`,
        })),
      );
    case 'seller-not-found':
      throw notFound('This seller');
    case 'in-progress':
      throw conflict(
        'This seller is being authorized already; follow that execution',
        result.executionId === undefined
          ? []
          : [{ path: 'sellerId', issue: `is being authorized by execution ${result.executionId}` }],
      );
  }
}

/**
 * POST /v1/sellers/authorizations: 202 with the execution id. An Idempotency-Key replays the first answer for 24
 * hours (runIdempotently): the auth code is single-use, so a retried request must never start a second exchange.
 */
export const handleStartAuthorization = withIdempotencyKey(ROUTE_ID, startAuthorization);

export const handler = apiHandler(
  { roles: ['partner'], body: startAuthorizationBodySchema },
  handleStartAuthorization,
);
