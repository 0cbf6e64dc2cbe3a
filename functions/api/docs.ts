import { routes } from '#catalog/index.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { renderApiReference } from '#lib/http/api-reference-html.ts';
import { buildOpenApiDocument, requestServerUrl } from '#lib/http/openapi.ts';

/** The page runs no script and loads nothing from elsewhere; the policy makes sure it never does. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Serves the human-readable API reference, rendered from the same document as `/v1/openapi.json`. */
export async function getApiDocs(request: ApiRequest<undefined, Record<string, never>>): Promise<ApiResult> {
  const serverUrl = requestServerUrl(request.headers, request.event.requestContext.stage);
  const document = buildOpenApiDocument(routes, serverUrl === undefined ? {} : { serverUrl });
  return {
    statusCode: 200,
    // Relative, so it resolves next to this page whether or not a stage prefix is in the URL.
    rawBody: { contentType: 'text/html; charset=utf-8', text: renderApiReference(document, 'openapi.json') },
    headers: { 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' },
  };
}

export const handler = apiHandler({ roles: 'public' }, getApiDocs);
