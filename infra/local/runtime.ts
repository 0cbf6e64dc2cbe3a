import '#local/polyfills.ts';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { AUTHORIZER_FUNCTION_ID, functions, routes, schedules, workflows } from '#catalog/index.ts';
import { LOCAL_REGION, localStateMachineArn } from '#catalog/naming.ts';
import { DEFAULT_TABLE_NAME, table } from '#catalog/table.ts';
import { lockDataFolder } from '#local/data-lock.ts';
import { ensureTable, startDynalite } from '#local/dynamodb.ts';
import { applyEnvironment, DEFAULT_SENDER_EMAIL, runtimeEnvironment } from '#local/environment.ts';
import {
  createFaultInjection,
  type FaultControl,
  type FaultSetting,
  faultSettingFromEnvironment,
} from '#local/faults/index.ts';
import { functionIdFromNameOrArn } from '#local/function-ids.ts';
import { createHealthCheck, type HealthReport, healthRoute } from '#local/health.ts';
import { trackInvocations } from '#local/lambda/in-flight.ts';
import { enforceDeclaredTableActions } from '#local/lambda/table-permissions.ts';
import {
  assertPortFree,
  DEFAULT_PORTS,
  explainListenError,
  type RuntimePorts,
  type ServiceKey,
} from '#local/ports.ts';
import { type LocalScheduler, startScheduler } from '#local/scheduler.ts';
import { localSecrets } from '#local/secrets.ts';
import { startSes } from '#local/ses.ts';
import { startTikTokStandIn, type TikTokStandIn } from '#local/tiktok/server.ts';
import { localTokenKeyFile } from '#local/token-key.ts';
import { loadLocalStateMachines } from '#local/workflows.ts';

type StepFunctionsModule = typeof import('#local/sfn/service.ts');
/** The running local Step Functions service (see infra/local/sfn/service.ts). */
export type StepFunctionsService = Awaited<ReturnType<StepFunctionsModule['startStepFunctionsService']>>;
/** Time compression for workflows: a time scale, and per-state Wait and task time-out overrides. */
export type WorkflowTimeOverrides = NonNullable<
  Parameters<StepFunctionsModule['startStepFunctionsService']>[0]['time']
>;

export const DEFAULT_DATA_DIR = '.partnerflow';
/** The longest stopping waits for in-flight invocations (most end within their function's few-second timeout). */
const DRAIN_TIMEOUT_MS = 15_000;
export const DEFAULT_HOST = '127.0.0.1';

export interface LocalRuntimeOptions {
  /** Where DynamoDB and Step Functions persist. Default: PARTNERFLOW_DATA_DIR, else `.partnerflow/`. */
  readonly dataDir?: string;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default api 3000, dynamodb 8000, ses 8005, sfn 8083, tiktok 8090; 0 picks a free (ephemeral) port. */
  readonly ports?: Partial<RuntimePorts>;
  /** Passed to the Step Functions service. */
  readonly time?: WorkflowTimeOverrides;
  /** Arm the schedule timers (default true); when off, `triggerSchedule` still starts a schedule's workflow. */
  readonly schedules?: boolean;
  /** Default TABLE_NAME, else the catalog's default. */
  readonly tableName?: string;
  /** Default SENDER_EMAIL, else no-reply@partnerflow.local. */
  readonly senderEmail?: string;
  /** Where the runtime reports what it does; default stdout. */
  readonly log?: (line: string) => void;
  /**
   * Fault injection (infra/local/faults/): `true` to allow setting faults at run time, or rules (data, or text
   * in the compact syntax, `@file` to read one). Default PARTNERFLOW_FAULTS; off when neither is set.
   */
  readonly faults?: FaultSetting;
}

export interface RuntimeUrls {
  readonly api: string;
  readonly dynamodb: string;
  /** SDK endpoint; its `/` shows the captured emails. */
  readonly ses: string;
  readonly sfn: string;
  /** The TikTok Shop Open API stand-in (both its auth and API hosts). */
  readonly tiktok: string;
}

