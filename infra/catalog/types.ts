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
  | 'weekly-partner-report';

/** Secrets a function needs; the stack stores each in Secrets Manager, the local runtime generates them. */
export type SecretName = 'REVIEW_LINK_SECRET';

/** A Lambda function: the CDK app bundles `entry` with NodejsFunction, the local runtime imports it in-process. */
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
  /** Secrets loaded at cold start (functions/lib/secrets.ts); the stack grants read on exactly these. */
  readonly secrets?: readonly SecretName[];
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
}

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
