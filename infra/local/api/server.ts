import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '#catalog/naming.ts';
import type { RouteSpec } from '#catalog/types.ts';
import { createLambdaAuthorizer, type LambdaAuthorizer } from '#local/api/authorizer.ts';
import { declaresTooLargeBody, MAX_PAYLOAD_BYTES, readBody } from '#local/api/body.ts';
import {
  type AuthorizerOutput,
  type GatewayRequest,
  type GatewayStage,
  headerValue,
  type MatchedResource,
  newExtendedRequestId,
  newTraceId,
  toAuthorizerEvent,
  toProxyEvent,
} from '#local/api/event.ts';
import { logGatewayError } from '#local/api/log.ts';
import {
  createRateLimiter,
  DEFAULT_RATE_LIMIT,
  type RateLimit,
  type RateLimiter,
} from '#local/api/rate-limiter.ts';
import { errorAnswer, type HttpAnswer, readProxyResult, writeAnswer } from '#local/api/response.ts';
import { createRouter, type Router } from '#local/api/router.ts';
import { closeServer, explainListenError, listeningPort, urlOf } from '#local/ports.ts';

export interface ApiServerOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** 0 picks an ephemeral port (tests). */
  readonly port: number;
  /** The route table, normally `routes` from `#catalog/index.ts`. */
  readonly routes: readonly RouteSpec[];
  /** Runs a function by catalog id, e.g. `invokeLocalFunction` from `#local/lambda/invoke.ts`. */
  readonly invokeFunction: (functionId: string, event: unknown) => Promise<unknown>;
  /** The REQUEST authorizer every non-public route runs first (`AUTHORIZER_FUNCTION_ID`). */
  readonly authorizerFunctionId: string;
  /** How long an Allow is cached per `Authorization` value. Default 60,000 ms, like the deployed authorizer. */
  readonly authorizerCacheTtlMs?: number;
  /** Per API key (per client IP on public routes). Default 50 requests/s with bursts of 100. */
  readonly rateLimit?: RateLimit;
  /** Pages the runtime owns (`/health`, `/console`, ...), tried before the route table; true when handled. */
  readonly extraRoutes?: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;
  /** Default `local`; appears in `requestContext.stage`, `requestContext.path` and method ARNs. */
  readonly stage?: string;
}

export interface ApiServer {
  /** `http://host:port`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export const DEFAULT_AUTHORIZER_CACHE_TTL_MS = 60_000;
export const DEFAULT_STAGE = 'local';
/** The local REST API's id: ten lower-case characters, like the ids AWS assigns. */
export const LOCAL_API_ID = 'pflocalapi';

interface Gateway {
  readonly stage: GatewayStage;
  readonly router: Router;
  readonly authorizer: LambdaAuthorizer;
  readonly limiter: RateLimiter;
  readonly options: ApiServerOptions;
}

/** A function's event and answer cross a JSON boundary in Lambda; so do they here (undefined fields vanish). */
function throughJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}

