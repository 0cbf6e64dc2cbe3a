/** A Markdown table; cells are escaped so a `|` in a value cannot break the row. */
export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cell = (value: string | number) => String(value).replaceAll('|', '\\|').replaceAll('\n', ' ');
  return [
    `| ${headers.map(cell).join(' | ')} |`,
    `| ${headers.map((_, index) => (index === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** One section of docs/benchmarks.md, as a suite returns it. */
export interface Section {
  readonly title: string;
  /** Markdown: what was measured, how, the tables, and what the figures mean. */
  readonly body: string;
  /** Targets the issue sets, each met or not, for the summary at the top. */
  readonly targets: readonly TargetCheck[];
}

export interface TargetCheck {
  readonly target: string;
  readonly met: boolean;
  readonly detail: string;
}
