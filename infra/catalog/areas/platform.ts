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
  ],
  routes: [],
  workflows: [],
  schedules: [],
};