export interface LocalRuntime {
  readonly urls: RuntimeUrls;
  /** The ports actually bound (ephemeral ones resolved); dynamodb is the external endpoint's when one was given. */
  readonly ports: Readonly<Record<keyof RuntimeUrls, number>>;
  /** Absolute path of the data folder. */
  readonly dataDir: string;
  readonly tableName: string;
  /** True when AWS_ENDPOINT_URL_DYNAMODB pointed at another DynamoDB, so no dynalite was started. */
  readonly externalDynamoDb: boolean;
  /** What a client process (the CLI, a script, a test's child process) needs in its environment. */
  readonly env: Readonly<Record<string, string>>;
  readonly sfn: StepFunctionsService;
  /** The TikTok Shop stand-in: mint auth codes, arm failures, push signed webhooks (infra/local/tiktok/). */
  readonly tiktok: TikTokStandIn;
  readonly scheduler: LocalScheduler;
  /** The fault rules in force, changeable at run time; undefined when the runtime started without fault injection. */
  readonly faults: FaultControl | undefined;
  /** Starts a schedule's workflow as if it fired at `at`; resolves with the execution ARN. */
  triggerSchedule(id: string, at: Date): Promise<string>;
  /** The same live report `GET /health` answers. */
  health(): Promise<HealthReport>;
  /** Closes everything in reverse order (api, scheduler, sfn, ses, dynalite) and restores process.env. */
  close(): Promise<void>;
}

interface Closer {
  readonly name: string;
  close(): Promise<void> | void;
}

const portFromUrl = (url: string) => Number(new URL(url).port || (url.startsWith('https') ? 443 : 80));

async function closeAll(closers: readonly Closer[], log: (line: string) => void): Promise<void> {
  let firstError: unknown;
  for (const closer of [...closers].reverse()) {
    try {
      await closer.close();
    } catch (error) {
      log(`Closing ${closer.name} failed: ${(error as Error).message}`);
      firstError ??= error;
    }
  }
  if (firstError !== undefined) throw firstError;
}

/** Starts with a translated listen error, so a taken port reads as the runtime's one-line message. */
async function listening<T>(
  service: ServiceKey,
  host: string,
  port: number,
  start: () => Promise<T>,
): Promise<T> {
  try {
    return await start();
  } catch (error) {
    throw explainListenError(service, host, port, error);
  }
}

/**
 * Starts PartnerFlow's AWS stand-ins in this process: DynamoDB (dynalite, persisted), SES, Step Functions
 * running the catalog's ASL files, the API and the scheduler, wired to call the Lambda handlers in-process.
 * On any failure it closes what it had started and rejects (a PortInUseError for a taken port, a
 * DataFolderInUseError when another runtime uses the data folder).
 */
