import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { campaignView } from '#functions/campaigns/campaign-view.ts';
import { type CampaignListQuery, campaignListQuerySchema } from '#functions/campaigns/schemas.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { notFound } from '#lib/http/errors.ts';
import { callerOf, listedPartnerRequired, mayAccess } from '#lib/http/scope.ts';
import { listInvitations } from '#lib/repositories/campaign-invitations.ts';
import { getCampaign, listPartnerCampaigns } from '#lib/repositories/campaigns.ts';
import { DEFAULT_PAGE_SIZE } from '#lib/repositories/pagination.ts';

/** GET /v1/campaigns/{campaignId}: the campaign with every invitation; another partner's answers 404. */
export async function handleGetCampaign(request: ApiRequest<unknown, unknown>): Promise<ApiResult> {
  const caller = callerOf(request);
  const campaign = await getCampaign(request.pathParameters.campaignId ?? '');
  if (campaign === undefined || !mayAccess(caller)(campaign.partnerId)) throw notFound('This campaign');
  const invitations = await listInvitations(campaign.campaignId);
  return { statusCode: 200, body: campaignView(campaign, invitations) };
}

/** GET /v1/campaigns: the caller's campaigns, newest first, by status; ops name the partner with `?partnerId=`. */
export async function handleListCampaigns(
  request: ApiRequest<unknown, CampaignListQuery>,
): Promise<ApiResult> {
  const { query } = request;
  const partnerId = listedPartnerRequired(request, query.partnerId);
  const page = await listPartnerCampaigns(partnerId, {
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    limit: query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(query.limit),
  });
  return {
    statusCode: 200,
    body: {
      items: page.items.map((campaign) => campaignView(campaign)),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    },
  };
}

const getHandler = apiHandler({ roles: ['partner', 'manager', 'ops'] }, handleGetCampaign);
const listHandler = apiHandler(
  { roles: ['partner', 'manager', 'ops'], query: campaignListQuerySchema },
  handleListCampaigns,
);

/** One function for both reads (fewer stack resources): API Gateway names the route in `resource`. */
export const handler = (event: APIGatewayProxyEvent, context: Context) =>
  event.resource === '/v1/campaigns/{campaignId}' ? getHandler(event, context) : listHandler(event, context);
