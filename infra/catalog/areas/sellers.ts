import type { AreaSpec } from '#catalog/area.ts';
import type { FunctionSpec } from '#catalog/types.ts';
import { sellerListQuerySchema, startAuthorizationBodySchema } from '#functions/sellers/schemas.ts';

const TIKTOK_SECRETS = ['TIKTOK_APP_KEY', 'TIKTOK_APP_SECRET'] as const;
/** A TikTok call may retry 429/5xx with backoff (up to ~4 s) on top of a 5 s request timeout per attempt. */
const TIKTOK_TIMEOUT_SECONDS = 30;

const step = (
  id: string,
  file: string,
  description: string,
  spec: Partial<FunctionSpec> = {},
): FunctionSpec => ({ id, entry: `functions/sellers/${file}.ts`, description, ...spec });

/** Seller authorization (TSP): the API, the authorization and refresh workflow, and TikTok Shop's webhooks. */
export const sellers: AreaSpec = {
  functions: [
    {
      id: 'start-seller-authorization',
      entry: 'functions/sellers/api/start-authorization.ts',
      description: 'POST /v1/sellers/authorizations: validates, seals the auth code, starts the workflow',
      // Get/Put/Update/Delete also serve the Idempotency-Key records; DeleteItem undoes a request that failed to start.
      tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      tokenKey: ['encrypt'],
      startsWorkflows: ['seller-authorization'],
      // Before undoing a failed start: did Step Functions accept it after all (a time-out after the fact)?
      readsExecutions: ['seller-authorization'],
    },
    {
      id: 'get-seller',
      entry: 'functions/sellers/api/get-seller.ts',
      description: 'GET /v1/sellers/{sellerId}',
      tableActions: ['dynamodb:GetItem'],
    },
    {
      id: 'list-sellers',
      entry: 'functions/sellers/api/list-sellers.ts',
      description: 'GET /v1/sellers',
      tableActions: ['dynamodb:Query', 'dynamodb:BatchGetItem'],
    },
    {
      id: 'receive-tiktok-shop-webhook',
      entry: 'functions/sellers/api/tiktok-webhook.ts',
      description:
        'POST /v1/webhooks/tiktok-shop: checks the signature, hands the notification to its workflow',
      secrets: TIKTOK_SECRETS,
      startsWorkflows: ['seller-notification'],
      // Signature check and one StartExecution: milliseconds, far inside TikTok's 3-second budget.
      timeoutSeconds: 5,
    },
    step(
      'seller-auth-validate',
      'tasks/validate-authorization',
      'Re-checks the request, resolves the partner',
      {
        tableActions: ['dynamodb:GetItem'],
      },
    ),
    step(
      'seller-auth-exchange-code',
      'tasks/exchange-auth-code',
      'Exchanges the auth code at TikTok Shop and seals the pair',
      {
        tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
        tokenKey: ['encrypt', 'decrypt'],
        secrets: TIKTOK_SECRETS,
        timeoutSeconds: TIKTOK_TIMEOUT_SECONDS,
      },
    ),
    step('seller-auth-get-shop', 'tasks/get-authorized-shop', 'Gets the authorized shop (and its cipher)', {
      tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      tokenKey: ['decrypt'],
      secrets: TIKTOK_SECRETS,
      timeoutSeconds: TIKTOK_TIMEOUT_SECONDS,
    }),
    step(
      'seller-auth-store-tokens',
      'tasks/store-seller-tokens',
      "Claims the shop and makes the pending pair the seller's",
      {
        tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      },
    ),
    step(
      'seller-auth-activate',
      'tasks/activate-seller-services',
      'Makes the seller ACTIVE with its services',
      {
        tableActions: ['dynamodb:UpdateItem', 'dynamodb:PutItem'],
      },
    ),
    step(
      'seller-auth-send-confirmation',
      'tasks/send-confirmation-emails',
      'Confirms the authorization to the seller and the managers',
      { sendsEmail: true },
    ),
    step(
      'seller-auth-record-failure',
      'tasks/record-authorization-failure',
      'Records a rejected authorization and cleans up',
      {
        tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem'],
      },
    ),
    step(
      'seller-auth-request-reauthorization',
      'tasks/send-reauthorization-request',
      'Asks the seller to authorize again',
      { sendsEmail: true },
    ),
    step(
      'seller-auth-record-outcome',
      'tasks/record-authorization-outcome',
      "Counts the outcome once in the partner's weekly metrics",
      { tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'] },
    ),
    step(
      'seller-auth-compensate',
      'tasks/compensate-failed-authorization',
      'After a failure: the new seller FAILED, nothing left behind',
      {
        tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem'],
      },
    ),
    step('seller-token-plan-refresh', 'tasks/plan-token-refresh', 'Decides when to refresh, or to stop', {
      tableActions: ['dynamodb:GetItem'],
    }),
    step(
      'seller-token-refresh',
      'tasks/refresh-access-token',
      'Refreshes the pair; one version-checked write',
      {
        tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        tokenKey: ['encrypt', 'decrypt'],
        secrets: TIKTOK_SECRETS,
        timeoutSeconds: TIKTOK_TIMEOUT_SECONDS,
      },
    ),
    step(
      'seller-token-mark-reauth-required',
      'tasks/mark-reauth-required',
      'REAUTH_REQUIRED after a refused refresh; emails seller and managers',
      {
        tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
        sendsEmail: true,
      },
    ),
    step(
      'seller-notification-deauthorize',
      'notifications/handle-deauthorization',
      'Webhook type 6: REVOKED, tokens deleted, campaigns paused',
      {
        // Query + BatchGetItem: the seller's campaigns (functions/sellers/campaign-hooks.ts pauses them).
        tableActions: [
          'dynamodb:GetItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:PutItem',
          'dynamodb:Query',
          'dynamodb:BatchGetItem',
        ],
        sendsEmail: true,
      },
    ),
    step(
      'seller-notification-expiring',
      'notifications/handle-expiring-authorization',
      'Webhook type 7: daily re-authorization request',
      { tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], sendsEmail: true },
    ),
    step(
      'seller-notification-order',
      'notifications/record-order-status',
      'Webhook type 1: order events and affiliate GMV',
      { tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'] },
    ),
  ],
  routes: [
    {
      method: 'POST',
      path: '/v1/sellers/authorizations',
      functionId: 'start-seller-authorization',
      roles: ['partner'],
      summary:
        "Authorize a seller's shop with its TikTok Shop auth code (202 with the execution id; Idempotency-Key supported; `sellerId` renews an existing seller)",
      requestBody: startAuthorizationBodySchema,
      successStatus: 202,
      idempotency: 'key',
    },
    {
      method: 'GET',
      path: '/v1/sellers/{sellerId}',
      functionId: 'get-seller',
      roles: ['partner', 'manager', 'ops'],
      summary: 'Get one seller: status, services, token expiry times (never a token)',
    },
    {
      method: 'GET',
      path: '/v1/sellers',
      functionId: 'list-sellers',
      roles: ['partner', 'manager', 'ops'],
      summary: "List the partner's sellers, newest first, by status",
      query: sellerListQuerySchema,
    },
    {
      method: 'POST',
      path: '/v1/webhooks/tiktok-shop',
      functionId: 'receive-tiktok-shop-webhook',
      roles: 'public',
      summary:
        "TikTok Shop's webhooks (signed with the app secret in `Authorization`; processed asynchronously, each notification once)",
      // TikTok sends no Idempotency-Key; it redelivers for ~15 h under the same notification id.
      idempotency: {
        businessKey:
          'tts_notification_id: the notification execution is named after it, so a redelivery is answered 200 and not processed again',
      },
    },
  ],
  workflows: [
    {
      name: 'seller-authorization',
      definitionFile: 'workflows/seller-authorization.asl.json',
      description: 'Exchange the code, get the shop, store tokens sealed, activate, confirm; refresh cycles',
      functionIds: [
        'seller-auth-validate',
        'seller-auth-exchange-code',
        'seller-auth-get-shop',
        'seller-auth-store-tokens',
        'seller-auth-activate',
        'seller-auth-send-confirmation',
        'seller-auth-record-failure',
        'seller-auth-request-reauthorization',
        'seller-auth-record-outcome',
        'seller-auth-compensate',
        'seller-token-plan-refresh',
        'seller-token-refresh',
        'seller-token-mark-reauth-required',
      ],
      // A refresh cycle waits at most 30 days (refresh-schedule.ts), plus retries during an outage.
      timeoutSeconds: 40 * 24 * 3600,
    },
    {
      name: 'seller-notification',
      definitionFile: 'workflows/seller-notification.asl.json',
      description: 'Process one TikTok Shop webhook: deauthorization, expiring authorization, order status',
      functionIds: [
        'seller-notification-deauthorize',
        'seller-notification-expiring',
        'seller-notification-order',
      ],
      timeoutSeconds: 3600,
    },
  ],
  schedules: [],
};
