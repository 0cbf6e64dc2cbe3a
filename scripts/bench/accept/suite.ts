import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { type Section, type TargetCheck, table } from '#scripts/bench/support/markdown.ts';
import { progress } from '#scripts/bench/support/progress.ts';
import { count, ratio } from '#scripts/bench/support/stats.ts';
import { creatorApplication } from '#test/support/onboarding.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');

export interface AcceptOptions {
  readonly concurrencies: readonly number[];
  /** Seconds per measurement. */
  readonly seconds: number;
}

export interface AcceptFigure {
  readonly route: string;
  readonly concurrency: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly accepted: number;
  /** Answers other than 2xx, errors and time-outs: any makes the row suspect. */
  readonly failed: number;
}

interface Server {
  readonly url: string;
  readonly key: string;
  readonly floorPath: string;
  readonly child: ChildProcess;
}

async function startServer(): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/accept/server.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errors: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  return new Promise<Server>((resolveServer, reject) => {
    child.once('exit', (code) => reject(new Error(`The bench server exited (${code}): ${errors.join('')}`)));
    lines.on('line', (line) => {
      // Every other line (the functions' logs) is read and dropped, so the pipe never fills.
      if (!line.startsWith('BENCH-READY ')) return;
      const ready = JSON.parse(line.slice('BENCH-READY '.length)) as Omit<Server, 'child'>;
      resolveServer({ ...ready, child });
    });
  });
}

async function stopServer(server: Server): Promise<void> {
  const exited = new Promise((done) => server.child.once('exit', done));
  server.child.kill('SIGTERM');
  await exited;
}

interface Route {
  readonly name: string;
  readonly path: string;
  /** Extra headers per request (a fresh Idempotency-Key). */
  readonly perRequestHeaders?: () => Record<string, string>;
}

let idempotencyKeys = 0;

async function load(
  server: Server,
  route: Route,
  connections: number,
  seconds: number,
): Promise<AcceptFigure> {
  const result = await autocannon({
    url: `${server.url}${route.path}`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
    // A new creator (a new handle) per request: a repeated handle would answer 409.
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, ...route.perRequestHeaders?.() },
          body: JSON.stringify({ creator: creatorApplication() }),
        }),
      },
    ],
  });
  return {
    route: route.name,
    concurrency: connections,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    accepted: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

export const ONBOARDING_ROUTE = 'POST /v1/creators/onboardings';
export const ONBOARDING_WITH_KEY_ROUTE = 'POST /v1/creators/onboardings + Idempotency-Key';
export const FLOOR_ROUTE_NAME = 'floor: one conditional put + one StartExecution';

/**
 * Loads the accept path at each concurrency with autocannon for `seconds`, against a server in a child process:
 * the real route, the same with an Idempotency-Key, and the floor, all behind the same API adapter.
 */
export async function measureAcceptPath(options: AcceptOptions): Promise<AcceptFigure[]> {
  const server = await startServer();
  try {
    const routes: Route[] = [
      { name: ONBOARDING_ROUTE, path: '/v1/creators/onboardings' },
      {
        name: ONBOARDING_WITH_KEY_ROUTE,
        path: '/v1/creators/onboardings',
        perRequestHeaders: () => {
          idempotencyKeys += 1;
          return { 'idempotency-key': `bench-${process.pid}-${idempotencyKeys}` };
        },
      },
      { name: FLOOR_ROUTE_NAME, path: server.floorPath },
    ];
    // Warm-up: loads every handler module once, so no measured request pays a cold start.
    for (const route of routes) await load(server, route, 1, 1);
    const figures: AcceptFigure[] = [];
    for (const concurrency of options.concurrencies) {
      for (const route of routes) {
        const figure = await load(server, route, concurrency, options.seconds);
        progress(
          `accept ${route.name} at ${concurrency}: ${count(figure.requestsPerSecond)} req/s, p50 ${figure.p50Ms} ms, p99 ${figure.p99Ms} ms${figure.failed > 0 ? `, ${figure.failed} failed` : ''}`,
        );
        figures.push(figure);
      }
    }
    return figures;
  } finally {
    await stopServer(server);
  }
}

/** The accept-path section of docs/benchmarks.md. */
export function acceptSection(figures: readonly AcceptFigure[], options: AcceptOptions): Section {
  const rows = figures.map((figure) => [
    figure.route,
    figure.concurrency,
    count(figure.requestsPerSecond),
    `${figure.p50Ms} ms`,
    `${figure.p99Ms} ms`,
    count(figure.accepted),
    figure.failed,
  ]);
  const overheadRows = options.concurrencies.flatMap((concurrency) => {
    const floor = figures.find((f) => f.route === FLOOR_ROUTE_NAME && f.concurrency === concurrency);
    return [ONBOARDING_ROUTE, ONBOARDING_WITH_KEY_ROUTE].flatMap((name) => {
      const route = figures.find((f) => f.route === name && f.concurrency === concurrency);
      if (floor === undefined || route === undefined || route.requestsPerSecond === 0) return [];
      return [
        [
          name,
          concurrency,
          ratio(floor.requestsPerSecond / route.requestsPerSecond),
          ratio(route.p50Ms / Math.max(floor.p50Ms, 1)),
        ],
      ];
    });
  });
  const failures = figures.filter((figure) => figure.failed > 0);
  const targets: TargetCheck[] = [
    {
      target: 'Every accept-path request answered 2xx under load',
      met: failures.length === 0,
      detail:
        failures.length === 0
          ? `${count(figures.reduce((total, figure) => total + figure.accepted, 0))} requests`
          : failures.map((figure) => `${figure.route} at ${figure.concurrency}: ${figure.failed}`).join('; '),
    },
  ];
  return {
    title: 'Accept path: POST onboarding through the local API',
    body: [
      `autocannon, ${options.seconds} s per row after a warm-up, one new creator per request, against the local API server (the API Gateway stand-in: routing, the API key authorizer with its cache, the proxy event) running in a child process with the functions in-process and dynalite. The per-key throttle is lifted for the run. The server's Step Functions endpoint runs one-state workflows, so the executions each accepted request starts cost the same for every route and the figures are the accept path alone (the engine's throughput is the last section).`,
      '',
      '- the real route: validation, the handle reservation, the creator, its audit item, StartExecution (`functions/creators/onboarding-requests.ts`);',
      '- the same with an `Idempotency-Key` (Powertools idempotency: one more conditional write before and one update after);',
      '- the **floor**: a bare handler on the same adapter and authorizer doing only what is irreducible, one conditional put and one StartExecution (`scripts/bench/accept/floor.ts`).',
      '',
      table(['route', 'concurrency', 'requests/s', 'p50', 'p99', '2xx', 'failed'], rows),
      '',
      'Overhead against the floor (floor requests/s ÷ route requests/s, and route p50 ÷ floor p50):',
      '',
      table(['route', 'concurrency', 'throughput ratio', 'p50 ratio'], overheadRows),
    ].join('\n'),
    targets,
  };
}
