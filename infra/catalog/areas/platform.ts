import type { AreaSpec } from '#catalog/area.ts';

/** Cross-cutting routes and functions: authentication, execution status, the API's own description. */
export const platform: AreaSpec = {
  functions: [
    {
      id: 'api-authorizer',
      entry: 'functions/api/authorizer.ts',
      description: 'Authenticates API keys (hash lookup) for every non-public route',
      tableActions: ['dynamodb:GetItem'],
    },
    {
      id: 'get-openapi',
      entry: 'functions/api/openapi.ts',
      description: 'GET /v1/openapi.json: the OpenAPI 3.1 document generated from the route table',
    },
    {
      id: 'get-api-docs',
      entry: 'functions/api/docs.ts',
      description: 'GET /v1/docs: the API reference page rendered from the same document',
    },
  ],
  routes: [
    {
      method: 'GET',
      path: '/v1/openapi.json',
      functionId: 'get-openapi',
      roles: 'public',
      summary: 'The OpenAPI 3.1 description of this API',
    },
    {
      method: 'GET',
      path: '/v1/docs',
      functionId: 'get-api-docs',
      roles: 'public',
      summary: 'A readable reference of this API (HTML)',
    },
  ],
  workflows: [],
  schedules: [],
};
