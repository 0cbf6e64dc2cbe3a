import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { type Section, table } from '#scripts/bench/support/markdown.ts';
import { progress } from '#scripts/bench/support/progress.ts';
import { benchRuntime } from '#scripts/bench/support/runtime.ts';
import { count, ms } from '#scripts/bench/support/stats.ts';
import { executionArnFor } from '#test/support/executions.ts';
import { creatorApplication } from '#test/support/onboarding.ts';
import { api, createApiKey, createPartner, pollUntil, type TestRuntime } from '#test/support/runtime.ts';

export interface EngineOptions {
  /** Onboardings per route. */
  readonly onboardings: number;
  /** Onboardings in flight at once. */
  readonly concurrency: number;
}

export interface EngineFigure {
  readonly route: string;
  readonly onboardings: number;
  readonly elapsedMs: number;
  readonly perMinute: number;
}

async function finished(runtime: TestRuntime, executionId: string): Promise<void> {
  const executionArn = executionArnFor('creator-onboarding', executionId);
  const status = await pollUntil(
    async () => {
      const execution = await runtime.sfnClient.send(new DescribeExecutionCommand({ executionArn }));
      return execution.status === 'RUNNING' ? undefined : execution.status;
    },
    { timeoutMs: 120_000, intervalMs: 50, describe: () => `${executionId} never finished` },
  );
  if (status !== 'SUCCEEDED') throw new Error(`${executionId} ended ${status}`);
}

/** Runs `total` onboardings end to end, `concurrency` at a time; answers the elapsed milliseconds. */
async function drive(
  total: number,
  concurrency: number,
  onboardOne: () => Promise<string>,
  runtime: TestRuntime,
) {
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < total) {
      next += 1;
      await finished(runtime, await onboardOne());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return performance.now() - started;
}

/**
 * End-to-end onboardings (auto-approved: 8 states, 7 functions, a welcome email) per minute on the local
 * runtime, started through its HTTP API, then started in-process through the SDK, skipping the API layer.
 */
export async function measureEngine(options: EngineOptions): Promise<EngineFigure[]> {
  const runtime = await benchRuntime();
  try {
    const partner = await createPartner(runtime, { name: 'Engine Bench Agency' });
    const key = await createApiKey(runtime, { role: 'partner', partnerId: partner.partnerId });
    const client = api(runtime, key);
    // The same request logic as the API handler, which starts the execution with the SDK's StartExecution.
    const { requestCreatorOnboarding } = await import('#functions/creators/onboarding-requests.ts');
    const routes: { route: string; onboardOne: () => Promise<string> }[] = [
      {
        route: 'HTTP API (POST /v1/creators/onboardings)',
        onboardOne: async () => {
          const answer = await client.post<{ executionId: string }>('/v1/creators/onboardings', {
            creator: creatorApplication({ followers: 150_000 }),
          });
          if (answer.status !== 202) throw new Error(`The API answered ${answer.status}`);
          return answer.body.executionId;
        },
      },
      {
        route: 'SDK StartExecution to the local Step Functions API (no HTTP API)',
        onboardOne: async () => {
          const result = await requestCreatorOnboarding({
            partnerId: partner.partnerId,
            actor: 'bench',
            application: creatorApplication({ followers: 150_000 }),
            requestId: 'bench',
            now: new Date(),
          });
          if (result.kind !== 'started') throw new Error('The handle was taken');
          return result.executionId;
        },
      },
    ];
    const figures: EngineFigure[] = [];
    for (const { route, onboardOne } of routes) {
      const elapsedMs = await drive(options.onboardings, options.concurrency, onboardOne, runtime);
      const figure = {
        route,
        onboardings: options.onboardings,
        elapsedMs,
        perMinute: (options.onboardings / elapsedMs) * 60_000,
      };
      progress(`engine ${route}: ${count(figure.perMinute)} onboardings per minute`);
      figures.push(figure);
    }
    return figures;
  } finally {
    runtime.sfn.setTimeOverrides({ timeScale: 0.001 });
  }
}

/** The local-engine section of docs/benchmarks.md. */
export function engineSection(figures: readonly EngineFigure[], options: EngineOptions): Section {
  return {
    title: 'Local engine: onboardings per minute',
    body: [
      `${count(options.onboardings)} auto-approved onboardings per route, ${options.concurrency} in flight at a time, each followed to the end of its execution (8 states, 7 functions, DynamoDB writes and a welcome email, all in one process with dynalite and the local SES), on the runtime \`npm start\` runs:`,
      '',
      table(
        ['started through', 'onboardings', 'elapsed', 'onboardings per minute'],
        figures.map((figure) => [
          figure.route,
          figure.onboardings,
          ms(figure.elapsedMs),
          count(figure.perMinute),
        ]),
      ),
      '',
      'The difference between the two rows is what the HTTP API layer (API Gateway stand-in, authorizer, validation, the handler) costs per onboarding locally; the rest is the Step Functions engine, the in-process functions and dynalite.',
    ].join('\n'),
    targets: [],
  };
}
