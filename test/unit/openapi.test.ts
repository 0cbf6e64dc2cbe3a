import { describe, expect, it } from 'vitest';
import { z } from 'zod/mini';
import { toJSONSchema } from 'zod/v4/core';
import { routes as catalogRoutes } from '#catalog/index.ts';
import type { RouteSpec } from '#catalog/types.ts';
import { handler as docsHandler } from '#functions/api/docs.ts';
import { handler as openApiHandler } from '#functions/api/openapi.ts';
import { renderApiReference } from '#lib/http/api-reference-html.ts';
import {
  buildOpenApiDocument,
  type OpenApiDocument,
  type OpenApiMethod,
  type OpenApiOperation,
  type OpenApiResponse,
  requestServerUrl,
} from '#lib/http/openapi.ts';
import { createLambdaContext } from '#local/lambda/context.ts';
import { proxyEvent } from '#test/support/api-events.ts';

/** Follows a local `#/a/b` JSON pointer through the document; undefined when it leads nowhere. */
function resolvePointer(document: unknown, reference: string): unknown {
  if (!reference.startsWith('#/')) return undefined;
  return reference
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
}

function allRefs(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(allRefs);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [value] : allRefs(value),
  );
}

function operations(document: OpenApiDocument): [string, OpenApiMethod, OpenApiOperation][] {
  return Object.entries(document.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]): [string, OpenApiMethod, OpenApiOperation] => [
      path,
      method as OpenApiMethod,
      operation,
    ]),
  );
}

function operationOf(document: OpenApiDocument, route: RouteSpec): OpenApiOperation {
  const operation = document.paths[route.path]?.[route.method.toLowerCase() as OpenApiMethod];
  if (operation === undefined) throw new Error(`${route.method} ${route.path} is missing from the document`);
  return operation;
}

const withoutDialect = (schema: object) => {
  const { $schema: _dialect, ...rest } = schema as Record<string, unknown>;
  return rest;
};

const category = z.string().register(z.globalRegistry, { id: 'TestCategory' });
interface TreeNode {
  name: string;
  children: TreeNode[];
}
const treeNode: z.ZodMiniType<TreeNode> = z.object({
  name: z.string(),
  get children() {
    return z.array(treeNode);
  },
});

const TEST_ROUTES: readonly RouteSpec[] = [
  {
    method: 'POST',
    path: '/v1/widgets',
    functionId: 'start-widget',
    roles: ['partner'],
    summary: 'Start a <widget> & more',
    requestBody: z.strictObject({
      name: z.string().check(z.minLength(1)),
      tags: z.array(category),
      extra: category,
    }),
    successStatus: 202,
  },
  {
    method: 'GET',
    path: '/v1/widgets/{widgetId}/parts/{partId}',
    functionId: 'get-part',
    roles: ['partner', 'ops'],
    summary: 'Get one part',
    response: treeNode,
  },
  {
    method: 'GET',
    path: '/v1/widgets',
    functionId: 'list-widgets',
    roles: 'public',
    summary: 'List widgets',
    query: z.strictObject({ status: z.enum(['on', 'off']), limit: z.optional(z.string()) }),
  },
  {
    method: 'POST',
    path: '/v1/widgets/{widgetId}/approval',
    functionId: 'approve-widget',
    roles: 'public',
    summary: 'Approve from a form',
    requestBody: z.strictObject({ token: z.string() }),
    requestContentType: 'application/x-www-form-urlencoded',
  },
];

