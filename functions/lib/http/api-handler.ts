import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { $ZodType } from 'zod/v4/core';
import type { Role } from '#catalog/types.ts';
import { type Principal, principalOf } from '#lib/auth/principal.ts';
import {
  badRequest,
  type ErrorCode,
  type ErrorDetail,
  forbidden,
  HttpError,
  unauthorized,
} from '#lib/http/errors.ts';
import { validate } from '#lib/http/validation.ts';
import { logger } from '#lib/observability.ts';
import { isTransient } from '#lib/workflows/errors.ts';

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
  /** The Lambda context (its remaining time bounds idempotency locks); absent when a test calls a route directly. */
  readonly context?: Context;
}

export interface ApiResult {
  readonly statusCode: number;
  readonly body?: unknown;
  /** A body already rendered in another format (an HTML page, say), sent as is instead of `body` as JSON. */
  readonly rawBody?: { readonly contentType: string; readonly text: string };
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ApiHandlerOptions<Body, Query> {
  readonly roles: readonly Role[] | 'public';
  readonly body?: $ZodType<Body>;
  readonly query?: $ZodType<Query>;
  readonly maxBodyBytes?: number;
  /** How the body is sent: JSON (default) or an HTML form (`application/x-www-form-urlencoded`, each field once). */
  readonly bodyFormat?: 'json' | 'form';
  /** Renders failures differently, e.g. as an HTML page for routes a browser opens; default the JSON error shape. */
  readonly renderError?: (failure: ErrorResult) => ApiResult;
}

/** The documented error answer: `{"error": {code, message, details}}`. */
export interface ErrorResult extends ApiResult {
  readonly body: {
    readonly error: {
      readonly code: ErrorCode;
      readonly message: string;
      readonly details: readonly ErrorDetail[];
    };
  };
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

/** Renders any result as an API Gateway proxy answer with a JSON body (or its `rawBody`, when it has one). */
export function toProxyResult(result: ApiResult): APIGatewayProxyResult {
  if (result.rawBody !== undefined) {
    return {
      statusCode: result.statusCode,
      headers: { ...JSON_HEADERS, 'content-type': result.rawBody.contentType, ...result.headers },
      body: result.rawBody.text,
    };
  }
  return {
    statusCode: result.statusCode,
    headers: { ...JSON_HEADERS, ...result.headers },
    body: result.body === undefined ? '' : JSON.stringify(result.body),
  };
}

/** Renders an error in the `{"error": {code, message, details}}` shape; unknown errors leak nothing. */
export function errorResult(error: unknown, requestId: string): ErrorResult {
  if (error instanceof HttpError) {
    return {
      statusCode: error.statusCode,
      headers: error.headers,
      body: { error: { code: error.code, message: error.message, details: error.details } },
    };
  }
  if (isTransient(error)) {
    // Throttling or a dependency's 5xx that outlasted the SDK's retries: the client may retry (same key).
    logger.warn('A dependency was unavailable', { error: error as Error, requestId });
    return {
      statusCode: 503,
      headers: { 'retry-after': '1' },
      body: {
        error: {
          code: 'service_unavailable',
          message: `The service is briefly unavailable; retry in a moment (request id ${requestId}).`,
          details: [],
        },
      },
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

const MEDIA_TYPES = { json: 'application/json', form: 'application/x-www-form-urlencoded' } as const;

function parseForm(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const repeated = new Set<string>();
  for (const [name, value] of new URLSearchParams(text)) {
    if (Object.hasOwn(fields, name)) repeated.add(name);
    fields[name] = value;
  }
  if (repeated.size > 0) {
    throw badRequest(
      'The form is invalid',
      [...repeated].map((name) => ({ path: name, issue: 'must be sent once' })),
    );
  }
  return fields;
}

function readBody<Body>(
  event: APIGatewayProxyEvent,
  schema: $ZodType<Body>,
  maxBytes: number,
  format: 'json' | 'form',
): Body {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new HttpError(413, 'payload_too_large', `The request body must be at most ${maxBytes} bytes`);
  }
  const contentType = (event.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== MEDIA_TYPES[format]) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      `The request body must be sent as ${MEDIA_TYPES[format]}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = format === 'form' ? parseForm(text) : JSON.parse(text);
  } catch (error) {
    if (error instanceof HttpError) throw error;
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
      const body =
        options.body === undefined
          ? (undefined as Body)
          : readBody(event, options.body, maxBodyBytes, options.bodyFormat ?? 'json');
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
      return toProxyResult(
        await route({ body, query, pathParameters, headers, principal, requestId, event, context }),
      );
    } catch (error) {
      const failure = errorResult(error, requestId);
      return toProxyResult(options.renderError === undefined ? failure : options.renderError(failure));
    } finally {
      logger.resetKeys();
    }
  };
  return middy(run).use(httpHeaderNormalizer());
}
