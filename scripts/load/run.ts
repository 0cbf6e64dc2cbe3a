import { randomBytes } from 'node:crypto';
import { localStateMachineArn } from '#catalog/naming.ts';
import { driveRequests, type RequestOutcome } from '#scripts/load/driver.ts';
import { awaitTerminal, isTerminal, stepFunctionsClient } from '#scripts/load/observe.ts';
import { type LoadReport, percentile } from '#scripts/load/report.ts';
import type { AcceptedStart, LoadWorkflow } from '#scripts/load/workflows/types.ts';

export interface LoadOptions {
  readonly workflow: LoadWorkflow;
  readonly apiUrl: string;
  /** The Step Functions API the runtime runs (from its /health), to read the executions' states. */
  readonly sfnUrl: string;
  /** The SES stand-in, whose store holds every email sent. */
  readonly sesUrl: string;
  /** A partner key; the load's creators are this partner's. */
  readonly key: string;
  readonly requests: number;
  readonly concurrency: number;
  /** The whole run's bound: sending, then waiting for terminal states. */
  readonly timeoutMs: number;
  /** Names this run's requests and entities; random by default. */
  readonly runId?: string;
  /** Faults injected so far (the runtime's `/local/faults` stats), to report them. */
  readonly faultsInjected?: () => Promise<number | undefined>;
  /** One line of progress at a time. */
  readonly progress?: (line: string) => void;
}

const counts = (keys: readonly string[]) => {
  const result: Record<string, number> = {};
  for (const key of keys) result[key] = (result[key] ?? 0) + 1;
  return result;
};

/** A short id for names: 6 characters of a-z and 0-9. */
export const newRunId = () =>
  [...randomBytes(6)].map((byte) => 'abcdefghijklmnopqrstuvwxyz0123456789'[byte % 36]).join('');

/**
 * Runs one load: sends the requests (each under its own Idempotency-Key, retried like a careful client), waits
 * for every accepted execution to end, then looks for anything lost or duplicated. Bounded by `timeoutMs`.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const runId = options.runId ?? newRunId();
  const startedAt = Date.now();
  const deadline = startedAt + options.timeoutMs;
  const progress = options.progress ?? (() => undefined);
  let settled = 0;
  let acceptedSoFar = 0;
  const sent = await driveRequests({
    apiUrl: options.apiUrl,
    key: options.key,
    requests: options.requests,
    concurrency: options.concurrency,
    deadline,
    request: (index) => ({
      ...options.workflow.request(index, runId),
      idempotencyKey: `load-${runId}-${index}`,
    }),
    onOutcome: (outcome: RequestOutcome) => {
      settled += 1;
      if (outcome.kind === 'accepted') acceptedSoFar += 1;
      if (settled % Math.max(1, Math.floor(options.requests / 20)) === 0 || settled === options.requests) {
        progress(`sent ${settled}/${options.requests}, accepted ${acceptedSoFar}`);
      }
    },
  });
  const accepted: AcceptedStart[] = [];
  const latencies: number[] = [];
  for (const outcome of sent.outcomes) {
    if (outcome.kind !== 'accepted') continue;
    const start = options.workflow.accepted(outcome.index, outcome.answer);
    if (start !== undefined) accepted.push(start);
    latencies.push(outcome.latencyMs);
  }

  const client = stepFunctionsClient(options.sfnUrl);
  let states: Map<string, { status: string; stopDate?: Date }>;
  try {
    let lastShown = -1;
    states = await awaitTerminal({
      client,
      stateMachineArn: localStateMachineArn(options.workflow.name),
      executionIds: accepted.map((start) => start.executionId),
      deadline,
      onProgress: (terminal) => {
        if (terminal !== lastShown) progress(`terminal ${terminal}/${accepted.length}`);
        lastShown = terminal;
      },
    });
  } finally {
    client.destroy();
  }
  const verification = await options.workflow.verify({
    apiUrl: options.apiUrl,
    key: options.key,
    sesUrl: options.sesUrl,
    runId,
    accepted,
  });
  const terminalStates = accepted.flatMap((start) => {
    const state = states.get(start.executionId);
    return state !== undefined && isTerminal(state.status) ? [state] : [];
  });
  const missing = new Set(verification.missingEntityIds);
  const lost = accepted.filter(
    (start) => !isTerminal(states.get(start.executionId)?.status) || missing.has(start.entityId),
  ).length;
  const lastStop = Math.max(
    startedAt,
    ...terminalStates.map((state) => state.stopDate?.getTime() ?? startedAt),
  );
  const faultsInjected = await options.faultsInjected?.();
  return {
    workflow: options.workflow.name,
    requests: options.requests,
    concurrency: options.concurrency,
    accepted: accepted.length,
    rejected: counts(
      sent.outcomes.flatMap((outcome) => (outcome.kind === 'rejected' ? [outcome.reason] : [])),
    ),
    gaveUp: counts(sent.outcomes.flatMap((outcome) => (outcome.kind === 'gave-up' ? [outcome.reason] : []))),
    retries: Object.fromEntries(sent.retries),
    terminal: counts(terminalStates.map((state) => state.status)),
    outcomes: verification.outcomes,
    duplicates: verification.duplicates,
    lost,
    unanswered: verification.unanswered,
    acceptLatencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
    executionsPerMinute: terminalStates.length / Math.max((lastStop - startedAt) / 60_000, 1 / 60_000),
    elapsedSeconds: (Date.now() - startedAt) / 1000,
    ...(faultsInjected === undefined ? {} : { faultsInjected }),
  };
}
