import { requestCreatorOnboarding } from '#functions/creators/onboarding-requests.ts';
import { type StartOnboardingBody, startOnboardingBodySchema } from '#functions/creators/schemas.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { conflict } from '#lib/http/errors.ts';
import { withIdempotencyKey } from '#lib/http/idempotency.ts';
import { partnerCallerOf } from '#lib/http/scope.ts';

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

/** POST /v1/creators/onboardings: 202 with the execution id; nothing is written for a taken handle (409). */
async function startOnboarding(request: ApiRequest<StartOnboardingBody, unknown>): Promise<ApiResult> {
  const { principal, partnerId } = partnerCallerOf(request);
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
}

/** The route, with an Idempotency-Key replaying the first answer (and starting nothing) for 24 hours. */
export const handleStartOnboarding = withIdempotencyKey(ROUTE_ID, startOnboarding);

export const handler = apiHandler(
  { roles: ['partner'], body: startOnboardingBodySchema },
  handleStartOnboarding,
);
