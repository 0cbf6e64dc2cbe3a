import { creatorView } from '#functions/creators/creator-view.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { notFound } from '#lib/http/errors.ts';
import { callerOf, mayAccess } from '#lib/http/scope.ts';
import { getCreator } from '#lib/repositories/creators.ts';

/** Ids as `newBusinessId('cr')` mints them; anything else cannot exist, so it is not looked up. */
const CREATOR_ID = /^cr_[a-z0-9]{1,40}$/;

/** GET /v1/creators/{creatorId}: another partner's creator is "not found". */
export async function handleGetCreator(request: ApiRequest<unknown, unknown>): Promise<ApiResult> {
  const caller = callerOf(request);
  const creatorId = request.pathParameters.creatorId ?? '';
  const creator = CREATOR_ID.test(creatorId) ? await getCreator(creatorId) : undefined;
  if (creator === undefined || !mayAccess(caller)(creator.partnerId)) throw notFound('This creator');
  return { statusCode: 200, body: creatorView(creator) };
}

export const handler = apiHandler({ roles: ['partner', 'manager', 'ops'] }, handleGetCreator);
