import { randomUUID } from 'node:crypto';
import {
  DeleteItemCommand,
  type DeleteItemCommandInput,
  type DynamoDBClient,
  DynamoDBServiceException,
  GetItemCommand,
  type GetItemCommandInput,
  PutItemCommand,
  type PutItemCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { dataText } from '#local/sfn/history.ts';
import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
  replaceInStrings,
  stringMember,
  toJsonValue,
} from '#local/sfn/json.ts';
import type { NewEvent } from '#local/sfn/model.ts';
import type { DynamoDbAction, Integration } from '#local/sfn/resources.ts';
import { type HeartbeatOptions, TaskFailure, type TaskTokens } from '#local/sfn/tokens.ts';

/**
 * What each Task integration does locally and what it returns, shaped like AWS's answer for that integration.
 * Failures are thrown as TaskFailure: `name` is the error Retry/Catch match, `message` the cause.
 */

/** Stands in for `$$.Task.Token` in the run's context; each callback task swaps it for a freshly minted token. */
export const TASK_TOKEN_PLACEHOLDER = 'partnerflow-task-token-placeholder-7d1c0b9e';

export interface StartedExecution {
  readonly executionArn: string;
  readonly startDate: number;
}

/** The outside world a task can reach. */
export interface IntegrationServices {
  readonly invokeFunction: (functionNameOrArn: string, payload: unknown) => Promise<unknown>;
  readonly dynamodb: () => DynamoDBClient;
  readonly tokens: TaskTokens;
  /** Starts a local execution; throws the StartExecution API's error (a ServiceError) when it cannot. */
  readonly startExecution: (
    stateMachineArn: string,
    name: string | undefined,
    input: string,
  ) => StartedExecution;
}

/** One attempt at one Task state. */
export interface TaskAttempt {
  readonly executionArn: string;
  readonly stateName: string;
  /** Aborted when the attempt is over (it settled, timed out, or the execution ended). */
  readonly signal: AbortSignal;
  readonly heartbeat?: HeartbeatOptions;
  record(event: NewEvent): void;
}

export interface PreparedTask {
  /** The parameters as TaskScheduled shows them (a callback task's with its real token). */
  readonly parameters: JsonValue;
  run(): Promise<JsonValue>;
}

/** Binds a Task's resolved Parameters (or input) to its integration, ready to run. */
export function prepareTask(
  integration: Integration,
  input: JsonValue,
  attempt: TaskAttempt,
  services: IntegrationServices,
): PreparedTask {
  switch (integration.kind) {
    case 'lambda-invoke':
      return { parameters: input, run: async () => lambdaInvokeResult(await invokeLambda(input, services)) };
    case 'lambda-invoke-callback':
      return prepareCallback(integration, input, attempt, services);
    case 'lambda-function':
      return { parameters: input, run: () => invokeFunction(integration.functionArn, input, services) };
    case 'dynamodb':
      return { parameters: input, run: () => callDynamoDb(integration.action, input, services) };
    case 'start-execution':
      return { parameters: input, run: async () => startExecution(input, services) };
  }
}

function prepareCallback(
  integration: Extract<Integration, { kind: 'lambda-invoke-callback' }>,
  input: JsonValue,
  attempt: TaskAttempt,
  services: IntegrationServices,
): PreparedTask {
  const minted = services.tokens.mint(attempt.executionArn, attempt.heartbeat);
  attempt.signal.addEventListener('abort', () => services.tokens.close(minted.token), { once: true });
  const parameters = replaceInStrings(input, TASK_TOKEN_PLACEHOLDER, minted.token);
  return {
    parameters,
    run: async () => {
      const submitted = lambdaInvokeResult(await invokeLambda(parameters, services));
      attempt.record({
        type: 'TaskSubmitted',
        taskSubmittedEventDetails: {
          resourceType: integration.resourceType,
          resource: integration.resource,
          output: dataText(submitted),
          outputDetails: { truncated: false },
        },
      });
      return minted.outcome;
    },
  };
}

async function invokeLambda(parameters: JsonValue, services: IntegrationServices): Promise<JsonValue> {
  const functionName = isJsonObject(parameters) ? stringMember(parameters, 'FunctionName') : undefined;
  if (functionName === undefined) {
    throw new TaskFailure('States.Runtime', 'The lambda:invoke Parameters have no FunctionName');
  }
  const payload = isJsonObject(parameters) ? (parameters.Payload ?? {}) : {};
  return invokeFunction(functionName, payload, services);
}

