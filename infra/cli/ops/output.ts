import { UsageError } from '#cli/command.ts';

/** Rows as a plain-text table: a header line, then one line per row, columns padded to their widest cell. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}

const RELATIVE = /^(\d+)(m|h|d|w)$/;
const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `--since`: an ISO 8601 date or time (`2026-11-20`, `2026-11-20T08:00:00Z`), or an age (`30m`, `24h`, `7d`, `2w`). */
export function parseSince(value: string, now = new Date()): Date {
  const relative = RELATIVE.exec(value.trim());
  if (relative !== null)
    return new Date(now.getTime() - Number(relative[1]) * (UNIT_MS[relative[2] ?? 'h'] ?? 0));
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim())) {
    const at = new Date(value.trim());
    if (!Number.isNaN(at.getTime())) return at;
  }
  throw new UsageError(
    `--since must be a date (2026-11-20, 2026-11-20T08:00:00Z) or an age (30m, 24h, 7d), got '${value}'`,
  );
}

/** `--limit`: a whole number from 1 to `max`. */
export function parseLimit(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit < 1 || limit > max)
    throw new UsageError(`--limit must be a whole number from 1 to ${max}`);
  return limit;
}
