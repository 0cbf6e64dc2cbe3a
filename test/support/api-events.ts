/**
 * Builders for API Gateway events in unit tests, made by the same adapter the local API server uses, so a
 * handler sees in a unit test exactly what it sees behind the server:
 *
 *   const event = proxyEvent({ method: 'POST', path: '/v1/things', json: { name: 'x' },
 *     principal: { keyId: 'k1', role: 'partner', partnerId: 'p1' } });
 *   const result = await handler(event, createLambdaContext('create-thing'));
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '#catalog/naming.ts';
import type { Role } from '#catalog/types.ts';
import {
  type AuthorizerOutput,
  type GatewayRequest,
  type GatewayStage,
  newExtendedRequestId,
  newTraceId,
  toAuthorizerEvent,
  toProxyEvent,
} from '#local/api/event.ts';

export const TEST_GATEWAY: GatewayStage = {
  accountId: LOCAL_ACCOUNT,
  region: LOCAL_REGION,
  apiId: 'testapi000',
  stage: 'test',
  deploymentId: 'dep001',
};

export interface ApiEventOptions {
  /** Default GET. */
  readonly method?: string;
  /** The path as sent, e.g. `/v1/creators/c-1`; may carry `?query`. */
  readonly path: string;
  /** The route template; default the path without its query. */
  readonly resource?: string;
  readonly pathParameters?: Readonly<Record<string, string>>;
  /** Header lines in order; repeat a name for a multi-value header. */
  readonly headers?: readonly (readonly [string, string])[];
  /** A raw body (set its content-type in `headers`). */
  readonly body?: string | Buffer;
  /** A JSON body; adds `content-type: application/json`. */
  readonly json?: unknown;
  /** Who the authorizer said is calling; absent for a public route. */
  readonly principal?: { readonly keyId: string; readonly role: Role; readonly partnerId?: string };
  readonly sourceIp?: string;
  readonly receivedAt?: Date;
}

function gatewayRequestOf(options: ApiEventOptions): GatewayRequest {
  const [path = '/', query = ''] = options.path.split(/\?(.*)/s);
  const headers: [string, string][] = [
    ['Host', `${TEST_GATEWAY.apiId}.execute-api.${LOCAL_REGION}.amazonaws.com`],
  ];
  if (options.json !== undefined) headers.push(['Content-Type', 'application/json']);
  headers.push(...(options.headers ?? []).map(([name, value]): [string, string] => [name, value]));
  const receivedAt = options.receivedAt ?? new Date();
  return {
    requestId: randomUUID(),
    extendedRequestId: newExtendedRequestId(),
    receivedAt,
    method: options.method ?? 'GET',
    path,
    query,
    rawHeaders: headers.flat(),
    sourceIp: options.sourceIp ?? '203.0.113.10',
    localPort: 443,
    scheme: 'https',
    protocol: 'HTTP/1.1',
    traceId: newTraceId(receivedAt),
  };
}

function bodyOf(options: ApiEventOptions): Buffer | undefined {
  if (options.json !== undefined) return Buffer.from(JSON.stringify(options.json), 'utf8');
  if (options.body === undefined) return undefined;
  return typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : options.body;
}

/** The authorizer output `functions/api/authorizer.ts` produces for a key. */
export function authorizerOutputFor(principal: NonNullable<ApiEventOptions['principal']>): AuthorizerOutput {
  return {
    principalId: principal.keyId,
    context: { keyId: principal.keyId, role: principal.role, partnerId: principal.partnerId ?? '' },
    integrationLatency: 0,
  };
}

/** A REST (v1) Lambda proxy event, as API Gateway (and the local API server) builds it. */
export function proxyEvent(options: ApiEventOptions): APIGatewayProxyEvent {
  const request = gatewayRequestOf(options);
  return toProxyEvent(
    TEST_GATEWAY,
    request,
    { resource: options.resource ?? request.path, pathParameters: options.pathParameters ?? {} },
    bodyOf(options),
    options.principal === undefined ? undefined : authorizerOutputFor(options.principal),
  );
}

/** A REQUEST authorizer event for the same request. */
export function authorizerEvent(options: ApiEventOptions): APIGatewayRequestAuthorizerEvent {
  const request = gatewayRequestOf(options);
  return toAuthorizerEvent(TEST_GATEWAY, request, {
    resource: options.resource ?? request.path,
    pathParameters: options.pathParameters ?? {},
  });
}
