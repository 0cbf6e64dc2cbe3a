import { createHash, randomBytes } from 'node:crypto';
import type {
  APIGatewayEventIdentity,
  APIGatewayEventRequestContextWithAuthorizer,
  APIGatewayProxyEvent,
  APIGatewayRequestAuthorizerEvent,
} from 'aws-lambda';

/** The deployed API a request arrived at: the parts of an ARN and request context that never change per call. */
export interface GatewayStage {
  readonly accountId: string;
  readonly region: string;
  /** Ten lower-case letters or digits, like a real REST API id. */
  readonly apiId: string;
  readonly stage: string;
  readonly deploymentId: string;
}

/** One HTTP request as the gateway saw it, before any route logic: the raw material of every event. */
export interface GatewayRequest {
  readonly requestId: string;
  readonly extendedRequestId: string;
  readonly receivedAt: Date;
  readonly method: string;
  /** The path as sent, percent-escapes kept (REST APIs do not decode `path`). */
  readonly path: string;
  /** The query string without `?`; empty when there is none. */
  readonly query: string;
  /** Node's `rawHeaders`: alternating names (case as sent) and values, one entry per header line. */
  readonly rawHeaders: readonly string[];
  readonly sourceIp: string;
  /** The port the client connected to, which API Gateway reports as `X-Forwarded-Port`. */
  readonly localPort: number;
  /** The scheme the client used, which API Gateway reports as `X-Forwarded-Proto`. */
  readonly scheme: 'http' | 'https';
  /** `HTTP/1.1`. */
  readonly protocol: string;
  /** The `X-Amzn-Trace-Id` the gateway adds when the client sent none; one per request. */
  readonly traceId: string;
}

/** The resource a request matched. */
export interface MatchedResource {
  /** The route's path template, e.g. `/v1/creators/{creatorId}`. */
  readonly resource: string;
  readonly pathParameters: Readonly<Record<string, string>>;
}

/** What a Lambda authorizer established, as API Gateway hands it on: context values are strings. */
export interface AuthorizerOutput {
  readonly principalId: string;
  readonly context: Readonly<Record<string, string>>;
  readonly integrationLatency: number;
}

interface HeaderMaps {
  readonly headers: Record<string, string>;
  readonly multiValueHeaders: Record<string, string[]>;
}

