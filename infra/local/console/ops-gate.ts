import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '#catalog/naming.ts';
import { createLambdaAuthorizer } from '#local/api/authorizer.ts';
import {
  type GatewayRequest,
  newExtendedRequestId,
  newTraceId,
  toAuthorizerEvent,
} from '#local/api/event.ts';

/** Whether a console request may go on: only a valid, unrevoked key of the ops role. */
export type OpsDecision =
  | { readonly allowed: true; readonly keyId: string }
  | { readonly allowed: false; readonly status: 401 | 403; readonly message: string };

export interface OpsGateOptions {
  readonly invokeFunction: (functionId: string, event: unknown) => Promise<unknown>;
  readonly authorizerFunctionId: string;
  /** Like the API's authorizer cache. Default 60,000 ms. */
  readonly ttlMs?: number;
}

export interface OpsGate {
  check(request: IncomingMessage): Promise<OpsDecision>;
}

const STAGE = {
  accountId: LOCAL_ACCOUNT,
  region: LOCAL_REGION,
  apiId: 'pflocalapi',
  stage: 'local',
  deploymentId: 'console',
};

function gatewayRequest(request: IncomingMessage, path: string): GatewayRequest {
  const receivedAt = new Date();
  return {
    requestId: randomUUID(),
    extendedRequestId: newExtendedRequestId(),
    receivedAt,
    method: request.method ?? 'GET',
    path,
    query: '',
    rawHeaders: request.rawHeaders,
    sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
    localPort: request.socket.localPort ?? 0,
    scheme: 'http',
    protocol: `HTTP/${request.httpVersion}`,
    traceId: newTraceId(receivedAt),
  };
}

/**
 * Checks the console's calls with the very authorizer the API runs (same function, same cache rules), then
 * requires the ops role: the console reaches Step Functions on the caller's behalf, which only ops may do.
 */
export function createOpsGate(options: OpsGateOptions): OpsGate {
  const authorizer = createLambdaAuthorizer({
    invokeFunction: options.invokeFunction,
    functionId: options.authorizerFunctionId,
    ttlMs: options.ttlMs ?? 60_000,
  });
  return {
    async check(request) {
      const identity = request.headers.authorization;
      if (identity === undefined || identity.trim() === '') {
        return { allowed: false, status: 401, message: 'An ops API key is required' };
      }
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const event = toAuthorizerEvent(STAGE, gatewayRequest(request, path), {
        resource: path,
        pathParameters: {},
      });
      const decision = await authorizer.authorize(event, identity);
      if (decision.kind === 'failed') throw decision.cause;
      if (decision.kind !== 'allow') {
        return { allowed: false, status: 401, message: 'This API key is not valid (unknown or revoked)' };
      }
      if (decision.output.context.role !== 'ops') {
        return { allowed: false, status: 403, message: 'The ops console needs a key of the ops role' };
      }
      return { allowed: true, keyId: decision.output.context.keyId ?? decision.output.principalId };
    },
  };
}
