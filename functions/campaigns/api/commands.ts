import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { requestCampaignCancel } from '#functions/campaigns/cancel-requests.ts';
import { requestCampaignLaunch } from '#functions/campaigns/launch-requests.ts';
import {
  type CancelCampaignBody,
  cancelCampaignBodySchema,
  type StartCampaignBody,
  startCampaignBodySchema,
} from '#functions/campaigns/schemas.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { conflict, notFound, unprocessable } from '#lib/http/errors.ts';
import { withIdempotencyKey } from '#lib/http/idempotency.ts';
import { callerOf, mayAccess, partnerCallerOf } from '#lib/http/scope.ts';

const FUNCTION_ID = 'campaign-commands';

/** POST /v1/campaigns: the pre-flight (422 with one detail per problem), then 202 with the launch execution. */
async function startCampaign(request: ApiRequest<StartCampaignBody, unknown>): Promise<ApiResult> {
  const { principal, partnerId } = partnerCallerOf(request);
  const result = await requestCampaignLaunch({
    partnerId,
    actor: `partner:${principal.keyId}`,
    body: request.body,
    requestId: request.requestId,
    now: new Date(),
  });
  if (result.kind === 'rejected') {
    throw unprocessable('The campaign cannot be launched as requested', result.problems);
  }
  const { campaign } = result;
  const execution = `/v1/executions/${campaign.executionId}`;
  return {
    statusCode: 202,
    headers: { location: `/v1/campaigns/${campaign.campaignId}` },
    body: {
      executionId: campaign.executionId,
      workflow: 'campaign-launch',
      campaignId: campaign.campaignId,
      status: campaign.status,
      links: { execution, campaign: `/v1/campaigns/${campaign.campaignId}` },
    },
  };
}

/** POST /v1/campaigns/{campaignId}/cancel: 202 with the compensation execution; 409 for a finished campaign. */
async function cancelCampaign(request: ApiRequest<CancelCampaignBody, unknown>): Promise<ApiResult> {
  const principal = callerOf(request);
  const campaignId = request.pathParameters.campaignId ?? '';
  const result = await requestCampaignCancel({
    campaignId,
    mayAccess: mayAccess(principal),
    actor: `${principal.role}:${principal.keyId}`,
    ...(request.body.reason === undefined ? {} : { reason: request.body.reason }),
    now: new Date(),
  });
  if (result.kind === 'not-found') throw notFound('This campaign');
  if (result.kind === 'finished') {
    throw conflict(`The campaign is ${result.campaign.status}: there is nothing to cancel`, [
      { path: 'campaignId', issue: `is ${result.campaign.status}` },
    ]);
  }
  const { cancellation } = result;
  return {
    statusCode: 202,
    headers: { location: `/v1/campaigns/${campaignId}` },
    body: {
      executionId: cancellation.executionId,
      workflow: 'campaign-launch',
      campaignId,
      status: result.campaign.status,
      cancellation: {
        requestedAt: cancellation.requestedAt,
        ...(cancellation.reason === undefined ? {} : { reason: cancellation.reason }),
      },
      links: {
        execution: `/v1/executions/${cancellation.executionId}`,
        campaign: `/v1/campaigns/${campaignId}`,
      },
    },
  };
}

/** Each route's handler; both honour Idempotency-Key (a replay answers the first answer for 24 hours). */
export const handleStartCampaign = withIdempotencyKey(FUNCTION_ID, startCampaign);
export const handleCancelCampaign = withIdempotencyKey(`${FUNCTION_ID}-cancel`, cancelCampaign);

const startHandler = apiHandler({ roles: ['partner'], body: startCampaignBodySchema }, handleStartCampaign);
const cancelHandler = apiHandler(
  { roles: ['partner', 'ops'], body: cancelCampaignBodySchema },
  handleCancelCampaign,
);

/** One function for both commands (fewer stack resources): API Gateway names the route in `resource`. */
export const handler = (event: APIGatewayProxyEvent, context: Context) =>
  event.resource === '/v1/campaigns/{campaignId}/cancel'
    ? cancelHandler(event, context)
    : startHandler(event, context);
