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
    {
      id: 'get-execution',
      entry: 'functions/api/get-execution.ts',
      description: "GET /v1/executions/{executionId}: a workflow execution's status, outcome or error",
      // The creator (or other business entity) tells a running execution that waits for a review.
      tableActions: ['dynamodb:GetItem'],
      readsExecutions: [
        'creator-onboarding',
        'seller-authorization',
        'campaign-launch',
        'violation-handling',
        'weekly-partner-report',
        'seller-notification',
      ],
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
    {
      method: 'GET',
      path: '/v1/executions/{executionId}',
      functionId: 'get-execution',
      roles: ['partner', 'manager', 'ops'],
      summary: "A workflow execution's status (WAITING_FOR_REVIEW while a manager decides), outcome or error",
    },
  ],
  workflows: [],
  schedules: [],
};