async function invokeFunction(
  functionNameOrArn: string,
  payload: JsonValue,
  services: IntegrationServices,
): Promise<JsonValue> {
  try {
    return toJsonValue(await services.invokeFunction(functionNameOrArn, payload));
  } catch (error) {
    throw lambdaFailure(error);
  }
}

/** A function's error as Step Functions reports it: the errorType, and Lambda's error document as the cause. */
function lambdaFailure(error: unknown): TaskFailure {
  const errorType = error instanceof Error && error.name !== '' ? error.name : 'Error';
  const errorMessage = error instanceof Error ? error.message : String(error);
  const trace = error instanceof Error ? (error.stack?.split('\n') ?? []) : [];
  return new TaskFailure(errorType, JSON.stringify({ errorType, errorMessage, trace }));
}

function sdkMetadata(requestId: string, contentType: string): JsonObject {
  return {
    SdkHttpMetadata: {
      AllHttpHeaders: { 'Content-Type': [contentType], 'x-amzn-RequestId': [requestId] },
      HttpHeaders: { 'Content-Type': contentType, 'x-amzn-RequestId': requestId },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
  };
}

/** What `arn:aws:states:::lambda:invoke` returns: the function's answer wrapped as the Invoke API's response. */
function lambdaInvokeResult(payload: JsonValue): JsonObject {
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    ...sdkMetadata(randomUUID(), 'application/json'),
    StatusCode: 200,
  };
}

async function callDynamoDb(action: DynamoDbAction, parameters: JsonValue, services: IntegrationServices) {
  const client = services.dynamodb();
  try {
    const { $metadata, ...output } = await sendDynamoDb(client, action, parameters);
    return toJsonValue({
      ...output,
      ...sdkMetadata($metadata.requestId ?? randomUUID(), 'application/x-amz-json-1.0'),
    });
  } catch (error) {
    throw dynamoDbFailure(error);
  }
}

// Parameters are DynamoDB JSON exactly as the API takes it; the SDK validates them on send.
function sendDynamoDb(client: DynamoDBClient, action: DynamoDbAction, parameters: JsonValue) {
  switch (action) {
    case 'getItem':
      return client.send(new GetItemCommand(parameters as unknown as GetItemCommandInput));
    case 'putItem':
      return client.send(new PutItemCommand(parameters as unknown as PutItemCommandInput));
    case 'updateItem':
      return client.send(new UpdateItemCommand(parameters as unknown as UpdateItemCommandInput));
    case 'deleteItem':
      return client.send(new DeleteItemCommand(parameters as unknown as DeleteItemCommandInput));
  }
}

/** `DynamoDB.<ExceptionName>` with a cause in the form AWS writes it. */
function dynamoDbFailure(error: unknown): TaskFailure {
  const name = error instanceof Error && error.name !== 'Error' ? error.name : 'AmazonDynamoDBException';
  const message = error instanceof Error ? error.message : String(error);
  const metadata = error instanceof DynamoDBServiceException ? error.$metadata : undefined;
  const cause =
    `${message} (Service: DynamoDb, Status Code: ${metadata?.httpStatusCode ?? 400}, ` +
    `Request ID: ${metadata?.requestId ?? randomUUID()})`;
  return new TaskFailure(`DynamoDB.${name}`, cause);
}

function startExecution(parameters: JsonValue, services: IntegrationServices): JsonValue {
  const stateMachineArn = isJsonObject(parameters) ? stringMember(parameters, 'StateMachineArn') : undefined;
  if (!isJsonObject(parameters) || stateMachineArn === undefined) {
    throw new TaskFailure('States.Runtime', 'The states:startExecution Parameters have no StateMachineArn');
  }
  const input = parameters.Input;
  const inputText = typeof input === 'string' ? input : JSON.stringify(input ?? {});
  try {
    const started = services.startExecution(stateMachineArn, stringMember(parameters, 'Name'), inputText);
    return {
      ExecutionArn: started.executionArn,
      StartDate: new Date(started.startDate).toISOString(),
      ...sdkMetadata(randomUUID(), 'application/x-amz-json-1.0'),
    };
  } catch (error) {
    const type = error instanceof Error ? error.name : 'SfnException';
    const message = error instanceof Error ? error.message : String(error);
    throw new TaskFailure(`StepFunctions.${type.replace(/Exception$/, '')}Exception`, message);
  }
}
