import type { $ZodType, JSONSchema } from 'zod/v4/core';
import { toJSONSchema } from 'zod/v4/core';
import type { HttpMethod, Role, RouteSpec } from '#catalog/types.ts';
import type { ErrorCode } from '#lib/http/errors.ts';

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1). */
export type JsonSchema = JSONSchema.BaseSchema;

export interface OpenApiReference {
  readonly $ref: string;
}

export interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required: boolean;
  readonly description?: string;
  readonly schema: JsonSchema;
}

export interface OpenApiMediaType {
  readonly schema: JsonSchema;
}

export interface OpenApiHeader {
  readonly description: string;
  readonly schema: JsonSchema;
}

export interface OpenApiResponse {
  readonly description: string;
  readonly headers?: Readonly<Record<string, OpenApiHeader>>;
  readonly content?: Readonly<Record<string, OpenApiMediaType>>;
}

export interface OpenApiRequestBody {
  readonly required: boolean;
  readonly content: Readonly<Record<string, OpenApiMediaType>>;
}

export interface OpenApiOperation {
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** `[]` on public routes: no API key. */
  readonly security: readonly Readonly<Record<string, readonly string[]>>[];
  /** The roles the route admits, exactly as the route table declares them. */
  readonly 'x-roles': readonly Role[] | 'public';
  readonly parameters: readonly OpenApiParameter[];
  readonly requestBody?: OpenApiRequestBody;
  readonly responses: Readonly<Record<string, OpenApiResponse | OpenApiReference>>;
}

export type OpenApiMethod = Lowercase<HttpMethod>;

export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly servers?: readonly { readonly url: string; readonly description?: string }[];
  readonly tags: readonly { readonly name: string }[];
  readonly paths: Readonly<Record<string, Partial<Record<OpenApiMethod, OpenApiOperation>>>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, JsonSchema>>;
    readonly responses: Readonly<Record<string, OpenApiResponse>>;
    readonly securitySchemes: Readonly<Record<string, Readonly<Record<string, string>>>>;
  };
}

export interface OpenApiOptions {
  /** The base URL the paths hang off, e.g. `https://api.example.com`; omitted from the document when absent. */
  readonly serverUrl?: string;
}

export const BEARER_SCHEME = 'apiKey';

/** Every code the API answers with; the type check below fails when `ErrorCode` gains one this list lacks. */
const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'unprocessable_entity',
  'rate_limited',
  'internal_error',
  'service_unavailable',
] as const satisfies readonly ErrorCode[];
const everyErrorCodeListed: Exclude<ErrorCode, (typeof ERROR_CODES)[number]> extends never ? true : never =
  true;
void everyErrorCodeListed;

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  description:
    'Every error answer has this shape; `details` lists one entry per problem found in the request.',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string', enum: [...ERROR_CODES] },
        message: { type: 'string', description: 'A sentence for people; do not parse it.' },
        details: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'issue'],
            properties: {
              path: { type: 'string', description: 'Where the problem is, e.g. `creator.email` or `limit`.' },
              issue: { type: 'string', description: 'What is wrong, e.g. `must be a valid email address`.' },
            },
          },
        },
      },
    },
  },
};

