/** The load run's figures, and the table that shows them one per line (`lost  0`). */
export interface LoadReport {
  readonly workflow: string;
  readonly requests: number;
  readonly concurrency: number;
  readonly accepted: number;
  /** Final 4xx answers by `<status> <code>`. */
  readonly rejected: Readonly<Record<string, number>>;
  /** Requests whose retries (or time) ran out on a retryable answer, by the last reason. */
  readonly gaveUp: Readonly<Record<string, number>>;
  /** Retried answers by reason (each retry used the same Idempotency-Key). */
  readonly retries: Readonly<Record<string, number>>;
  /** Accepted executions by final status. */
  readonly terminal: Readonly<Record<string, number>>;
  /** Entities by final status (creators ACTIVE, ...). */
  readonly outcomes: Readonly<Record<string, number>>;
  readonly duplicates: Readonly<Record<string, number>>;
  /** Accepted requests with no terminal execution, or whose entity is gone. */
  readonly lost: number;
  /** Work started whose answer no request got. */
  readonly unanswered: number;
  readonly acceptLatencyMs: { readonly p50: number; readonly p99: number };
  readonly executionsPerMinute: number;
  readonly elapsedSeconds: number;
  /** Faults the runtime injected during the run, when fault injection was on. */
  readonly faultsInjected?: number;
}

export const sum = (counts: Readonly<Record<string, number>>) =>
  Object.values(counts).reduce((total, count) => total + count, 0);

/** Nearest-rank percentile of a list of numbers (0 when empty). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}

/** What makes the run fail: anything lost, duplicated, or started without an answer. */
export function failures(report: LoadReport): string[] {
  const problems: string[] = [];
  if (report.lost > 0) problems.push(`${report.lost} lost`);
  const duplicated = sum(report.duplicates);
  if (duplicated > 0) problems.push(`${duplicated} duplicated`);
  if (report.unanswered > 0) problems.push(`${report.unanswered} started without an answer`);
  return problems;
}

/** The figures, one per line: a label padded to a column, then the value. */
export function renderTable(report: LoadReport): string {
  const rows: [string, string | number][] = [
    ['workflow', report.workflow],
    ['requests', report.requests],
    ['concurrency', report.concurrency],
    ['accepted', report.accepted],
    ['rejected', sum(report.rejected)],
    ...Object.entries(report.rejected).map(([reason, count]): [string, number] => [
      `rejected ${reason}`,
      count,
    ]),
    ['gave up', sum(report.gaveUp)],
    ...Object.entries(report.gaveUp).map(([reason, count]): [string, number] => [`gave up ${reason}`, count]),
    ['retried', sum(report.retries)],
    ...Object.entries(report.retries).map(([reason, count]): [string, number] => [
      `retried ${reason}`,
      count,
    ]),
    ['terminal', sum(report.terminal)],
    ...Object.entries(report.terminal).map(([status, count]): [string, number] => [
      `terminal ${status}`,
      count,
    ]),
    ...Object.entries(report.outcomes).map(([outcome, count]): [string, number] => [outcome, count]),
    ['duplicates found', sum(report.duplicates)],
    ...Object.entries(report.duplicates).map(([kind, count]): [string, number] => [
      `duplicate ${kind}`,
      count,
    ]),
    ['started without an answer', report.unanswered],
    ['lost', report.lost],
    ['accept latency p50', `${Math.round(report.acceptLatencyMs.p50)} ms`],
    ['accept latency p99', `${Math.round(report.acceptLatencyMs.p99)} ms`],
    ['executions/min', Math.round(report.executionsPerMinute)],
    ...(report.faultsInjected === undefined
      ? []
      : [['faults injected', report.faultsInjected] as [string, number]]),
    ['elapsed', `${report.elapsedSeconds.toFixed(1)} s`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${label.padEnd(width)}${value}`).join('\n');
}