interface QueryMaps {
  readonly queryStringParameters: Record<string, string> | null;
  readonly multiValueQueryStringParameters: Record<string, string[]> | null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's `requestTime`: `dd/MMM/yyyy:HH:mm:ss +0000`, always in UTC. */
export function formatRequestTime(at: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  const month = MONTHS[at.getUTCMonth()] ?? 'Jan';
  return (
    `${two(at.getUTCDate())}/${month}/${at.getUTCFullYear()}:` +
    `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())} +0000`
  );
}

/** A fresh `extendedRequestId`, shaped like API Gateway's (16 base64 characters, e.g. `ZhEVGHTzDoEEB2A=`). */
export function newExtendedRequestId(): string {
  return randomBytes(11).toString('base64');
}

/** A fresh `X-Amzn-Trace-Id` root, `Root=1-<epoch seconds hex>-<96 random bits hex>`. */
export function newTraceId(at: Date): string {
  return `Root=1-${Math.floor(at.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

/** A stable six-character resource id per path template, as API Gateway gives each resource one. */
export function resourceIdOf(resource: string): string {
  return createHash('sha256')
    .update(resource)
    .digest('base64url')
    .replace(/[-_]/g, '0')
    .slice(0, 6)
    .toLowerCase();
}

/**
 * True for bodies API Gateway hands over as text; anything else (images, PDFs, octet streams) arrives
 * base64-encoded with `isBase64Encoded: true`. A body without a content type is treated as text.
 */
export function isTextContentType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    mediaType === '' ||
    mediaType.startsWith('text/') ||
    mediaType === 'application/json' ||
    mediaType.endsWith('+json') ||
    mediaType === 'application/xml' ||
    mediaType.endsWith('+xml') ||
    mediaType === 'application/x-www-form-urlencoded' ||
    mediaType === 'application/javascript' ||
    mediaType === 'application/graphql'
  );
}

/** Pairs up Node's raw header list, then adds the headers API Gateway itself adds on the way in. */
function headerPairs(request: GatewayRequest): [string, string][] {
  const pairs: [string, string][] = [];
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index];
    const value = request.rawHeaders[index + 1];
    if (name !== undefined && value !== undefined) pairs.push([name, value]);
  }
  const sent = (name: string) =>
    pairs.filter(([candidate]) => candidate.toLowerCase() === name.toLowerCase());
  const forwardedFor = sent('x-forwarded-for').at(-1)?.[1];
  const gatewayHeaders: [string, string][] = [
    [
      'X-Forwarded-For',
      forwardedFor === undefined ? request.sourceIp : `${forwardedFor}, ${request.sourceIp}`,
    ],
    ['X-Forwarded-Port', String(request.localPort)],
    ['X-Forwarded-Proto', request.scheme],
  ];
  if (sent('x-amzn-trace-id').length === 0) gatewayHeaders.push(['X-Amzn-Trace-Id', request.traceId]);
  const replaced = new Set(gatewayHeaders.map(([name]) => name.toLowerCase()));
  return [...pairs.filter(([name]) => !replaced.has(name.toLowerCase())), ...gatewayHeaders];
}

/** `headers` keeps the last value of a repeated header, `multiValueHeaders` keeps all, under the first spelling. */
function headerMaps(request: GatewayRequest): HeaderMaps {
  const spelling = new Map<string, string>();
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [rawName, value] of headerPairs(request)) {
    const lower = rawName.toLowerCase();
    const name = spelling.get(lower) ?? rawName;
    spelling.set(lower, name);
    headers[name] = value;
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
  }
  return { headers, multiValueHeaders };
}

/** Decodes the query like REST APIs do (`+` is a space); both maps are null when there is no parameter. */
function queryMaps(query: string): QueryMaps {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(query)) {
    single[name] = value;
    multi[name] = [...(multi[name] ?? []), value];
  }
  const empty = Object.keys(single).length === 0;
  return {
    queryStringParameters: empty ? null : single,
    multiValueQueryStringParameters: empty ? null : multi,
  };
}

/** The header value as the gateway would read it: case-insensitive, last one wins. */
export function headerValue(request: GatewayRequest, name: string): string | undefined {
  let found: string | undefined;
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
    if (request.rawHeaders[index]?.toLowerCase() === name.toLowerCase())
      found = request.rawHeaders[index + 1];
  }
  return found;
}

function identityOf(request: GatewayRequest): APIGatewayEventIdentity {
  return {
    cognitoIdentityPoolId: null,
    accountId: null,
    cognitoIdentityId: null,
    caller: null,
    sourceIp: request.sourceIp,
    principalOrgId: null,
    accessKey: null,
    cognitoAuthenticationType: null,
    cognitoAuthenticationProvider: null,
    userArn: null,
    userAgent: headerValue(request, 'user-agent') ?? null,
    user: null,
    apiKey: null,
    apiKeyId: null,
    clientCert: null,
  };
}

function requestContextOf<Authorizer>(
  gateway: GatewayStage,
  request: GatewayRequest,
  resource: string,
  authorizer: Authorizer,
): APIGatewayEventRequestContextWithAuthorizer<Authorizer> {
  const host = headerValue(request, 'host') ?? `${gateway.apiId}.execute-api.${gateway.region}.amazonaws.com`;
  // Real events carry deploymentId, which @types/aws-lambda does not declare.
  const context: APIGatewayEventRequestContextWithAuthorizer<Authorizer> & { deploymentId: string } = {
    resourceId: resourceIdOf(resource),
    authorizer,
    resourcePath: resource,
    httpMethod: request.method,
    extendedRequestId: request.extendedRequestId,
    requestTime: formatRequestTime(request.receivedAt),
    path: `/${gateway.stage}${request.path}`,
    accountId: gateway.accountId,
    protocol: request.protocol,
    stage: gateway.stage,
    domainPrefix: host.split('.')[0] ?? host,
    requestTimeEpoch: request.receivedAt.getTime(),
    requestId: request.requestId,
    identity: identityOf(request),
    domainName: host,
    deploymentId: gateway.deploymentId,
    apiId: gateway.apiId,
  };
  return context;
}

/** `arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path>`: what an authorizer's policy is checked against. */
export function methodArnOf(gateway: GatewayStage, request: GatewayRequest): string {
  return (
    `arn:aws:execute-api:${gateway.region}:${gateway.accountId}:` +
    `${gateway.apiId}/${gateway.stage}/${request.method}${request.path}`
  );
}

/**
 * The event a REQUEST authorizer receives. Unlike the proxy event, AWS sends empty objects (not null) for
 * absent query, path and stage variables, and no `authorizer` in the request context.
 */
export function toAuthorizerEvent(
  gateway: GatewayStage,
  request: GatewayRequest,
  matched: MatchedResource,
): APIGatewayRequestAuthorizerEvent {
  const { headers, multiValueHeaders } = headerMaps(request);
  const query = queryMaps(request.query);
  return {
    type: 'REQUEST',
    methodArn: methodArnOf(gateway, request),
    resource: matched.resource,
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: query.queryStringParameters ?? {},
    multiValueQueryStringParameters: query.multiValueQueryStringParameters ?? {},
    pathParameters: { ...matched.pathParameters },
    stageVariables: {},
    requestContext: requestContextOf(gateway, request, matched.resource, undefined),
  };
}

/**
 * The REST API (v1) Lambda proxy event, field for field as API Gateway builds it: `headers` and query keep
 * the last value of a repeated name, their multi-value twins keep all; absent query and path parameters
 * are null; a non-text body is base64 with `isBase64Encoded: true`; the authorizer's context is passed on.
 */
export function toProxyEvent(
  gateway: GatewayStage,
  request: GatewayRequest,
  matched: MatchedResource,
  body: Buffer | undefined,
  authorizer: AuthorizerOutput | undefined,
): APIGatewayProxyEvent {
  const { headers, multiValueHeaders } = headerMaps(request);
  const binary = !isTextContentType(headerValue(request, 'content-type'));
  const hasBody = body !== undefined && body.length > 0;
  const hasPathParameters = Object.keys(matched.pathParameters).length > 0;
  return {
    resource: matched.resource,
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    ...queryMaps(request.query),
    pathParameters: hasPathParameters ? { ...matched.pathParameters } : null,
    stageVariables: null,
    requestContext: requestContextOf(
      gateway,
      request,
      matched.resource,
      authorizer === undefined
        ? undefined
        : {
            ...authorizer.context,
            principalId: authorizer.principalId,
            integrationLatency: authorizer.integrationLatency,
          },
    ),
    body: hasBody ? body.toString(binary ? 'base64' : 'utf8') : null,
    isBase64Encoded: hasBody && binary,
  };
}
