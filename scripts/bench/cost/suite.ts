import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { routes, workflowByName } from '#catalog/index.ts';
import type { CapturedEmail } from '#local/ses.ts';
import {
  type FunctionUsage,
  OUTSIDE_FUNCTIONS,
  startMeter,
  totalOf,
  usageBetween,
} from '#scripts/bench/cost/meter.ts';
import {
  biggestLine,
  type CostLines,
  costPerThousand,
  type ExecutionUsage,
  LINE_NAMES,
  type PerStepDesign,
  perStepDesign,
  totalCost,
} from '#scripts/bench/cost/model.ts';
import type { PathContext, WorkflowPath } from '#scripts/bench/cost/paths.ts';
import { PRICES } from '#scripts/bench/cost/prices.ts';
import { type Section, type TargetCheck, table } from '#scripts/bench/support/markdown.ts';
import { progress } from '#scripts/bench/support/progress.ts';
import { benchRuntime } from '#scripts/bench/support/runtime.ts';
import { usd } from '#scripts/bench/support/stats.ts';
import { executionArnFor, historyOf } from '#test/support/executions.ts';
import { createApiKey, createPartner, sentEmails, waitForExecution } from '#test/support/runtime.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');
/** The target for the onboarding happy path. */
export const MAX_HAPPY_PATH_TRANSITIONS = 12;

export interface PathMeasurement {
  readonly path: WorkflowPath;
  readonly states: readonly string[];
  readonly usage: ExecutionUsage;
  /** API requests the path needed (the start, a manager's decision) and what their functions consumed. */
  readonly apiRequests: number;
  readonly api: FunctionUsage;
  readonly lines: CostLines;
  readonly perStep: PerStepDesign;
}

/** Billed transitions from an execution's history: states entered, plus every task attempt after the first. */
export function transitionsOf(types: readonly string[]): { transitions: number; retries: number } {
  const entered = types.filter((type) => type.endsWith('StateEntered')).length;
  const taskEntries = types.filter((type) => type === 'TaskStateEntered').length;
  const attempts = types.filter(
    (type) => type === 'LambdaFunctionScheduled' || type === 'TaskScheduled',
  ).length;
  const retries = Math.max(0, attempts - taskEntries);
  return { transitions: entered + retries, retries };
}

async function choiceStatesOf(definitionFile: string): Promise<Set<string>> {
  const definition = JSON.parse(await readFile(resolve(REPO_ROOT, definitionFile), 'utf8')) as {
    States: Record<string, { Type: string }>;
  };
  return new Set(
    Object.entries(definition.States)
      .filter(([, state]) => state.Type === 'Choice')
      .map(([name]) => name),
  );
}

const recipients = (email: CapturedEmail) =>
  email.destination.to.length + (email.destination.cc?.length ?? 0) + (email.destination.bcc?.length ?? 0);

function averageUsage(runs: readonly FunctionUsage[]): FunctionUsage {
  const total = runs.reduce(
    (sum, run) => ({
      invocations: sum.invocations + run.invocations,
      gbSeconds: sum.gbSeconds + run.gbSeconds,
      durationsMs: [...sum.durationsMs, ...run.durationsMs],
      readUnits: sum.readUnits + run.readUnits,
      writeUnits: sum.writeUnits + run.writeUnits,
      dynamodbCalls: sum.dynamodbCalls + run.dynamodbCalls,
    }),
    { invocations: 0, gbSeconds: 0, durationsMs: [], readUnits: 0, writeUnits: 0, dynamodbCalls: 0 },
  );
  const n = Math.max(1, runs.length);
  return {
    invocations: total.invocations / n,
    gbSeconds: total.gbSeconds / n,
    durationsMs: total.durationsMs,
    readUnits: total.readUnits / n,
    writeUnits: total.writeUnits / n,
    dynamodbCalls: total.dynamodbCalls / n,
  };
}

/**
 * Runs every path `repeat` times, one execution at a time, through a local runtime (its API, Step Functions
 * service and in-process functions), metering each function's invocations and DynamoDB units and the emails.
 */