describe('buildOpenApiDocument', () => {
  const document = buildOpenApiDocument(catalogRoutes, { serverUrl: 'https://api.example.com' });

  it('is a well-formed OpenAPI 3.1 document whose references all resolve', () => {
    // Act
    const serialized: unknown = JSON.parse(JSON.stringify(document));

    // Assert
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(document.servers).toEqual([{ url: 'https://api.example.com' }]);
    for (const reference of allRefs(serialized)) {
      expect(resolvePointer(serialized, reference), reference).toBeDefined();
    }
    const operationIds = operations(document).map(([, , operation]) => operation.operationId);
    expect(new Set(operationIds).size).toBe(operationIds.length);
    for (const [path, , operation] of operations(document)) {
      expect(path.startsWith('/')).toBe(true);
      expect(Object.keys(operation.responses).every((status) => /^[1-5]\d\d$/.test(status))).toBe(true);
      expect(JSON.stringify(operation)).not.toContain('$schema');
      for (const requirement of operation.security) {
        for (const scheme of Object.keys(requirement))
          expect(document.components.securitySchemes).toHaveProperty(scheme);
      }
    }
  });

  it('documents every catalog route with its roles and security', () => {
    for (const route of catalogRoutes) {
      // Act
      const operation = operationOf(document, route);

      // Assert
      expect(operation.summary).toBe(route.summary);
      expect(operation['x-roles']).toEqual(route.roles);
      if (route.roles === 'public') {
        expect(operation.security).toEqual([]);
      } else {
        expect(operation.security).toEqual([{ apiKey: [] }]);
        expect(operation.description).toContain(route.roles.join(', '));
        expect(operation.responses).toHaveProperty('401');
        expect(operation.responses).toHaveProperty('403');
      }
      expect(operation.responses).toHaveProperty(String(route.successStatus ?? 200));
    }
  });

  it('declares exactly the path parameters of each template', () => {
    for (const route of catalogRoutes) {
      const declared = operationOf(document, route)
        .parameters.filter((parameter) => parameter.in === 'path')
        .map((parameter) => parameter.name);
      const inTemplate = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
      expect(declared).toEqual(inTemplate);
    }
  });

  it('takes request bodies and query parameters from the zod schemas', () => {
    for (const route of catalogRoutes) {
      const operation = operationOf(document, route);
      if (route.requestBody !== undefined) {
        expect(
          operation.requestBody?.content[route.requestContentType ?? 'application/json']?.schema,
        ).toEqual(withoutDialect(toJSONSchema(route.requestBody, { io: 'input', unrepresentable: 'any' })));
      }
      if (route.query !== undefined) {
        const properties =
          toJSONSchema(route.query, { io: 'input', unrepresentable: 'any' }).properties ?? {};
        const queryNames = operation.parameters
          .filter((parameter) => parameter.in === 'query')
          .map((p) => p.name);
        expect(queryNames).toEqual(Object.keys(properties));
      }
    }
  });

  it('points every documented 4xx and 5xx at the standard error schema', () => {
    for (const [, , operation] of operations(document)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        const resolved = resolvePointer(document, '$ref' in response ? response.$ref : '') as OpenApiResponse;
        expect(resolved.content?.['application/json']?.schema).toEqual({
          $ref: '#/components/schemas/Error',
        });
      }
    }
    expect(document.components.schemas.Error).toMatchObject({
      required: ['error'],
      properties: { error: { required: ['code', 'message', 'details'] } },
    });
  });
});

describe('buildOpenApiDocument on routes with shared and recursive schemas', () => {
  const document = buildOpenApiDocument(TEST_ROUTES);
  const [startWidget, getPart, listWidgets, approveWidget] = TEST_ROUTES.map((route) =>
    operationOf(document, route),
  );

  it('moves registered and recursive definitions into components, keeping references valid', () => {
    expect(document.components.schemas.TestCategory).toEqual({ type: 'string' });
    expect(startWidget?.requestBody?.content['application/json']?.schema).toMatchObject({
      properties: { tags: { items: { $ref: '#/components/schemas/TestCategory' } } },
    });
    const success = getPart?.responses['200'] as OpenApiResponse | undefined;
    const responseSchema = success?.content?.['application/json']?.schema;
    expect(responseSchema).toEqual({ $ref: '#/components/schemas/GetPartResponse' });
    expect(document.components.schemas.GetPartResponse).toMatchObject({
      properties: { children: { items: { $ref: '#/components/schemas/GetPartResponse' } } },
    });
    for (const reference of allRefs(document))
      expect(resolvePointer(document, reference), reference).toBeDefined();
  });

  it('documents 202 starts with an Idempotency-Key header, and query parameters as required by the schema', () => {
    expect(startWidget?.responses).toHaveProperty('202');
    expect(startWidget?.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }),
    );
    expect(startWidget?.responses).toHaveProperty('413');
    expect(startWidget?.responses).toHaveProperty('415');
    expect(listWidgets?.parameters).toEqual([
      expect.objectContaining({ name: 'status', in: 'query', required: true }),
      expect.objectContaining({ name: 'limit', in: 'query', required: false }),
    ]);
    expect(getPart?.responses).toHaveProperty('404');
  });

  it("documents a body under the route's media type", () => {
    expect(Object.keys(approveWidget?.requestBody?.content ?? {})).toEqual([
      'application/x-www-form-urlencoded',
    ]);
  });

  it('leaves servers out when no server URL is given', () => {
    expect(document).not.toHaveProperty('servers');
  });
});

