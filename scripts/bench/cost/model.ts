import type { FunctionUsage } from '#scripts/bench/cost/meter.ts';
import type { HumanWait } from '#scripts/bench/cost/paths.ts';
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

export interface PerStepDesign {
  readonly usage: ExecutionUsage;
  /** One line per difference, with what it adds to 1,000 executions. */
  readonly savings: readonly { readonly what: string; readonly perThousand: number }[];
}

/**
 * The same path built as one Lambda per step: every routing Choice becomes a Lambda that decides, and every
 * wait for a person becomes a polling loop (Wait, a Lambda that reads the decision, a Choice) instead of a task
 * token. Tasks, emails and writes stay as measured. Each added Lambda is priced at the median measured duration
 * of the path's own tasks and the default 256 MB.
 */
export function perStepDesign(
  measured: ExecutionUsage,
  choiceStates: readonly string[],
  waits: readonly HumanWait[],
): PerStepDesign {
  const typicalMs = Math.ceil(
    measured.lambda.durationsMs.length > 0 ? median(measured.lambda.durationsMs) : 1,
  );
  const lambdaGbSeconds = (typicalMs / 1000) * (256 / 1024);
  const oneLambda = PRICES.lambdaRequest + lambdaGbSeconds * PRICES.lambdaGbSecondArm;
  const polls = waits.reduce((total, wait) => total + Math.ceil(wait.seconds / POLL_INTERVAL_SECONDS), 0);
  const readPerPoll = 0.5; // one eventually consistent GetItem of a small item
  const savings = [];
  if (choiceStates.length > 0) {
    savings.push({
      what: `${choiceStates.join(', ')} route in Choice states: no Lambda request or duration (${choiceStates.length} × ${typicalMs} ms avoided; the transition is paid either way)`,
      perThousand: 1000 * choiceStates.length * oneLambda,
    });
  }
  if (polls > 0) {
    savings.push({
      what: `${waits.map((wait) => wait.state).join(' and ')} wait on a task token: nothing is billed while ${waits.map((wait) => wait.why).join('; ')}. Polling every ${POLL_INTERVAL_SECONDS / 60} minutes would run ${polls.toLocaleString('en-US')} polls of 3 transitions, 1 Lambda and ${readPerPoll} read unit`,
      perThousand:
        1000 * polls * (3 * PRICES.stateTransition + oneLambda + readPerPoll * PRICES.dynamodbReadUnit),
    });
  }
  const extraLambdas = choiceStates.length + polls;
  return {
    usage: {
      transitions: measured.transitions + 3 * polls,
      retries: measured.retries,
      emails: measured.emails,
      lambda: {
        ...measured.lambda,
        invocations: measured.lambda.invocations + extraLambdas,
        gbSeconds: measured.lambda.gbSeconds + extraLambdas * lambdaGbSeconds,
        readUnits: measured.lambda.readUnits + polls * readPerPoll,
      },
    },
    savings,
  };
}
