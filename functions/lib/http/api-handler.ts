import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { $ZodType } from 'zod/v4/core';
import type { Role } from '#catalog/types.ts';
import { type Principal, principalOf } from '#lib/auth/principal.ts';
import { badRequest, forbidden, HttpError, unauthorized } from '#lib/http/errors.ts';
import { validate } from '#lib/http/validation.ts';
import { logger } from '#lib/observability.ts';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export interface ApiRequest<Body, Query> {
  readonly body: Body;
  readonly query: Query;
  readonly pathParameters: Readonly<Record<string, string>>;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** Undefined only on public routes. */
  readonly principal: Principal | undefined;
  readonly requestId: string;
  readonly event: APIGatewayProxyEvent;
}

export interface ApiResult {
  readonly statusCode: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ApiHandlerOptions<Body, Query> {
  readonly roles: readonly Role[] | 'public';
  readonly body?: $ZodType<Body>;
  readonly query?: $ZodType<Query>;
  readonly maxBodyBytes?: number;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

/** Renders any result as an API Gateway proxy answer with a JSON body. */
export function toProxyResult(result: ApiResult): APIGatewayProxyResult {
  return {
    statusCode: result.statusCode,
    headers: { ...JSON_HEADERS, ...result.headers },
    body: result.body === undefined ? '' : JSON.stringify(result.body),
  };
}

/** Renders an error in the `{"error": {code, message, details}}` shape; unknown errors leak nothing. */
export function errorResult(error: unknown, requestId: string): ApiResult {
  if (error instanceof HttpError) {
    return {
      statusCode: error.statusCode,
      headers: error.headers,
      body: { error: { code: error.code, message: error.message, details: error.details } },
    };
  }
  logger.error('Unhandled error in API handler', { error: error as Error, requestId });
  return {
    statusCode: 500,
    body: {
      error: {
        code: 'internal_error',
        message: `Something went wrong on our side. Quote request id ${requestId} when contacting support.`,
        details: [],
      },
    },
  };
}

function readBody<Body>(event: APIGatewayProxyEvent, schema: $ZodType<Body>, maxBytes: number): Body {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new HttpError(413, 'payload_too_large', `The request body must be at most ${maxBytes} bytes`);
  }
  const contentType = (event.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    throw new HttpError(415, 'unsupported_media_type', 'The request body must be sent as application/json');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('The request body is not valid JSON');
  }
  const result = validate(schema, parsed);
  if (!result.ok) throw badRequest('The request body is invalid', result.details);
  return result.value;
}

function readQuery<Query>(event: APIGatewayProxyEvent, schema: $ZodType<Query>): Query {
  const result = validate(schema, { ...event.queryStringParameters });
  if (!result.ok) throw badRequest('The query string is invalid', result.details);
  return result.value;
}

function authorize(principal: Principal | undefined, roles: readonly Role[] | 'public'): void {
  if (roles === 'public') return;
  if (principal === undefined) throw unauthorized();
  if (!roles.includes(principal.role)) throw forbidden(`This route is for the ${roles.join(' or ')} role`);
}

/**
 * Wraps plain route logic as a middy Lambda handler: normalizes headers, checks the role, bounds, parses
 * and validates the body and query, and maps every failure to the documented error shape.
 */
export function apiHandler<Body = undefined, Query = Record<string, never>>(
  options: ApiHandlerOptions<Body, Query>,
  route: (request: ApiRequest<Body, Query>) => Promise<ApiResult>,
) {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const run = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    try {
      const principal = principalOf(event);
      authorize(principal, options.roles);
      const body = options.body === undefined ? (undefined as Body) : readBody(event, options.body, maxBodyBytes);
      const query = options.query === undefined ? ({} as Query) : readQuery(event, options.query);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(event.headers ?? {})) {
        if (value !== undefined) headers[name.toLowerCase()] = value;
      }
      const pathParameters: Record<string, string> = {};
      for (const [name, value] of Object.entries(event.pathParameters ?? {})) {
        if (value !== undefined) pathParameters[name] = value;
      }
      logger.appendKeys({ requestId, partnerId: principal?.partnerId, role: principal?.role });
      return toProxyResult(await route({ body, query, pathParameters, headers, principal, requestId, event }));
    } catch (error) {
      return toProxyResult(errorResult(error, requestId));
    } finally {
      logger.resetKeys();
    }
  };
  return middy(run).use(httpHeaderNormalizer());
}
