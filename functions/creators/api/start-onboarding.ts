import { requestCreatorOnboarding } from '#functions/creators/onboarding-requests.ts';
import { type StartOnboardingBody, startOnboardingBodySchema } from '#functions/creators/schemas.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { conflict, forbidden } from '#lib/http/errors.ts';
import { readIdempotencyKey, runIdempotently } from '#lib/http/idempotency.ts';

const ROUTE_ID = 'start-creator-onboarding';

function accepted(creatorId: string, executionId: string): ApiResult {
  const execution = `/v1/executions/${executionId}`;
  return {
    statusCode: 202,
    headers: { location: execution },
    body: {
      executionId,
      workflow: 'creator-onboarding',
      creatorId,
      status: 'RUNNING',
      links: { execution, creator: `/v1/creators/${creatorId}` },
    },
  };
}

/** POST /v1/creators/onboardings: 202 with the execution id; an Idempotency-Key replays the first answer. */
export async function handleStartOnboarding(
  request: ApiRequest<StartOnboardingBody, unknown>,
): Promise<ApiResult> {
  const { principal } = request;
  const partnerId = principal?.partnerId;
  if (principal === undefined || partnerId === undefined)
    throw forbidden('This route needs a key of a partner');
  const idempotencyKey = readIdempotencyKey(request.headers);
  const accept = async (): Promise<ApiResult> => {
    const result = await requestCreatorOnboarding({
      partnerId,
      actor: `partner:${principal.keyId}`,
      application: request.body.creator,
      requestId: request.requestId,
      now: new Date(),
    });
    if (result.kind === 'handle-taken') {
      throw conflict('A creator with this handle is already active or under review', [
        { path: 'creator.handle', issue: 'is already active or under review' },
      ]);
    }
    return accepted(result.creatorId, result.executionId);
  };
  if (idempotencyKey === undefined) return accept();
  return runIdempotently({
    routeId: ROUTE_ID,
    partnerId,
    key: idempotencyKey,
    payload: request.body,
    context: request.context,
    run: accept,
  });
}

export const handler = apiHandler(
  { roles: ['partner'], body: startOnboardingBodySchema },
  handleStartOnboarding,
);
