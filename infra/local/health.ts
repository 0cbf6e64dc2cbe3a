import type { IncomingMessage, ServerResponse } from 'node:http';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { LOCAL_REGION } from '#catalog/naming.ts';

export type ServiceStatus = 'up' | 'down';

export interface ServiceHealth {
  readonly url?: string;
  readonly status: ServiceStatus;
  /** Why a service is down, or a short note about an up one. */
  readonly detail?: string;
}

export type HealthServices = Record<
  'api' | 'dynamodb' | 'ses' | 'stepFunctions' | 'scheduler',
  ServiceHealth
>;

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly services: HealthServices;
}

export interface HealthTargets {
  readonly apiUrl: () => string;
  readonly dynamodbUrl: string;
  readonly tableName: string;
  readonly sesUrl: string;
  readonly sfnUrl: string;
  /** Undefined until the scheduler has started. */
  readonly scheduler: () =>
    | { readonly closed: boolean; readonly armed: boolean; readonly count: number }
    | undefined;
}

const CHECK_TIMEOUT_MS = 2_000;
const localClientConfig = (endpoint: string) => ({
  endpoint,
  region: LOCAL_REGION,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  // A health check reports what it sees now; retries would only delay a "down".
  maxAttempts: 1,
});

async function probe(url: string, check: () => Promise<string | undefined>): Promise<ServiceHealth> {
  try {
    const detail = await check();
    return detail === undefined ? { url, status: 'up' } : { url, status: 'up', detail };
  } catch (error) {
    return { url, status: 'down', detail: (error as Error).message || (error as Error).name };
  }
}

export interface HealthCheck {
  check(): Promise<HealthReport>;
  /** Releases the check's own SDK clients and their connections. */
  close(): void;
}

/** Builds a live check of every service: each call asks the service itself, never a cached flag. */
export function createHealthCheck(targets: HealthTargets): HealthCheck {
  const dynamodb = new DynamoDBClient(localClientConfig(targets.dynamodbUrl));
  const sfn = new SFNClient(localClientConfig(targets.sfnUrl));
  const check = async (): Promise<HealthReport> => {
    const abortSignal = AbortSignal.timeout(CHECK_TIMEOUT_MS);
    const [dynamodbHealth, sesHealth, sfnHealth] = await Promise.all([
      probe(targets.dynamodbUrl, async () => {
        const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: targets.tableName }), {
          abortSignal,
        });
        if (Table?.TableStatus !== 'ACTIVE')
          throw new Error(`table ${targets.tableName} is ${Table?.TableStatus}`);
        return `table ${targets.tableName}`;
      }),
      probe(targets.sesUrl, async () => {
        const response = await fetch(`${targets.sesUrl}/store`, { signal: abortSignal });
        if (!response.ok) throw new Error(`GET /store answered ${response.status}`);
        await response.body?.cancel();
        return undefined;
      }),
      probe(targets.sfnUrl, async () => {
        const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}), { abortSignal });
        const count = stateMachines?.length ?? 0;
        return `${count} state machine${count === 1 ? '' : 's'}`;
      }),
    ]);
    const scheduler = targets.scheduler();
    const schedulerHealth: ServiceHealth =
      scheduler === undefined || scheduler.closed
        ? { status: 'down', detail: scheduler === undefined ? 'not started' : 'closed' }
        : {
            status: 'up',
            detail: `${scheduler.count} schedules, timers ${scheduler.armed ? 'on' : 'off (triggered on demand)'}`,
          };
    const services: HealthServices = {
      // This answer is the API's proof of life.
      api: { url: targets.apiUrl(), status: 'up' },
      dynamodb: dynamodbHealth,
      ses: sesHealth,
      stepFunctions: sfnHealth,
      scheduler: schedulerHealth,
    };
    const healthy = Object.values(services).every((service) => service.status === 'up');
    return { status: healthy ? 'ok' : 'degraded', services };
  };
  return {
    check,
    close: () => {
      dynamodb.destroy();
      sfn.destroy();
    },
  };
}

/** An `extraRoutes` handler for the API server: `GET /health` answers the report, 503 when degraded. */
export function healthRoute(check: () => Promise<HealthReport>) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/health' || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
    const report = await check();
    const body = JSON.stringify(report);
    response.writeHead(report.status === 'ok' ? 200 : 503, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
    return true;
  };
}
