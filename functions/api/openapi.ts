import { routes } from '#catalog/index.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { buildOpenApiDocument, requestServerUrl } from '#lib/http/openapi.ts';

/** Serves the OpenAPI 3.1 document of every declared route, pointed at the address the caller used. */
export async function getOpenApi(request: ApiRequest<undefined, Record<string, never>>): Promise<ApiResult> {
  const serverUrl = requestServerUrl(request.headers, request.event.requestContext.stage);
  return {
    statusCode: 200,
    body: buildOpenApiDocument(routes, serverUrl === undefined ? {} : { serverUrl }),
  };
}

export const handler = apiHandler({ roles: 'public' }, getOpenApi);
