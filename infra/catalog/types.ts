import type { $ZodType } from 'zod/v4/core';

export type Role = 'partner' | 'manager' | 'ops';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Table actions a function may be granted; least privilege is declared per function. */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Query'
  | 'dynamodb:Scan'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:BatchWriteItem';

export type WorkflowName =
  | 'creator-onboarding'
  | 'seller-authorization'
  | 'campaign-launch'
  | 'violation-handling'
  | 'weekly-partner-report'
  /** TikTok Shop webhooks, processed after the webhook has answered (functions/sellers/notifications/). */
  | 'seller-notification';

/** Secrets a function needs; the stack stores each in Secrets Manager, the local runtime generates them. */
export type SecretName =
  | 'REVIEW_LINK_SECRET'
  /** The TikTok Shop app's key and secret from Partner Center (functions/lib/tiktok/credentials.ts). */
  | 'TIKTOK_APP_KEY'
  | 'TIKTOK_APP_SECRET';

/**
 * Envelope encryption under the seller token key (functions/lib/crypto/envelope.ts): `encrypt` may create data
 * keys (kms:GenerateDataKey), `decrypt` may unwrap them (kms:Decrypt). The stack grants exactly these.
 */
export type TokenKeyAccess = 'encrypt' | 'decrypt';

/** A Lambda function: the CDK app bundles `entry` (infra/bundling.ts), the local runtime imports it in-process. */
export interface FunctionSpec {
  /** kebab-case id; the ASL placeholder is `${<PascalCaseId>FunctionArn}`. */
  readonly id: string;
  /** Path from the repository root to the module exporting `handler`. */
  readonly entry: string;
  readonly description: string;
  /** Default 256. */
  readonly memoryMb?: number;
  /** Default 10. */
  readonly timeoutSeconds?: number;
  readonly tableActions?: readonly TableAction[];
  readonly sendsEmail?: boolean;
  readonly startsWorkflows?: readonly WorkflowName[];
  /** DescribeExecution / GetExecutionHistory on these workflows. */
  readonly readsExecutions?: readonly WorkflowName[];
  /** SendTaskSuccess / SendTaskFailure on these workflows. */
  readonly completesTasksOf?: readonly WorkflowName[];
  /** StopExecution on executions of these workflows (cancelling a campaign stops its launch). */
  readonly stopsExecutionsOf?: readonly WorkflowName[];
  /** Secrets loaded at cold start (functions/lib/secrets.ts); the stack grants read on exactly these. */
  readonly secrets?: readonly SecretName[];
  /** Seals or opens seller credentials with data keys of the token key; the stack passes TOKEN_KEY_ARN. */
  readonly tokenKey?: readonly TokenKeyAccess[];
  /** Extra environment variables (beyond TABLE_NAME, SENDER_EMAIL, workflow ARNs). */
  readonly environment?: Readonly<Record<string, string>>;
}

/** An API route, declared once: CDK builds API Gateway from it, the local API server routes by it. */
export interface RouteSpec {
  readonly method: HttpMethod;
  /** API Gateway path with `{param}` segments, e.g. `/v1/creators/{creatorId}`. */
  readonly path: string;
  readonly functionId: string;
  /** Roles allowed; `public` routes skip the API key authorizer (the handler authenticates). */
  readonly roles: readonly Role[] | 'public';
  readonly summary: string;
  readonly requestBody?: $ZodType;
  /** How `requestBody` is sent; default `application/json`. HTML forms post `application/x-www-form-urlencoded`. */
  readonly requestContentType?: 'application/json' | 'application/x-www-form-urlencoded';
  readonly query?: $ZodType;
  readonly successStatus?: number;
  readonly response?: $ZodType;
  /**
   * How a repeated request is made harmless; every POST route declares it (test/unit/catalog-idempotency.test.ts).
   * `'key'`: the handler honours the `Idempotency-Key` header (functions/lib/http/idempotency.ts
   * `withIdempotencyKey`): the same key and body replay the first answer for 24 h, another body answers 422.
   * `{ businessKey }`: the route cannot use keys (a public HTML form, a webhook) and says which business key
   * makes a repeat harmless instead.
   */
  readonly idempotency?: RouteIdempotency;
}

export type RouteIdempotency = 'key' | { readonly businessKey: string };

export interface WorkflowSpec {
  readonly name: WorkflowName;
  /** Path from the repository root. */
  readonly definitionFile: string;
  readonly description: string;
  /** Function ids the definition invokes (placeholders it needs). */
  readonly functionIds: readonly string[];
  /** Whole-execution timeout; also the alarm horizon. */
  readonly timeoutSeconds: number;
}

export interface ScheduleSpec {
  readonly id: string;
  readonly description: string;
  /** EventBridge Scheduler cron expression body, e.g. `0 8 ? * MON *`, evaluated in `timezone`. */
  readonly cron: string;
  readonly timezone: string;
  readonly target: { readonly workflow: WorkflowName; readonly input: Readonly<Record<string, unknown>> };
}
