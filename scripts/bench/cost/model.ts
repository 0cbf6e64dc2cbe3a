import type { FunctionUsage } from '#scripts/bench/cost/meter.ts';
import type { PathWait } from '#scripts/bench/cost/paths/types.ts';
import { PRICES } from '#scripts/bench/cost/prices.ts';
import { median } from '#scripts/bench/support/stats.ts';

/** One execution's billable usage, measured through the local runtime. */
export interface ExecutionUsage {
  /** States entered plus task retries: what Step Functions Standard bills. */
  readonly transitions: number;
  readonly retries: number;
  /** The workflow's own Lambda functions (its tasks). */
  readonly lambda: FunctionUsage;
  /** Recipients of the emails the execution sent. */
  readonly emails: number;
}

export interface CostLines {
  readonly transitions: number;
  readonly lambdaRequests: number;
  readonly lambdaDuration: number;
  readonly dynamodbReads: number;
  readonly dynamodbWrites: number;
  readonly ses: number;
}

export const LINE_NAMES: Readonly<Record<keyof CostLines, string>> = {
  transitions: 'state transitions',
  lambdaRequests: 'Lambda requests',
  lambdaDuration: 'Lambda GB-seconds',
  dynamodbReads: 'DynamoDB reads',
  dynamodbWrites: 'DynamoDB writes',
  ses: 'SES emails',
};

/** The cost of 1,000 executions, line by line, at PRICES. */
export function costPerThousand(usage: ExecutionUsage): CostLines {
  return {
    transitions: 1000 * usage.transitions * PRICES.stateTransition,
    lambdaRequests: 1000 * usage.lambda.invocations * PRICES.lambdaRequest,
    lambdaDuration: 1000 * usage.lambda.gbSeconds * PRICES.lambdaGbSecondArm,
    dynamodbReads: 1000 * usage.lambda.readUnits * PRICES.dynamodbReadUnit,
    dynamodbWrites: 1000 * usage.lambda.writeUnits * PRICES.dynamodbWriteUnit,
    ses: 1000 * usage.emails * PRICES.sesEmail,
  };
}

export const totalCost = (lines: CostLines): number => Object.values(lines).reduce((a, b) => a + b, 0);

export function biggestLine(lines: CostLines): keyof CostLines {
  return (Object.entries(lines) as [keyof CostLines, number][]).reduce((max, entry) =>
    entry[1] > max[1] ? entry : max,
  )[0];
}

/** How often the per-step design checks whether a person has decided. */
export const POLL_INTERVAL_SECONDS = 300;
/** How often it checks whether a timer is due: the due time is known, so an hour late at most. */
export const TIMER_POLL_INTERVAL_SECONDS = 3600;

export interface PerStepDesign {
  readonly usage: ExecutionUsage;
  /** One line per difference, with what it adds to 1,000 executions. */
  readonly savings: readonly { readonly what: string; readonly perThousand: number }[];
}

/** The states a path entered, by what one Lambda per step would make of them. */
export interface PathSteps {
  /** Choice and Pass states entered, repeats included (a Map's per-item Choice counts per item). */
  readonly routing: readonly string[];
  /** Tasks that call a service directly (`states:startExecution`, `dynamodb:*`), with the action. */
  readonly direct: readonly { readonly state: string; readonly resource: string }[];
  /** Map states entered. */
  readonly maps: readonly string[];
}

/** `A, B ×3`: each name once, with how often it occurs when more than once. */
function counted(names: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(', ');
}

const pollsOf = (waits: readonly PathWait[], interval: number) =>
  waits.reduce((total, wait) => total + Math.ceil(wait.seconds / interval), 0);

/**
 * The same path built as one Lambda per step: every routing Choice or Pass becomes a Lambda that decides, every
 * direct service integration a Lambda that makes the call, every wait for a person a polling loop (Wait, a Lambda
 * that reads the decision, a Choice) every 5 minutes instead of a task token, and every timer (a Wait state until a
 * date or for a duration: one transition, nothing billed while it waits) a polling loop every hour, since a Lambda
 * cannot sleep past 15 minutes. Map items run one Lambda each either way. Tasks, emails and writes stay as
 * measured. Each added Lambda is priced at the median measured duration of the path's own tasks and 256 MB.
 */
export function perStepDesign(
  measured: ExecutionUsage,
  steps: PathSteps,
  waits: readonly PathWait[],
): PerStepDesign {
  const typicalMs = Math.ceil(
    measured.lambda.durationsMs.length > 0 ? median(measured.lambda.durationsMs) : 1,
  );
  const lambdaGbSeconds = (typicalMs / 1000) * (256 / 1024);
  const oneLambda = PRICES.lambdaRequest + lambdaGbSeconds * PRICES.lambdaGbSecondArm;
  const people = waits.filter((wait) => wait.kind === 'person');
  const timers = waits.filter((wait) => wait.kind === 'timer');
  const personPolls = pollsOf(people, POLL_INTERVAL_SECONDS);
  const timerPolls = pollsOf(timers, TIMER_POLL_INTERVAL_SECONDS);
  const readPerPoll = 0.5; // one eventually consistent GetItem of a small item
  const savings = [];
  if (steps.routing.length > 0) {
    savings.push({
      what: `${counted(steps.routing)} route or shape data in Choice and Pass states: no Lambda request or duration (${steps.routing.length} × ${typicalMs} ms avoided; the transition is paid either way)`,
      perThousand: 1000 * steps.routing.length * oneLambda,
    });
  }
  if (steps.direct.length > 0) {
    savings.push({
      what: `${counted(steps.direct.map((step) => `${step.state} (${step.resource})`))} call the service directly: no Lambda in between (${steps.direct.length} × ${typicalMs} ms avoided)`,
      perThousand: 1000 * steps.direct.length * oneLambda,
    });
  }
  if (personPolls > 0) {
    savings.push({
      what: `${people.map((wait) => wait.state).join(' and ')} wait on a task token: nothing is billed while ${people.map((wait) => wait.why).join('; ')}. Polling every ${POLL_INTERVAL_SECONDS / 60} minutes would run ${personPolls.toLocaleString('en-US')} polls of 3 transitions, 1 Lambda and ${readPerPoll} read unit`,
      perThousand:
        1000 * personPolls * (3 * PRICES.stateTransition + oneLambda + readPerPoll * PRICES.dynamodbReadUnit),
    });
  }
  if (timerPolls > 0) {
    savings.push({
      what: `${timers.map((wait) => wait.state).join(' and ')} wait in Wait states: one transition each, nothing billed while ${timers.map((wait) => wait.why).join('; ')}. Checking every hour would run ${timerPolls.toLocaleString('en-US')} polls of 3 transitions and 1 Lambda`,
      perThousand: 1000 * timerPolls * (3 * PRICES.stateTransition + oneLambda),
    });
  }
  if (steps.maps.length > 0) {
    savings.push({
      what: `${counted(steps.maps)} (Map): one Lambda per item either way, no saving`,
      perThousand: 0,
    });
  }
  const polls = personPolls + timerPolls;
  const extraLambdas = steps.routing.length + steps.direct.length + polls;
  return {
    usage: {
      transitions: measured.transitions + 3 * polls,
      retries: measured.retries,
      emails: measured.emails,
      lambda: {
        ...measured.lambda,
        invocations: measured.lambda.invocations + extraLambdas,
        gbSeconds: measured.lambda.gbSeconds + extraLambdas * lambdaGbSeconds,
        readUnits: measured.lambda.readUnits + personPolls * readPerPoll,
      },
    },
    savings,
  };
}
