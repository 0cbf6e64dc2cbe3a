import { routes, workflowByName } from '#catalog/index.ts';
import type { WorkflowName } from '#catalog/types.ts';
import type { CapturedEmail } from '#local/ses.ts';
import { type StepFacts, stepsOf } from '#scripts/bench/cost/definition.ts';
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
  type PathSteps,
  type PerStepDesign,
  perStepDesign,
  totalCost,
} from '#scripts/bench/cost/model.ts';
import {
  type ExecutionRef,
  FORWARDING_NOTES,
  type PathContext,
  type WorkflowPath,
} from '#scripts/bench/cost/paths.ts';
import { PRICES } from '#scripts/bench/cost/prices.ts';
import { type Section, type TargetCheck, table } from '#scripts/bench/support/markdown.ts';
import { progress } from '#scripts/bench/support/progress.ts';
import { benchRuntime } from '#scripts/bench/support/runtime.ts';
import { usd } from '#scripts/bench/support/stats.ts';
import { executionArnFor, historyOf } from '#test/support/executions.ts';
import { createApiKey, createPartner, sentEmails, waitForExecution } from '#test/support/runtime.ts';

/** The issue's target for the onboarding happy path. */
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

/** The states the path entered, by what one Lambda per step would make of them. */
function pathStepsOf(entered: readonly { readonly name: string; readonly facts?: StepFacts }[]): PathSteps {
  return {
    routing: entered.filter((step) => step.facts?.kind === 'routing').map((step) => step.name),
    direct: entered.flatMap((step) =>
      step.facts?.kind === 'direct' ? [{ state: step.name, resource: step.facts.resource ?? '' }] : [],
    ),
    maps: entered.filter((step) => step.facts?.kind === 'map').map((step) => step.name),
  };
}

const sorted = (names: readonly string[]) => [...names].sort().join();

/**
 * Runs every path `repeat` times (at most its `maxRepeat`), one at a time, through a local runtime (its API, Step
 * Functions service and in-process functions), metering each function's invocations and DynamoDB units and the
 * emails between the path's start (or its `beginMeasurement`) and the end of its executions.
 */