const errorResponse = (description: string, headers?: Record<string, OpenApiHeader>): OpenApiResponse => ({
  description,
  ...(headers === undefined ? {} : { headers }),
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** The documented error answers, by status; operations point at them with `$ref`. */
const ERROR_RESPONSES = {
  '400': [
    'BadRequest',
    errorResponse('The request is malformed or fails validation (`details` says where).'),
  ],
  '401': [
    'Unauthorized',
    errorResponse('No API key, or one that is unknown or revoked.', {
      'WWW-Authenticate': { description: 'Always `Bearer`.', schema: { type: 'string' } },
    }),
  ],
  '403': [
    'Forbidden',
    errorResponse("The key's role may not use this route, or the resource is another partner's."),
  ],
  '404': ['NotFound', errorResponse('Nothing with this id exists (or it belongs to another partner).')],
  '409': [
    'Conflict',
    errorResponse(
      'The request conflicts with the current state, or a request with this Idempotency-Key is still running.',
      {
        'Retry-After': {
          description: 'Sent when the same Idempotency-Key is still being processed: seconds to wait.',
          schema: { type: 'integer', minimum: 1 },
        },
      },
    ),
  ],
  '422': [
    'IdempotencyKeyReused',
    errorResponse('This Idempotency-Key was already used with a different request body.'),
  ],
  '413': ['PayloadTooLarge', errorResponse('The request body is larger than this route accepts.')],
  '415': [
    'UnsupportedMediaType',
    errorResponse('The request body is not sent in the media type the route takes.'),
  ],
  '429': [
    'TooManyRequests',
    errorResponse('The key (or, on public routes, the client address) sent too many requests.', {
      'Retry-After': {
        description: 'Seconds to wait before retrying.',
        schema: { type: 'integer', minimum: 1 },
      },
    }),
  ],
  '500': [
    'InternalError',
    errorResponse('Something failed on our side; the message carries a request id to quote.'),
  ],
  '503': [
    'ServiceUnavailable',
    errorResponse(
      'A dependency was briefly unavailable and nothing was done; retry (with the same Idempotency-Key).',
      {
        'Retry-After': {
          description: 'Seconds to wait before retrying.',
          schema: { type: 'integer', minimum: 1 },
        },
      },
    ),
  ],
} as const satisfies Record<string, readonly [string, OpenApiResponse]>;

type ErrorStatus = keyof typeof ERROR_RESPONSES;

const SUCCESS_DESCRIPTIONS: Readonly<Record<number, string>> = {
  200: 'OK.',
  201: 'Created.',
  202: 'Accepted: the workflow has started; follow it with the returned execution id.',
  204: 'Done; no content.',
};

const DESCRIPTION = [
  'PartnerFlow automates the operations of TikTok Shop partner agencies: seller authorization, creator',
  'onboarding, affiliate campaigns, violation handling and weekly reports, each as a durable workflow.',
  '',
  '- **Authentication**: `Authorization: Bearer <api key>` on every route that is not marked public.',
  '- **Starting a workflow** answers `202` with the execution id; send an `Idempotency-Key` header so a',
  '  retried request returns the first answer instead of starting a second execution.',
  '- **Errors** always have the shape `{"error": {"code", "message", "details": [{"path", "issue"}]}}`.',
  '- **Lists** answer `{"items": [...], "nextCursor"?}`; pass `?cursor=` to continue and `?limit=` (1-100,',
  '  default 25) to bound a page.',
  '- **Times** are ISO 8601 in UTC; money is in currency units with at most two decimals.',
].join('\n');

const componentRef = (name: string) => `#/components/schemas/${name}`;

/** A schema definition on its way to `components.schemas`, and the reference zod used for it. */
interface Definition {
  readonly name: string;
  readonly localRef: string;
  readonly schema: JsonSchema;
}

/**
 * Converts zod schemas to JSON Schema for one document. Definitions zod extracts (registered ids, recursive
 * schemas) move into `components.schemas`, because inside an OpenAPI document `#` means the document.
 */
class SchemaCollector {
  readonly components: Record<string, JsonSchema> = { Error: ERROR_SCHEMA };

  convert(schema: $ZodType, io: 'input' | 'output', nameIfRecursive: string): JsonSchema {
    const { $schema: _dialect, $defs = {}, ...root } = toJSONSchema(schema, { io, unrepresentable: 'any' });
    const definitions: Definition[] = Object.entries($defs).map(([name, definition]) => ({
      name,
      localRef: `#/$defs/${name}`,
      schema: definition,
    }));
    const recursive = containsRef(root, '#');
    if (recursive) definitions.push({ name: nameIfRecursive, localRef: '#', schema: root });
    if (definitions.length === 0) return root;

    const renames =
      this.hoist(definitions, (name) => name) ??
      this.hoist(definitions, (name) => this.freeName(name)) ??
      new Map();
    return recursive ? { $ref: renames.get('#') ?? '#' } : (rewriteRefs(root, renames) as JsonSchema);
  }

  /**
   * Registers the definitions under the names `choose` gives, and answers how references move; undefined,
   * with nothing registered, when a name already holds a different schema.
   */
  private hoist(
    definitions: readonly Definition[],
    choose: (name: string) => string,
  ): Map<string, string> | undefined {
    const targets = definitions.map((definition) => choose(definition.name));
    const renames = new Map(
      definitions.map((definition, index) => [definition.localRef, componentRef(targets[index] ?? '')]),
    );
    const rewritten = definitions.map((definition) => rewriteRefs(definition.schema, renames) as JsonSchema);
    const taken = (target: string, schema: JsonSchema) =>
      this.components[target] !== undefined &&
      JSON.stringify(this.components[target]) !== JSON.stringify(schema);
    if (targets.some((target, index) => taken(target, rewritten[index] ?? {}))) return undefined;
    targets.forEach((target, index) => {
      this.components[target] = rewritten[index] ?? {};
    });
    return renames;
  }

  private freeName(name: string): string {
    let candidate = name;
    for (let suffix = 2; this.components[candidate] !== undefined; suffix += 1)
      candidate = `${name}${suffix}`;
    return candidate;
  }
}

function containsRef(value: unknown, reference: string): boolean {
  if (Array.isArray(value)) return value.some((item) => containsRef(item, reference));
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(
    ([key, item]) => (key === '$ref' && item === reference) || containsRef(item, reference),
  );
}

function rewriteRefs(value: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, renames));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      key === '$ref' && typeof item === 'string' ? (renames.get(item) ?? item) : rewriteRefs(item, renames),
    ]),
  );
}

