// How ops tools write durations and times: short, unambiguous, the same in the console and the CLI.

/** `850 ms`, `12.4 s`, `3 min 05 s`, `2 h 07 min`, `3 d 04 h`. */
export function formatDuration(milliseconds: number): string {
  const ms = Math.max(0, Math.round(milliseconds));
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const two = (value: number) => String(value).padStart(2, '0');
  const seconds = Math.floor(ms / 1_000);
  if (seconds < 3_600) return `${Math.floor(seconds / 60)} min ${two(seconds % 60)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ${two(minutes % 60)} min`;
  const hours = Math.floor(minutes / 60);
  return `${Math.floor(hours / 24)} d ${two(hours % 24)} h`;
}

/** An instant in UTC to the second, as ops compare times across regions: `2026-11-21 10:04:59Z`. */
export function formatUtc(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** The business id an execution name carries (`cr_abc-onboarding` → `cr_abc`), given the workflows' suffixes. */
export function businessIdOf(executionName: string, suffixes: readonly string[]): string {
  for (const suffix of suffixes) {
    if (executionName.endsWith(`-${suffix}`) && executionName.length > suffix.length + 1)
      return executionName.slice(0, -(suffix.length + 1));
  }
  return executionName;
}
