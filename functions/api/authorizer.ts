import middy from '@middy/core';
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { bearerToken, parseApiKey, secretMatches } from '#lib/auth/api-keys.ts';
import { logger } from '#lib/observability.ts';
import { getApiKey } from '#lib/repositories/api-keys.ts';

/** API Gateway turns exactly this message into a 401. */
const UNAUTHORIZED = 'Unauthorized';

/** The authorizer's decision on a presented key, before it is turned into an IAM policy. */
export type KeyDecision =
  | { allowed: true; keyId: string; role: string; partnerId: string | undefined }
  | { allowed: false; reason: 'missing' | 'malformed' | 'unknown' | 'revoked' };

/** Authenticates an `Authorization` header against the stored key hashes. */
export async function decideKey(authorization: string | undefined): Promise<KeyDecision> {
  const token = bearerToken(authorization);
  if (token === undefined) return { allowed: false, reason: 'missing' };
  const parsed = parseApiKey(token);
  if (parsed === undefined) return { allowed: false, reason: 'malformed' };
  const record = await getApiKey(parsed.keyId);
  if (record === undefined || !secretMatches(parsed.secret, record.secretHash)) {
    return { allowed: false, reason: 'unknown' };
  }
  if (record.revokedAt !== undefined) return { allowed: false, reason: 'revoked' };
  return { allowed: true, keyId: record.keyId, role: record.role, partnerId: record.partnerId };
}

/** The policy covers the whole stage: API Gateway caches it per key for every route. */
function stageWildcard(methodArn: string): string {
  // `arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path>`: the api id ends the first part.
  const [apiArn, stage] = methodArn.split('/');
  return `${apiArn}/${stage}/*/*`;
}

export async function handleAuthorize(
  event: APIGatewayRequestAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> {
  // HTTP header names are case-insensitive and API Gateway passes them as the client sent them.
  const header = Object.entries(event.headers ?? {}).find(
    ([name]) => name.toLowerCase() === 'authorization',
  )?.[1];
  const decision = await decideKey(header);
  if (!decision.allowed) {
    logger.info('API key rejected', { reason: decision.reason });
    throw new Error(UNAUTHORIZED);
  }
  return {
    principalId: decision.keyId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: stageWildcard(event.methodArn) },
      ],
    },
    context: { keyId: decision.keyId, role: decision.role, partnerId: decision.partnerId ?? '' },
  };
}

export const handler = middy(handleAuthorize);