function clientAddress(request: IncomingMessage): string {
  const address = request.socket.remoteAddress ?? '0.0.0.0';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

function snapshot(request: IncomingMessage, requestId: string, extendedRequestId: string): GatewayRequest {
  const target = request.url ?? '/';
  const queryStart = target.indexOf('?');
  const receivedAt = new Date();
  return {
    requestId,
    extendedRequestId,
    receivedAt,
    method: request.method ?? 'GET',
    path: queryStart === -1 ? target : target.slice(0, queryStart),
    query: queryStart === -1 ? '' : target.slice(queryStart + 1),
    rawHeaders: request.rawHeaders,
    sourceIp: clientAddress(request),
    localPort: request.socket.localPort ?? 0,
    scheme: 'http',
    protocol: `HTTP/${request.httpVersion}`,
    traceId: newTraceId(receivedAt),
  };
}

const internalErrorMessage = (requestId: string) =>
  `Internal server error. Quote request id ${requestId} when contacting support.`;

type Authentication =
  | { readonly ok: true; readonly output: AuthorizerOutput | undefined }
  | { readonly ok: false; readonly answer: HttpAnswer };

async function authenticate(
  gateway: Gateway,
  request: GatewayRequest,
  matched: MatchedResource,
  publicRoute: boolean,
): Promise<Authentication> {
  if (publicRoute) return { ok: true, output: undefined };
  const unauthorized = errorAnswer(401, 'unauthorized', 'A valid API key is required', request.requestId, {
    'www-authenticate': 'Bearer',
  });
  // Like API Gateway with a cached authorizer: no identity source, no invocation, straight to 401.
  const identity = headerValue(request, 'authorization');
  if (identity === undefined || identity.trim() === '') return { ok: false, answer: unauthorized };
  const decision = await gateway.authorizer.authorize(
    toAuthorizerEvent(gateway.stage, request, matched),
    identity,
  );
  switch (decision.kind) {
    case 'allow':
      return { ok: true, output: decision.output };
    case 'unauthorized':
      return { ok: false, answer: unauthorized };
    case 'deny':
      return {
        ok: false,
        answer: errorAnswer(403, 'forbidden', 'This key may not use this route', request.requestId),
      };
    case 'failed':
      logGatewayError('The authorizer failed', { requestId: request.requestId }, decision.cause);
      return {
        ok: false,
        answer: errorAnswer(
          500,
          'internal_error',
          internalErrorMessage(request.requestId),
          request.requestId,
        ),
      };
  }
}

/** Runs the route's function and turns its answer into HTTP; a crash or a malformed answer is a 502. */
async function integrate(
  gateway: Gateway,
  functionId: string,
  event: unknown,
  requestId: string,
): Promise<HttpAnswer> {
  const badGateway = () => errorAnswer(502, 'internal_error', internalErrorMessage(requestId), requestId);
  let result: unknown;
  try {
    result = throughJson(await gateway.options.invokeFunction(functionId, throughJson(event)));
  } catch (error) {
    logGatewayError('The function failed', { requestId, functionId }, error);
    return badGateway();
  }
  const reading = readProxyResult(result);
  if (!reading.ok) {
    logGatewayError('Malformed Lambda proxy response', { requestId, functionId, problem: reading.problem });
    return badGateway();
  }
  return reading.answer;
}

async function answerRoute(
  gateway: Gateway,
  request: IncomingMessage,
  base: GatewayRequest,
): Promise<HttpAnswer | undefined> {
  const { requestId } = base;
  if (!base.path.startsWith('/')) {
    return errorAnswer(400, 'bad_request', 'The request target must be a path', requestId);
  }
  const match = gateway.router.match(base.method, base.path);
  if (match.kind === 'not_found') {
    return errorAnswer(404, 'not_found', `No route matches ${base.path}`, requestId);
  }
  if (match.kind === 'bad_path') {
    return errorAnswer(400, 'bad_request', 'The path holds a malformed percent-escape', requestId);
  }
  if (match.kind === 'method_not_allowed') {
    const allow = match.allow.join(', ');
    return errorAnswer(
      405,
      'method_not_allowed',
      `${base.method} is not allowed here; use ${allow}`,
      requestId,
      { allow },
    );
  }
  const tooLarge = (): HttpAnswer => ({
    ...errorAnswer(
      413,
      'payload_too_large',
      `The request body must be at most ${MAX_PAYLOAD_BYTES} bytes`,
      requestId,
    ),
    closeConnection: true,
  });
  if (declaresTooLargeBody(request, MAX_PAYLOAD_BYTES)) return tooLarge();

  const matched: MatchedResource = { resource: match.route.path, pathParameters: match.pathParameters };
  const authentication = await authenticate(gateway, base, matched, match.route.roles === 'public');
  if (!authentication.ok) return authentication.answer;

  const rateKey =
    authentication.output === undefined
      ? `ip:${base.sourceIp}`
      : `principal:${authentication.output.principalId}`;
  const rate = gateway.limiter.take(rateKey);
  if (!rate.allowed) {
    return errorAnswer(
      429,
      'rate_limited',
      `Too many requests; retry after ${rate.retryAfterSeconds} s`,
      requestId,
      { 'retry-after': String(rate.retryAfterSeconds) },
    );
  }

  const body = await readBody(request, MAX_PAYLOAD_BYTES);
  if (body.kind === 'aborted') return undefined;
  if (body.kind === 'too_large') return tooLarge();

  const event = toProxyEvent(gateway.stage, base, matched, body.body, authentication.output);
  return integrate(gateway, match.route.functionId, event, requestId);
}

async function handleRequest(
  gateway: Gateway,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const requestId = randomUUID();
  const extendedRequestId = newExtendedRequestId();
  const gatewayHeaders = {
    'x-request-id': requestId,
    'x-amzn-requestid': requestId,
    'x-amz-apigw-id': extendedRequestId,
  };
  for (const [name, value] of Object.entries(gatewayHeaders)) response.setHeader(name, value);
  try {
    if (gateway.options.extraRoutes !== undefined && (await gateway.options.extraRoutes(request, response)))
      return;
    const answer = await answerRoute(gateway, request, snapshot(request, requestId, extendedRequestId));
    if (answer === undefined) {
      response.destroy();
      return;
    }
    writeAnswer(response, answer, gatewayHeaders);
  } catch (error) {
    logGatewayError('The local API gateway failed on a request', { requestId, url: request.url }, error);
    writeAnswer(
      response,
      errorAnswer(500, 'internal_error', internalErrorMessage(requestId), requestId),
      gatewayHeaders,
    );
  }
}

/**
 * Starts the local stand-in for API Gateway: routes by the shared route table, runs the REQUEST authorizer
 * with its cache, throttles per key, and invokes each route's function with a REST (v1) proxy event.
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const host = options.host ?? '127.0.0.1';
  const gateway: Gateway = {
    stage: {
      accountId: LOCAL_ACCOUNT,
      region: LOCAL_REGION,
      apiId: LOCAL_API_ID,
      stage: options.stage ?? DEFAULT_STAGE,
      deploymentId: randomBytes(4).toString('hex').slice(0, 6),
    },
    router: createRouter(options.routes),
    authorizer: createLambdaAuthorizer({
      invokeFunction: (functionId, event) => options.invokeFunction(functionId, throughJson(event)),
      functionId: options.authorizerFunctionId,
      ttlMs: options.authorizerCacheTtlMs ?? DEFAULT_AUTHORIZER_CACHE_TTL_MS,
    }),
    limiter: createRateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT),
    options,
  };

  const server = createServer((request, response) => {
    // Errors on one connection (a client that hangs up) must never reach the process.
    request.on('error', () => undefined);
    response.on('error', () => undefined);
    void handleRequest(gateway, request, response);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(explainListenError('api', host, options.port, error)));
    server.listen({ host, port: options.port }, () => resolve());
  });
  server.on('error', (error) => logGatewayError('The local API server failed', {}, error));

  const port = listeningPort(server);
  return {
    url: urlOf(host, port),
    port,
    async close() {
      const closing = closeServer(server);
      server.closeAllConnections();
      await closing;
    },
  };
}