const pascal = (text: string) =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

const camel = (text: string) => {
  const name = pascal(text);
  return name.charAt(0).toLowerCase() + name.slice(1);
};

/** Groups operations by the first segment after the version: `/v1/creators/{id}` is in `creators`. */
function tagOf(path: string): string {
  const [, first, second] = path.split('/');
  const segment = (first !== undefined && /^v\d+$/.test(first) ? second : first) ?? 'api';
  return segment.replace(/\..*$/, '') || 'api';
}

function pathParameters(path: string): OpenApiParameter[] {
  return [...path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map(([, name]) => ({
    name: name ?? '',
    in: 'path',
    required: true,
    schema: { type: 'string', minLength: 1 },
  }));
}

/** One query parameter per property of the query schema, required as the schema says. */
function queryParameters(schema: JsonSchema): OpenApiParameter[] {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  return Object.entries(properties).map(([name, property]) => {
    const propertySchema: JsonSchema = typeof property === 'boolean' ? {} : property;
    return {
      name,
      in: 'query',
      required: required.has(name),
      ...(propertySchema.description === undefined ? {} : { description: propertySchema.description }),
      schema: propertySchema,
    };
  });
}

function rolesText(roles: RouteSpec['roles']): string {
  return roles === 'public'
    ? 'Public: no API key needed.'
    : `Roles: ${roles.join(', ')}. Needs \`Authorization: Bearer <api key>\` of one of these roles.`;
}

function errorStatuses(route: RouteSpec): ErrorStatus[] {
  const statuses: ErrorStatus[] = [];
  if (route.requestBody !== undefined || route.query !== undefined) statuses.push('400');
  if (route.roles !== 'public') statuses.push('401', '403');
  if (route.path.includes('{')) statuses.push('404');
  if (route.requestBody !== undefined) statuses.push('413', '415');
  if (route.idempotency === 'key') statuses.push('409', '422');
  statuses.push('429', '500', '503');
  return statuses;
}

function operationOf(route: RouteSpec, operationId: string, schemas: SchemaCollector): OpenApiOperation {
  const parameters = pathParameters(route.path);
  if (route.query !== undefined) {
    parameters.push(...queryParameters(schemas.convert(route.query, 'input', `${pascal(operationId)}Query`)));
  }
  const successStatus = route.successStatus ?? 200;
  if (route.idempotency === 'key' || (route.method === 'POST' && successStatus === 202)) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Any unique string per intended action (1-255 printable ASCII characters), remembered for 24 hours: ' +
        'a retry with the same key and body returns the first answer (with `Idempotent-Replayed: true`) and ' +
        'does nothing again; the same key with another body answers 422.',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    });
  }
  const success: OpenApiResponse = {
    description: SUCCESS_DESCRIPTIONS[successStatus] ?? 'Success.',
    ...(route.response === undefined
      ? {}
      : {
          content: {
            'application/json': {
              schema: schemas.convert(route.response, 'output', `${pascal(operationId)}Response`),
            },
          },
        }),
  };
  const responses: Record<string, OpenApiResponse | OpenApiReference> = { [String(successStatus)]: success };
  for (const status of errorStatuses(route)) {
    responses[status] = { $ref: `#/components/responses/${ERROR_RESPONSES[status][0]}` };
  }
  return {
    operationId,
    summary: route.summary,
    description: rolesText(route.roles),
    tags: [tagOf(route.path)],
    security: route.roles === 'public' ? [] : [{ [BEARER_SCHEME]: [] }],
    'x-roles': route.roles,
    parameters,
    ...(route.requestBody === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: {
              [route.requestContentType ?? 'application/json']: {
                schema: schemas.convert(route.requestBody, 'input', `${pascal(operationId)}Body`),
              },
            },
          },
        }),
    responses,
  };
}