export async function measurePaths(
  paths: readonly WorkflowPath[],
  options: { readonly repeat: number },
): Promise<PathMeasurement[]> {
  const runtime = await benchRuntime();
  try {
    const partner = await createPartner(runtime, { name: 'Bench Agency' });
    const context: PathContext = {
      runtime,
      partnerId: partner.partnerId,
      partnerKey: await createApiKey(runtime, { role: 'partner', partnerId: partner.partnerId }),
      managerKey: await createApiKey(runtime, { role: 'manager', partnerId: partner.partnerId }),
    };
    const { dynamodbClient } = await import('#lib/clients/dynamodb.ts');
    const meter = startMeter(dynamodbClient);
    // Reads the bench makes to watch a run (GET routes) are not part of the path's cost.
    const observingFunctions = new Set(
      routes.filter((route) => route.method === 'GET').map((r) => r.functionId),
    );
    // Each invocation of a route function is one API request (the authorizer runs only on a cache miss).
    const writeRoutes = new Set(routes.filter((route) => route.method !== 'GET').map((r) => r.functionId));
    const measurements: PathMeasurement[] = [];
    try {
      for (const path of paths) {
        const spec = workflowByName(path.workflow);
        const choices = await choiceStatesOf(spec.definitionFile);
        runtime.sfn.setTimeOverrides(path.time ?? { timeScale: 0.001 });
        const workflowRuns: FunctionUsage[] = [];
        const apiRuns: FunctionUsage[] = [];
        let apiRequests = 0;
        let states: string[] = [];
        let billed = { transitions: 0, retries: 0 };
        let emails = 0;
        for (let run = 0; run < options.repeat; run += 1) {
          const before = meter.snapshot();
          const seen = new Set((await sentEmails(runtime)).map((email) => email.messageId));
          const executionId = await path.run(context);
          const arn = executionArnFor(path.workflow, executionId);
          await waitForExecution(runtime, arn, 30_000);
          const usage = usageBetween(before, meter.snapshot());
          const history = await historyOf(runtime, arn);
          states = history.flatMap((event) =>
            event.type?.endsWith('StateEntered') && event.stateEnteredEventDetails?.name !== undefined
              ? [event.stateEnteredEventDetails.name]
              : [],
          );
          if (states.join() !== path.expectedStates.join()) {
            throw new Error(`${path.workflow} ${path.name} took ${states.join(' → ')}`);
          }
          billed = transitionsOf(history.map((event) => event.type ?? ''));
          emails = (await sentEmails(runtime))
            .filter((email) => !seen.has(email.messageId))
            .reduce((total, email) => total + recipients(email), 0);
          workflowRuns.push(totalOf(usage, spec.functionIds));
          apiRequests += totalOf(usage, [...writeRoutes]).invocations / options.repeat;
          apiRuns.push(
            totalOf(
              usage,
              [...usage.keys()].filter(
                (id) =>
                  !spec.functionIds.includes(id) && !observingFunctions.has(id) && id !== OUTSIDE_FUNCTIONS,
              ),
            ),
          );
        }
        const usage: ExecutionUsage = { ...billed, lambda: averageUsage(workflowRuns), emails };
        const api = averageUsage(apiRuns);
        const measurement: PathMeasurement = {
          path,
          states,
          usage,
          api,
          apiRequests,
          lines: costPerThousand(usage),
          perStep: perStepDesign(
            usage,
            states.filter((state) => choices.has(state)),
            path.waits ?? [],
          ),
        };
        progress(
          `cost ${path.workflow} ${path.name}: ${usage.transitions} transitions, ${usage.lambda.invocations} Lambda, ${usage.lambda.readUnits} RRU, ${usage.lambda.writeUnits} WRU, ${emails} emails, ${usd(totalCost(measurement.lines))} per 1,000`,
        );
        measurements.push(measurement);
      }
    } finally {
      meter.stop();
    }
    return measurements;
  } finally {
    runtime.sfn.setTimeOverrides({ timeScale: 0.001 });
  }
}