export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const host = options.host ?? DEFAULT_HOST;
  const ports: RuntimePorts = { ...DEFAULT_PORTS, ...options.ports };
  const dataDir = resolve(options.dataDir ?? (process.env.PARTNERFLOW_DATA_DIR || DEFAULT_DATA_DIR));
  const tableName = options.tableName ?? (process.env.TABLE_NAME || DEFAULT_TABLE_NAME);
  const senderEmail = options.senderEmail ?? (process.env.SENDER_EMAIL || DEFAULT_SENDER_EMAIL);
  const externalDynamoDbUrl = process.env.AWS_ENDPOINT_URL_DYNAMODB || undefined;

  // Check every port first, so a taken one fails in milliseconds with nothing to undo.
  const toStart: ServiceKey[] =
    externalDynamoDbUrl === undefined
      ? ['dynamodb', 'ses', 'sfn', 'api', 'tiktok']
      : ['ses', 'sfn', 'api', 'tiktok'];
  for (const service of toStart) await assertPortFree(service, host, ports[service]);

  const closers: Closer[] = [];
  let restoreEnvironment = () => {};
  try {
    await mkdir(dataDir, { recursive: true });
    const unlockDataFolder = await lockDataFolder(dataDir);
    closers.push({ name: 'data folder lock', close: unlockDataFolder });
    const secrets = await localSecrets(dataDir);

    // DynamoDB: dynalite persisted under the data folder, unless another endpoint was given.
    let dynamodbUrl = externalDynamoDbUrl;
    if (dynamodbUrl === undefined) {
      const dynamo = await startDynalite({ host, port: ports.dynamodb, path: join(dataDir, 'dynamodb') });
      closers.push({ name: 'DynamoDB', close: () => dynamo.close() });
      dynamodbUrl = dynamo.url;
    }
    const tableClient = new DynamoDBClient({
      endpoint: dynamodbUrl,
      region: LOCAL_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      await ensureTable(tableClient, tableName, table);
    } finally {
      tableClient.destroy();
    }

    const ses = await startSes({ host, port: ports.ses });
    closers.push({ name: 'SES', close: () => ses.close() });

    // TikTok Shop: the stand-in knows the app's key and secret the functions get (the data folder's secrets).
    const tiktok = await listening('tiktok', host, ports.tiktok, () =>
      startTikTokStandIn({
        host,
        port: ports.tiktok,
        appKey: secrets.TIKTOK_APP_KEY ?? '',
        appSecret: secrets.TIKTOK_APP_SECRET ?? '',
        log,
      }),
    );
    closers.push({ name: 'TikTok Shop stand-in', close: () => tiktok.close() });
    const tokenKeyFile = await localTokenKeyFile(dataDir);

    // Off unless asked: proxies in front of the services the handlers call, a wrapper around invocations.
    const faults = createFaultInjection({
      host,
      setting: options.faults ?? faultSettingFromEnvironment(process.env),
      taskFunctionIds: [...new Set(workflows.flatMap((workflow) => workflow.functionIds))],
      log,
    });
    if (faults !== undefined) closers.push({ name: 'fault injection', close: () => faults.close() });

    // The Step Functions service binds its port before the environment can name it, and the API's URL is known
    // only once it listens; no handler module is loaded before the first invocation, which comes after both.
    const machines = await loadLocalStateMachines(tableName, functions, workflows);
    const sfnModule: StepFunctionsModule = await import('#local/sfn/service.ts');
    const { invokeLocalFunction } = await import('#local/lambda/invoke.ts');
    const invoke = faults === undefined ? invokeLocalFunction : faults.wrapInvoke(invokeLocalFunction);
    // Stopping lets in-flight invocations finish while the services they write to are still up.
    const taskInvocations = trackInvocations(invoke);
    const apiInvocations = trackInvocations(invoke);
    const sfnDataDir = join(dataDir, 'stepfunctions');
    await mkdir(sfnDataDir, { recursive: true });
    const sfn = await listening('sfn', host, ports.sfn, () =>
      sfnModule.startStepFunctionsService({
        host,
        port: ports.sfn,
        dataDir: sfnDataDir,
        machines,
        invokeFunction: (functionNameOrArn: string, payload: unknown) =>
          taskInvocations.invoke(functionIdFromNameOrArn(functionNameOrArn, functions), payload),
        ...(options.time === undefined ? {} : { time: options.time }),
      }),
    );
    closers.push({
      name: 'Step Functions',
      close: async () => {
        await sfn.close();
        await taskInvocations.settled(DRAIN_TIMEOUT_MS);
      },
    });

    const directEndpoints = { dynamodb: dynamodbUrl, ses: ses.url, sfn: sfn.url, tiktok: tiktok.url };
    // The handlers reach the services through the fault proxies when fault injection is on; clients directly.
    const handlerEndpoints =
      faults === undefined
        ? directEndpoints
        : {
            dynamodb: await faults.proxy('dynamodb', dynamodbUrl),
            ses: await faults.proxy('ses', ses.url),
            sfn: await faults.proxy('sfn', sfn.url),
            tiktok: await faults.proxy('tiktok', tiktok.url),
          };
    const baseEnvironment = (apiUrl: string, endpoints = directEndpoints) =>
      runtimeEnvironment({
        endpoints: { api: apiUrl, ...endpoints },
        tableName,
        senderEmail,
        functions,
        workflows,
        secrets,
        tokenKeyFile,
      });
    // Set before the API can receive a request (and so before any handler module is imported); API_BASE_URL is
    // corrected as soon as the API's port is known.
    restoreEnvironment = applyEnvironment(baseEnvironment('', handlerEndpoints));

    let scheduler: LocalScheduler | undefined;
    let apiUrl = '';
    const health = createHealthCheck({
      apiUrl: () => apiUrl,
      dynamodbUrl,
      tableName,
      sesUrl: ses.url,
      sfnUrl: sfn.url,
      scheduler: () =>
        scheduler === undefined
          ? undefined
          : { closed: scheduler.closed, armed: scheduler.armed, count: scheduler.scheduleIds.length },
    });
    closers.push({ name: 'health checks', close: () => health.close() });

    // Loaded only now, after the environment above: the functions' shared client must see the local endpoint.
    const { dynamodbClient } = await import('#lib/clients/dynamodb.ts');
    enforceDeclaredTableActions(dynamodbClient);
    const { startApiServer } = await import('#local/api/server.ts');
    const { consoleRoutes, firstMatching } = await import('#local/console/routes.ts');
    // Loaded only now: it builds the shared Step Functions client, which must see the local endpoint.
    const { executionNameFor } = await import('#lib/workflows/executions.ts');
    const opsConsole = consoleRoutes({
      sfnUrl: sfn.url,
      sesUrl: ses.url,
      invokeFunction: invokeLocalFunction,
      authorizerFunctionId: AUTHORIZER_FUNCTION_ID,
      workflows: workflows.map((workflow) => ({
        name: workflow.name,
        stateMachineArn: localStateMachineArn(workflow.name),
        executionSuffix: executionNameFor(workflow.name, '').slice(1),
      })),
    });
    const api = await listening('api', host, ports.api, () =>
      startApiServer({
        host,
        port: ports.api,
        routes,
        invokeFunction: apiInvocations.invoke,
        authorizerFunctionId: AUTHORIZER_FUNCTION_ID,
        extraRoutes: firstMatching(
          healthRoute(health.check),
          opsConsole,
          ...(faults === undefined ? [] : [faults.route]),
        ),
      }),
    );
    const apiCloser: Closer = {
      name: 'API',
      close: async () => {
        await api.close();
        await apiInvocations.settled(DRAIN_TIMEOUT_MS);
      },
    };
    closers.push(apiCloser);
    apiUrl = api.url;
    tiktok.setWebhookTarget(`${api.url}/v1/webhooks/tiktok-shop`);
    const env = baseEnvironment(api.url);
    process.env.API_BASE_URL = env.API_BASE_URL;

    const sfnClient = new SFNClient({
      endpoint: sfn.url,
      region: LOCAL_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    closers.push({ name: 'scheduler client', close: () => sfnClient.destroy() });
    const startedScheduler = startScheduler({
      schedules,
      client: sfnClient,
      armed: options.schedules ?? true,
      log,
    });
    scheduler = startedScheduler;
    closers.push({ name: 'scheduler', close: () => startedScheduler.close() });
    // The API closes first (before the scheduler it was started ahead of): no request reaches a half-closed runtime.
    closers.splice(closers.indexOf(apiCloser), 1);
    closers.push(apiCloser);

    let closing: Promise<void> | undefined;
    return {
      urls: { api: api.url, dynamodb: dynamodbUrl, ses: ses.url, sfn: sfn.url, tiktok: tiktok.url },
      ports: {
        api: api.port,
        dynamodb: portFromUrl(dynamodbUrl),
        ses: ses.port,
        sfn: sfn.port,
        tiktok: tiktok.port,
      },
      dataDir,
      tableName,
      externalDynamoDb: externalDynamoDbUrl !== undefined,
      env,
      sfn,
      tiktok,
      scheduler: startedScheduler,
      faults,
      triggerSchedule: (id, at) => startedScheduler.triggerSchedule(id, at),
      health: health.check,
      close: () => {
        closing ??= closeAll(closers, log).finally(restoreEnvironment);
        return closing;
      },
    };
  } catch (error) {
    await closeAll(closers, log).catch(() => undefined);
    restoreEnvironment();
    throw error;
  }
}
