import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import type { AuthorizerOutput } from '#local/api/event.ts';
import { evaluatePolicy, type PolicyDocument, parsePolicyDocument } from '#local/api/policy.ts';

/** What the gateway does with a request after asking (or remembering) the authorizer. */
export type AuthorizerDecision =
  | { readonly kind: 'allow'; readonly output: AuthorizerOutput }
  /** The authorizer threw `Unauthorized` (or no identity was sent): 401. */
  | { readonly kind: 'unauthorized' }
  /** The policy denies this method, explicitly or by not allowing it: 403. */
  | { readonly kind: 'deny' }
  /** The authorizer failed or answered something that is not a policy: API Gateway's 500. */
  | { readonly kind: 'failed'; readonly cause: unknown };

export interface LambdaAuthorizerOptions {
  readonly invokeFunction: (functionId: string, event: unknown) => Promise<unknown>;
  readonly functionId: string;
  /** How long an Allow is remembered per identity; 0 asks the authorizer every time. */
  readonly ttlMs: number;
  readonly now?: () => number;
  /** Bounds memory under many distinct keys; the oldest entries go first. Default 10,000. */
  readonly maxEntries?: number;
}

export interface LambdaAuthorizer {
  /** `identity` is the identity source's value (the `Authorization` header): the cache key, as in API Gateway. */
  authorize(event: APIGatewayRequestAuthorizerEvent, identity: string): Promise<AuthorizerDecision>;
}

interface CachedPolicy {
  readonly expiresAt: number;
  readonly principalId: string;
  readonly policy: PolicyDocument;
  readonly context: Readonly<Record<string, string>>;
}

/** API Gateway turns exactly this error message from an authorizer into a 401. */
const UNAUTHORIZED_MESSAGE = 'Unauthorized';

function errorMessageOf(error: unknown): string | undefined {
  if (error instanceof Error) return error.message;
  const lambdaStyle = (error as { errorMessage?: unknown } | undefined)?.errorMessage;
  return typeof lambdaStyle === 'string' ? lambdaStyle : undefined;
}

/** API Gateway passes context values on as strings and rejects objects and arrays as a misconfiguration. */
function parseContext(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) return undefined;
  const context: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null || item === undefined) continue;
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') return undefined;
    context[key] = String(item);
  }
  return context;
}

function parseAnswer(answer: unknown): Omit<CachedPolicy, 'expiresAt'> | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  const { principalId, policyDocument, context } = answer as Record<string, unknown>;
  const policy = parsePolicyDocument(policyDocument);
  const parsedContext = parseContext(context);
  if (
    typeof principalId !== 'string' ||
    principalId === '' ||
    policy === undefined ||
    parsedContext === undefined
  ) {
    return undefined;
  }
  return { principalId, policy, context: parsedContext };
}

function decide(
  entry: Omit<CachedPolicy, 'expiresAt'>,
  methodArn: string,
  latencyMs: number,
): AuthorizerDecision {
  if (evaluatePolicy(entry.policy, methodArn) !== 'allow') return { kind: 'deny' };
  return {
    kind: 'allow',
    output: { principalId: entry.principalId, context: entry.context, integrationLatency: latencyMs },
  };
}

/**
 * A REQUEST authorizer as API Gateway runs it: invoke the function, read its IAM policy, evaluate it for
 * the method ARN, and remember an Allow per identity for the TTL. A cached policy is re-evaluated for every
 * method, and a revoked key keeps working until its entry expires, exactly as in AWS.
 */
export function createLambdaAuthorizer(options: LambdaAuthorizerOptions): LambdaAuthorizer {
  const now = options.now ?? (() => Date.now());
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, CachedPolicy>();

  const remember = (identity: string, entry: CachedPolicy) => {
    cache.delete(identity);
    cache.set(identity, entry);
    if (cache.size <= maxEntries) return;
    for (const [key, cached] of cache) if (cached.expiresAt <= now()) cache.delete(key);
    for (const key of cache.keys()) {
      if (cache.size <= maxEntries) break;
      cache.delete(key);
    }
  };

  return {
    async authorize(event, identity) {
      const cached = cache.get(identity);
      if (cached !== undefined && cached.expiresAt > now()) return decide(cached, event.methodArn, 0);
      cache.delete(identity);

      const startedAt = now();
      let answer: unknown;
      try {
        answer = await options.invokeFunction(options.functionId, event);
      } catch (error) {
        return errorMessageOf(error) === UNAUTHORIZED_MESSAGE
          ? { kind: 'unauthorized' }
          : { kind: 'failed', cause: error };
      }
      const entry = parseAnswer(answer);
      if (entry === undefined) {
        return {
          kind: 'failed',
          cause: new Error('The authorizer did not answer with a principalId and a policy'),
        };
      }
      const decision = decide(entry, event.methodArn, Math.max(0, now() - startedAt));
      if (decision.kind === 'allow' && options.ttlMs > 0) {
        remember(identity, { ...entry, expiresAt: now() + options.ttlMs });
      }
      return decision;
    },
  };
}
