import { LOCAL_REGION, localStateMachineArn, stateMachineArnVariable } from '#catalog/naming.ts';
import type { FunctionSpec, WorkflowSpec } from '#catalog/types.ts';

export const DEFAULT_SENDER_EMAIL = 'no-reply@partnerflow.local';

export interface RuntimeEndpoints {
  readonly api: string;
  readonly dynamodb: string;
  readonly ses: string;
  readonly sfn: string;
  /** The TikTok Shop stand-in, both hosts of the Open API (auth and API) in one. */
  readonly tiktok?: string;
}

/**
 * The variables a process needs to use the local runtime as if it were AWS: the SDK's own region, dummy
 * credentials and endpoint variables (so handler code has no "if local" branch), plus what the functions read.
 * Two functions asking for different values of one variable is an error: in-process they share one environment.
 */
export function runtimeEnvironment(options: {
  endpoints: RuntimeEndpoints;
  tableName: string;
  senderEmail: string;
  functions: readonly FunctionSpec[];
  workflows: readonly Pick<WorkflowSpec, 'name'>[];
  /** Values the deployed stack would supply as secrets (see secrets.ts). */
  secrets?: Readonly<Record<string, string>>;
  /** The key file that wraps data keys locally, where the stack passes a KMS key (TOKEN_KEY_ARN). */
  tokenKeyFile?: string;
}): Record<string, string> {
  const fromFunctions: Record<string, { value: string; functionId: string }> = {};
  for (const fn of options.functions) {
    for (const [name, value] of Object.entries(fn.environment ?? {})) {
      const earlier = fromFunctions[name];
      if (earlier !== undefined && earlier.value !== value) {
        throw new Error(
          `Functions ${earlier.functionId} and ${fn.id} set ${name} to different values; ` +
            'the local runtime runs them in one process with one environment',
        );
      }
      fromFunctions[name] = { value, functionId: fn.id };
    }
  }
  const environment: Record<string, string> = {};
  for (const [name, { value }] of Object.entries(fromFunctions)) environment[name] = value;
  for (const workflow of options.workflows) {
    environment[stateMachineArnVariable(workflow.name)] = localStateMachineArn(workflow.name);
  }
  return {
    ...environment,
    ...options.secrets,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: options.endpoints.dynamodb,
    AWS_ENDPOINT_URL_SFN: options.endpoints.sfn,
    AWS_ENDPOINT_URL_SES: options.endpoints.ses,
    TABLE_NAME: options.tableName,
    SENDER_EMAIL: options.senderEmail,
    API_BASE_URL: options.endpoints.api,
    ...(options.endpoints.tiktok === undefined
      ? {}
      : {
          TIKTOK_SHOP_API_URL: options.endpoints.tiktok,
          TIKTOK_SHOP_AUTH_URL: options.endpoints.tiktok,
          PARTNERFLOW_TIKTOK_URL: options.endpoints.tiktok,
        }),
    ...(options.tokenKeyFile === undefined ? {} : { TOKEN_KEY_FILE: options.tokenKeyFile }),
  };
}

/** Sets variables on `process.env` and returns a function that puts back exactly what was there before. */
export function applyEnvironment(variables: Readonly<Record<string, string>>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(variables)) {
    if (!previous.has(name)) previous.set(name, process.env[name]);
    process.env[name] = value;
  }
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