/** The cost section of docs/benchmarks.md. */
export function costSection(measurements: readonly PathMeasurement[], repeat: number): Section {
  const lineKeys = Object.keys(LINE_NAMES) as (keyof CostLines)[];
  const usageRows = measurements.map((m) => [
    `${m.path.workflow}: ${m.path.name}`,
    m.usage.transitions,
    m.usage.retries,
    m.usage.lambda.invocations,
    `${m.usage.lambda.gbSeconds.toFixed(4)}`,
    m.usage.lambda.readUnits,
    m.usage.lambda.writeUnits,
    m.usage.emails,
  ]);
  const costRows = measurements.map((m) => [
    `${m.path.workflow}: ${m.path.name}`,
    ...lineKeys.map((key) => usd(m.lines[key])),
    usd(totalCost(m.lines)),
    LINE_NAMES[biggestLine(m.lines)],
  ]);
  const comparisonRows = measurements.map((m) => {
    const ours = totalCost(m.lines);
    const perStep = totalCost(costPerThousand(m.perStep.usage));
    return [
      `${m.path.workflow}: ${m.path.name}`,
      usd(ours),
      usd(perStep),
      perStep > 0 ? `${(((perStep - ours) / perStep) * 100).toFixed(0)}%` : '-',
      m.perStep.savings.map((saving) => `${saving.what}: ${usd(saving.perThousand)}`).join(' / ') || 'none',
    ];
  });
  const apiRows = measurements.map((m) => {
    const apiCost =
      1000 *
      (m.apiRequests * PRICES.apiGatewayRestRequest +
        m.api.invocations * PRICES.lambdaRequest +
        m.api.gbSeconds * PRICES.lambdaGbSecondArm +
        m.api.readUnits * PRICES.dynamodbReadUnit +
        m.api.writeUnits * PRICES.dynamodbWriteUnit);
    return [
      `${m.path.workflow}: ${m.path.name}`,
      m.apiRequests,
      m.api.readUnits,
      m.api.writeUnits,
      usd(apiCost),
    ];
  });
  const happy = measurements.find(
    (m) => m.path.workflow === 'creator-onboarding' && m.path.name === 'approve',
  );
  const targets: TargetCheck[] = [];
  if (happy !== undefined) {
    targets.push({
      target: `Onboarding happy path at most ${MAX_HAPPY_PATH_TRANSITIONS} billed transitions`,
      met: happy.usage.transitions <= MAX_HAPPY_PATH_TRANSITIONS,
      detail: `${happy.usage.transitions} (${happy.states.join(' → ')})`,
    });
  }
  const lambdaOver = measurements.filter(
    (m) => m.lines.lambdaRequests + m.lines.lambdaDuration >= m.lines.transitions,
  );
  targets.push({
    target: 'State transitions cost more than Lambda on every path',
    met: lambdaOver.length === 0,
    detail:
      lambdaOver.length === 0
        ? measurements
            .map(
              (m) =>
                `${m.path.name} ${(m.lines.transitions / Math.max(1e-12, m.lines.lambdaRequests + m.lines.lambdaDuration)).toFixed(0)}×`,
            )
            .join(', ')
        : `Lambda costs more on ${lambdaOver.map((m) => m.path.name).join(', ')}`,
  });
  const body = [
    `Each path run ${repeat} time(s), one execution at a time, through the local runtime (API → start function → Step Functions service → task functions), priced at AWS's public ${PRICES.region} prices as read on ${PRICES.asOf}:`,
    `Step Functions Standard $${(PRICES.stateTransition * 1000).toFixed(3)} per 1,000 transitions; Lambda $${(PRICES.lambdaRequest * 1e6).toFixed(2)} per million requests and $${PRICES.lambdaGbSecondArm} per GB-second (Arm); DynamoDB on demand $${(PRICES.dynamodbWriteUnit * 1e6).toFixed(3)} per million write units and $${(PRICES.dynamodbReadUnit * 1e6).toFixed(3)} per million read units; SES $${(PRICES.sesEmail * 1000).toFixed(2)} per 1,000 emails (per recipient); API Gateway REST $${(PRICES.apiGatewayRestRequest * 1e6).toFixed(2)} per million requests. Free tiers ignored. Sources: ${PRICES.sources.join(', ')}.`,
    '',
    '- **Transitions** come from the execution history: states entered plus every task attempt after the first (retries are billed). They are deterministic.',
    "- **Lambda** GB-seconds are each invocation's measured duration (rounded up to the millisecond, as billed) × its configured memory. Durations are measured in-process against the local stand-ins, so they are shorter than in AWS (no network hop to DynamoDB or SES); even several times longer, this line stays far below the transitions.",
    '- **DynamoDB units** are what DynamoDB itself reports: the bench adds `ReturnConsumedCapacity: TOTAL` to every call of the shared client (a middleware, `scripts/bench/cost/meter.ts`) and books the units to the function that made the call. A conditional write that fails is booked as 1 write unit. dynalite does not report the extra write units of global secondary indexes (an item that carries GSI keys costs one more write unit per index in AWS), so write units are a lower bound.',
    '- **SES** counts the recipients of every email the execution sent.',
    '',
    'Usage per execution:',
    '',
    table(
      ['path', 'transitions', 'retries', 'Lambda requests', 'GB-s', 'read units', 'write units', 'emails'],
      usageRows,
    ),
    '',
    'Cost per 1,000 executions:',
    '',
    table(['path', ...lineKeys.map((key) => LINE_NAMES[key]), 'total', 'biggest line'], costRows),
    '',
    'Compared with the same workflow built as one Lambda per step (every routing step a Lambda, every wait for a person a polling loop every 5 minutes; tasks, emails and writes unchanged), per 1,000 executions:',
    '',
    table(
      ['path', 'as built', 'one Lambda per step', 'saving', 'where the saving comes from'],
      comparisonRows,
    ),
    '',
    'No Lambda here only forwards a call to another service: ReserveHandle is the closest (one conditional write), and making it a direct `dynamodb:putItem` integration would save one Lambda request and a few milliseconds (about $0.0003 per 1,000 executions) while the transition stays; the ASL is unchanged.',
    '',
    'The API requests each path needs (the start, and a manager decision on the review path), beside the workflow: API Gateway + the route functions + their DynamoDB units, per 1,000 paths:',
    '',
    table(['path', 'API requests', 'read units', 'write units', 'cost per 1,000'], apiRows),
  ].join('\n');
  return { title: 'Cost per 1,000 executions', body, targets };
}