describe('requestServerUrl', () => {
  it('adds the stage prefix only on the default execute-api domain', () => {
    expect(requestServerUrl({ host: 'abc123defg.execute-api.us-east-1.amazonaws.com' }, 'prod')).toBe(
      'https://abc123defg.execute-api.us-east-1.amazonaws.com/prod',
    );
    expect(requestServerUrl({ host: 'api.example.com', 'x-forwarded-proto': 'https' }, 'prod')).toBe(
      'https://api.example.com',
    );
    expect(requestServerUrl({ host: '127.0.0.1:3000', 'x-forwarded-proto': 'http' }, 'local')).toBe(
      'http://127.0.0.1:3000',
    );
  });

  it('ignores a Host header that is not a host', () => {
    expect(requestServerUrl({ host: 'evil.com/"><script>' }, 'prod')).toBeUndefined();
    expect(requestServerUrl({}, 'prod')).toBeUndefined();
  });
});

describe('renderApiReference', () => {
  const document = buildOpenApiDocument([...catalogRoutes, ...TEST_ROUTES]);

  it('lists every operation on one self-contained page with no scripts or external assets', () => {
    // Act
    const html = renderApiReference(document, 'openapi.json');

    // Assert
    for (const [path, method, operation] of operations(document)) {
      expect(html).toContain(`id="${operation.operationId}"`);
      expect(html).toContain(
        `<span class="method ${method}">${method.toUpperCase()}</span> <code>${path}</code>`,
      );
    }
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|@import|url\(/i);
    expect(html).not.toMatch(/href="(https?:)?\/\//);
    expect(html).toContain('href="openapi.json"');
  });

  it('escapes text from the route table and shows fields with their rules', () => {
    // Act
    const html = renderApiReference(document, 'openapi.json');

    // Assert
    expect(html).toContain('Start a &lt;widget&gt; &amp; more');
    expect(html).not.toContain('<widget>');
    expect(html).toMatch(
      /<code>name<\/code><\/td><td>string<\/td><td>required<\/td><td>at least 1 character/,
    );
    expect(html).toContain('<code>tags</code></td><td>array of string</td>');
  });
});

describe('the OpenAPI and docs handlers', () => {
  it('serve the document as JSON and the reference as HTML on public routes', async () => {
    // Arrange
    const headers = [['Host', 'api.example.com']] as const;

    // Act
    const spec = await openApiHandler(
      proxyEvent({ path: '/v1/openapi.json', headers }),
      createLambdaContext('get-openapi'),
    );
    const page = await docsHandler(
      proxyEvent({ path: '/v1/docs', headers }),
      createLambdaContext('get-api-docs'),
    );

    // Assert
    expect(spec.statusCode).toBe(200);
    expect(JSON.parse(spec.body)).toMatchObject({
      openapi: '3.1.0',
      servers: [{ url: 'https://api.example.com' }],
    });
    expect(page.statusCode).toBe(200);
    expect(page.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toMatch(/^<!doctype html>/);
  });
});