export async function measurePaths(
  paths: readonly WorkflowPath[],
  options: { readonly repeat: number },
): Promise<PathMeasurement[]> {
  const runtime = await benchRuntime();
  try {
    const partner = await createPartner(runtime, { name: 'Bench Agency' });
    const shared = {
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
    const definitions = new Map<WorkflowName, Promise<Map<string, StepFacts>>>();
    const stepsOfWorkflow = (workflow: WorkflowName) => {
      let steps = definitions.get(workflow);
      if (steps === undefined) {
        steps = stepsOf(workflowByName(workflow).definitionFile);
        definitions.set(workflow, steps);
      }
      return steps;
    };
    const measurements: PathMeasurement[] = [];
    try {
      for (const path of paths) {
        const runs = Math.max(1, Math.min(options.repeat, path.maxRepeat ?? options.repeat));
        const workflowRuns: FunctionUsage[] = [];
        const apiRuns: FunctionUsage[] = [];
        let apiRequests = 0;
        let entered: { name: string; facts?: StepFacts }[] = [];
        let billed = { transitions: 0, retries: 0 };
        let emails = 0;
        for (let run = 0; run < runs; run += 1) {
          // Per run: a path may change them while it runs (the refresh cycle parks the next cycle).
          runtime.sfn.setTimeOverrides(path.time ?? { timeScale: 0.001 });
          let before = meter.snapshot();
          let seen = new Set<string>();
          const beginMeasurement = async () => {
            seen = new Set((await sentEmails(runtime)).map((email) => email.messageId));
            before = meter.snapshot();
          };
          await beginMeasurement();
          const context: PathContext = { ...shared, beginMeasurement };
          const answer = await path.run(context);
          const executions: readonly ExecutionRef[] =
            typeof answer === 'string' ? [{ workflow: path.workflow, executionId: answer }] : answer;
          entered = [];
          billed = { transitions: 0, retries: 0 };
          const functionIds = new Set<string>();
          for (const execution of executions) {
            const arn = executionArnFor(execution.workflow, execution.executionId);
            if (execution.running !== true) await waitForExecution(runtime, arn, 30_000);
            const history = await historyOf(runtime, arn);
            const facts = await stepsOfWorkflow(execution.workflow);
            for (const event of history) {
              const name = event.stateEnteredEventDetails?.name;
              if (event.type?.endsWith('StateEntered') && name !== undefined) {
                const step = facts.get(name);
                entered.push(step === undefined ? { name } : { name, facts: step });
              }
            }
            const counted = transitionsOf(history.map((event) => event.type ?? ''));
            billed = {
              transitions: billed.transitions + counted.transitions,
              retries: billed.retries + counted.retries,
            };
            for (const id of workflowByName(execution.workflow).functionIds) functionIds.add(id);
          }
          const usage = usageBetween(before, meter.snapshot());
          const states = entered.map((step) => step.name);
          if (sorted(states) !== sorted(path.expectedStates)) {
            throw new Error(`${path.workflow} ${path.name} took ${states.join(' → ')}`);
          }
          emails = (await sentEmails(runtime))
            .filter((email) => !seen.has(email.messageId))
            .reduce((total, email) => total + recipients(email), 0);
          workflowRuns.push(totalOf(usage, [...functionIds]));
          apiRequests += totalOf(usage, [...writeRoutes]).invocations / runs;
          apiRuns.push(
            totalOf(
              usage,
              [...usage.keys()].filter(
                (id) => !functionIds.has(id) && !observingFunctions.has(id) && id !== OUTSIDE_FUNCTIONS,
              ),
            ),
          );
        }
        const usage: ExecutionUsage = { ...billed, lambda: averageUsage(workflowRuns), emails };
        const api = averageUsage(apiRuns);
        const measurement: PathMeasurement = {
          path,
          states: entered.map((step) => step.name),
          usage,
          api,
          apiRequests,
          lines: costPerThousand(usage),
          perStep: perStepDesign(usage, pathStepsOf(entered), path.waits ?? []),
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

const rounded = (value: number) => Number(value.toFixed(2));

/** How many times Lambda's cost the transitions cost on a path. */
const transitionsOverLambda = (m: PathMeasurement) =>
  m.lines.transitions / Math.max(1e-12, m.lines.lambdaRequests + m.lines.lambdaDuration);

/** The tables of one workflow's paths. */
function workflowTables(workflow: WorkflowName, measurements: readonly PathMeasurement[]): string {
  const lineKeys = Object.keys(LINE_NAMES) as (keyof CostLines)[];
  const usageRows = measurements.map((m) => [
    m.path.name,
    m.usage.transitions,
    m.usage.retries,
    rounded(m.usage.lambda.invocations),
    `${m.usage.lambda.gbSeconds.toFixed(4)}`,
    rounded(m.usage.lambda.readUnits),
    rounded(m.usage.lambda.writeUnits),
    m.usage.emails,
  ]);
  const costRows = measurements.map((m) => [
    m.path.name,
    ...lineKeys.map((key) => usd(m.lines[key])),
    usd(totalCost(m.lines)),
    LINE_NAMES[biggestLine(m.lines)],
  ]);
  const comparisonRows = measurements.map((m) => {
    const ours = totalCost(m.lines);
    const perStep = totalCost(costPerThousand(m.perStep.usage));
    return [
      m.path.name,
      usd(ours),
      usd(perStep),
      perStep > 0 ? `${(((perStep - ours) / perStep) * 100).toFixed(0)}%` : '-',
      m.perStep.savings.map((saving) => `${saving.what}: ${usd(saving.perThousand)}`).join(' / ') || 'none',
    ];
  });
  return [
    `### ${workflow}`,
    '',
    'Usage per execution (per path where a path runs two):',
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
    'Against one Lambda per step, per 1,000 executions:',
    '',
    table(
      ['path', 'as built', 'one Lambda per step', 'saving', 'where the saving comes from'],
      comparisonRows,
    ),
    '',
    `Lambdas that only forward a call: ${FORWARDING_NOTES[workflow]}`,
  ].join('\n');
}

/** The cost section of docs/benchmarks.md: one part per workflow, then the per-item and API costs. */
export function costSection(measurements: readonly PathMeasurement[], repeat: number): Section {
  const workflows = [...new Set(measurements.map((m) => m.path.workflow))];
  const perItemRows = measurements.flatMap((m) =>
    m.path.perItem === undefined
      ? []
      : [
          [
            `${m.path.workflow}: ${m.path.name}`,
            m.path.perItem.count,
            m.path.perItem.unit,
            usd(totalCost(m.lines)),
            usd(totalCost(m.lines) / m.path.perItem.count),
            rounded(m.usage.transitions / m.path.perItem.count),
          ],
        ],
  );
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
      rounded(m.apiRequests),
      rounded(m.api.readUnits),
      rounded(m.api.writeUnits),
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
  const lowest = [...measurements].sort((a, b) => transitionsOverLambda(a) - transitionsOverLambda(b))[0];
  targets.push({
    target: 'State transitions cost more than Lambda on every path',
    met: lambdaOver.length === 0,
    detail:
      lambdaOver.length > 0
        ? `Lambda costs more on ${lambdaOver.map((m) => `${m.path.workflow}: ${m.path.name}`).join(', ')}`
        : lowest === undefined
          ? 'no path measured'
          : `${measurements.length} paths of ${workflows.length} workflows; the closest: ${lowest.path.workflow}: ${lowest.path.name}, transitions ${transitionsOverLambda(lowest).toFixed(0)}× Lambda`,
  });
  const body = [
    `Each path run ${repeat} time(s) (fewer where a path says so), one execution at a time, through the local runtime (API → start function → Step Functions service → task functions), priced at AWS's public ${PRICES.region} prices as read on ${PRICES.asOf}:`,
    `Step Functions Standard $${(PRICES.stateTransition * 1000).toFixed(3)} per 1,000 transitions; Lambda $${(PRICES.lambdaRequest * 1e6).toFixed(2)} per million requests and $${PRICES.lambdaGbSecondArm} per GB-second (Arm); DynamoDB on demand $${(PRICES.dynamodbWriteUnit * 1e6).toFixed(3)} per million write units and $${(PRICES.dynamodbReadUnit * 1e6).toFixed(3)} per million read units; SES $${(PRICES.sesEmail * 1000).toFixed(2)} per 1,000 emails (per recipient); API Gateway REST $${(PRICES.apiGatewayRestRequest * 1e6).toFixed(2)} per million requests. Free tiers ignored. Sources: ${PRICES.sources.join(', ')}.`,
    '',
    '- **Transitions** come from the execution history: states entered (inside Maps and Parallels too) plus every task attempt after the first (retries are billed). They are deterministic. A path that runs two executions (a launch and its cancellation) adds both; a path that ends with an execution parked at a long wait (the first refresh cycle) counts its states so far.',
    "- **Lambda** GB-seconds are each invocation's measured duration (rounded up to the millisecond, as billed) × its configured memory. Durations are measured in-process against the local stand-ins, so they are shorter than in AWS (no network hop to DynamoDB or SES); even several times longer, this line stays far below the transitions.",
    '- **DynamoDB units** are what DynamoDB itself reports: the bench adds `ReturnConsumedCapacity: TOTAL` to every call of the shared client (a middleware, `scripts/bench/cost/meter.ts`) and books the units to the function that made the call. A conditional write that fails is booked as 1 write unit. dynalite does not report the extra write units of global secondary indexes (an item that carries GSI keys costs one more write unit per index in AWS), so write units are a lower bound.',
    '- **SES** counts the recipients of every email the path sent.',
    '- Long waits run shortened by the local runtime (its per-state Wait and task time-out overrides): a shortened wait costs the same transitions as the real one.',
    '',
    "**The comparison** prices the same path built as one Lambda per step: every routing step (Choice, Pass) a Lambda that decides; every direct service integration (`states:startExecution`, `dynamodb:*`) a Lambda that makes the call; every wait for a person (a task token) a polling loop every 5 minutes (a Wait, a Lambda that reads the decision, a Choice: 3 transitions, 1 Lambda, half a read unit per poll); every timer (a Wait state until a date or for a duration: one transition and nothing while it waits) a polling loop every hour (3 transitions and 1 Lambda per poll), because a Lambda cannot sleep past 15 minutes. The alternative to polling a timer, a one-time EventBridge Scheduler schedule that resumes the work, would cost a Lambda to create it, $1 per million schedule invocations and a Lambda (or a new execution) to resume: cheaper than hourly polls, yet still two Lambdas and a second execution more than one Wait state. A person's answer could instead start a fresh execution (no polling), at the price of carrying the workflow's state in the table between executions and of losing its single history; polling is what a per-step design without task tokens does. A Map runs one Lambda per item either way. Tasks, emails and writes are unchanged; each added Lambda is priced at the median duration of the path's own tasks and 256 MB.",
    '',
    ...workflows.flatMap((workflow) => [
      workflowTables(
        workflow,
        measurements.filter((m) => m.path.workflow === workflow),
      ),
      '',
    ]),
    '### Per item',
    '',
    'A run that serves several items, per item:',
    '',
    table(
      ['path', 'items', 'item', 'per 1,000 runs', 'per 1,000 items', 'transitions per item'],
      perItemRows,
    ),
    '',
    '### API requests',
    '',
    'The API requests each path needs (the start, a manager decision, a cancel, a webhook), beside the workflow: API Gateway + the route functions + their DynamoDB units, per 1,000 paths. The weekly run is started by EventBridge Scheduler ($1 per million invocations), not the API:',
    '',
    table(['path', 'API requests', 'read units', 'write units', 'cost per 1,000'], apiRows),
  ].join('\n');
  return { title: 'Cost per 1,000 executions', body, targets };
}
