import '#local/polyfills.ts';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CompiledMachine, engineTimeoutErrorClass } from '#local/sfn/engine.ts';
import { ExecutionManager } from '#local/sfn/executions.ts';
import { createOperations } from '#local/sfn/operations.ts';
import { listen } from '#local/sfn/server.ts';
import { ExecutionStore } from '#local/sfn/store.ts';
import { TaskTokens } from '#local/sfn/tokens.ts';

export interface LocalStateMachine {
  readonly name: string;
  readonly arn: string;
  /** ASL JSON text, placeholders already substituted */
  readonly definition: string;
}

export interface TimeOverrides {
  /** Multiply every Wait duration, task TimeoutSeconds and retry interval by this (default 1). */
  readonly timeScale?: number;
  /** Per state name: a Wait state's duration in ms (any Wait kind: Seconds, SecondsPath, Timestamp, TimestampPath). */
  readonly waitMs?: Readonly<Record<string, number>>;
  /** Per state name: a Task's timeout in ms (overrides its TimeoutSeconds). */
  readonly taskTimeoutMs?: Readonly<Record<string, number>>;
}

export interface StepFunctionsServiceOptions {
  readonly host?: string; // default 127.0.0.1
  readonly port: number; // 0 = ephemeral
  readonly dataDir: string; // executions + history persisted here (JSON files); created if missing
  readonly machines: readonly LocalStateMachine[];
  /** Invokes a Lambda by the FunctionName in the task's Parameters (a full ARN or a name). Rejects with an Error whose `name` is the Lambda errorType. */
  readonly invokeFunction: (functionNameOrArn: string, payload: unknown) => Promise<unknown>;
  readonly time?: TimeOverrides;
}

export interface StepFunctionsService {
  readonly url: string;
  readonly port: number;
  /** stops timers, marks nothing; persists state */
  close(): Promise<void>;
  /** change time overrides at run time (tests) */
  setTimeOverrides(time: TimeOverrides): void;
}

/**
 * Starts the local Step Functions service: the given machines (validated once, a load error names the state
 * and resource it cannot run), the executions found in `dataDir` (those that were running are marked FAILED
 * with `PartnerFlow.RuntimeRestarted`, ready to be redriven), and the Step Functions API over HTTP.
 */
export async function startStepFunctionsService(
  options: StepFunctionsServiceOptions,
): Promise<StepFunctionsService> {
  const machines = options.machines.map((machine) => new CompiledMachine(machine));
  const timeoutError = await engineTimeoutErrorClass();
  const { store, executions } = await ExecutionStore.open(options.dataDir);
  const tokens = new TaskTokens();
  let time: TimeOverrides = options.time ?? {};
  // Built on first use, so it reads AWS_ENDPOINT_URL_DYNAMODB and friends as they are when a task runs.
  let dynamodb: DynamoDBClient | undefined;
  const manager = new ExecutionManager(
    {
      machines: new Map(machines.map((machine) => [machine.arn, machine])),
      store,
      tokens,
      timeoutError,
      time: () => time,
      invokeFunction: options.invokeFunction,
      dynamodb: () => {
        dynamodb ??= new DynamoDBClient({});
        return dynamodb;
      },
    },
    executions,
  );
  const operations = createOperations(manager, machines, tokens);
  const server = await listen(options.host ?? '127.0.0.1', options.port, operations).catch(
    async (error: unknown) => {
      manager.shutdown();
      await store.close();
      throw error;
    },
  );
  let closing: Promise<void> | undefined;
  return {
    url: server.url,
    port: server.port,
    close: () => {
      closing ??= (async () => {
        await server.close();
        manager.shutdown();
        tokens.shutdown();
        await store.close();
        dynamodb?.destroy();
      })();
      return closing;
    },
    setTimeOverrides: (next) => {
      time = next;
    },
  };
}