/**
 * Builds the OpenAPI 3.1 description of the API from the route table, so it can never drift from the
 * routes: every route is one operation, with its path and query parameters, its body schema (what clients
 * send, from the same zod schema the handler validates with), its roles and its documented errors.
 */
export function buildOpenApiDocument(
  routes: readonly RouteSpec[],
  options: OpenApiOptions = {},
): OpenApiDocument {
  const schemas = new SchemaCollector();
  const paths: Record<string, Partial<Record<OpenApiMethod, OpenApiOperation>>> = {};
  const usedOperationIds = new Set<string>();
  for (const route of routes) {
    let operationId = camel(route.functionId);
    if (usedOperationIds.has(operationId)) operationId = camel(`${route.functionId}-${route.method}`);
    usedOperationIds.add(operationId);
    const operations = paths[route.path] ?? {};
    operations[route.method.toLowerCase() as OpenApiMethod] = operationOf(route, operationId, schemas);
    paths[route.path] = operations;
  }
  const tags = [...new Set(routes.map((route) => tagOf(route.path)))].map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: { title: 'PartnerFlow API', version: '1.0.0', description: DESCRIPTION },
    ...(options.serverUrl === undefined ? {} : { servers: [{ url: options.serverUrl }] }),
    tags,
    paths,
    components: {
      schemas: schemas.components,
      responses: Object.fromEntries(
        Object.values(ERROR_RESPONSES).map(([name, response]) => [name, response]),
      ),
      securitySchemes: {
        [BEARER_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          description:
            'The API key issued to you, `pf_<keyId>_<secret>`, sent as `Authorization: Bearer <key>`.',
        },
      },
    },
  };
}

const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The base URL a caller reached the API at, from its (lower-cased) request headers: the Host, the scheme
 * the gateway saw, and the stage prefix that only the default `execute-api` domain puts in front of paths.
 */
export function requestServerUrl(
  headers: Readonly<Record<string, string>>,
  stage: string,
): string | undefined {
  const host = headers.host;
  if (host === undefined || !HOST.test(host)) return undefined;
  const scheme = headers['x-forwarded-proto'] === 'http' ? 'http' : 'https';
  const stagePrefix = host.includes('.execute-api.') ? `/${encodeURIComponent(stage)}` : '';
  return `${scheme}://${host}${stagePrefix}`;
}
