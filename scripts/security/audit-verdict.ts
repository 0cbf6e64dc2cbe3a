/**
 * Reads `npm audit --omit=dev --json` and decides what CI does with it: fail on any high or critical advisory
 * in a production dependency; pass, saying so loudly, when the registry did not answer the audit request (some
 * registries and mirrors refuse the bulk advisory endpoint with 405, or the network is down). A refusal is not
 * a finding, and CI must not go red for it, but nobody may mistake it for a clean audit either.
 */

export type AuditVerdict =
  | { readonly kind: 'clean'; readonly counts: Readonly<Record<Severity, number>> }
  | {
      readonly kind: 'findings';
      readonly counts: Readonly<Record<Severity, number>>;
      /** `name (severity): title` for every package at high or critical. */
      readonly packages: readonly string[];
    }
  | { readonly kind: 'unavailable'; readonly reason: string };

export type Severity = 'info' | 'low' | 'moderate' | 'high' | 'critical';

const SEVERITIES: readonly Severity[] = ['info', 'low', 'moderate', 'high', 'critical'];
const BLOCKING: ReadonlySet<Severity> = new Set(['high', 'critical']);

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function countsOf(metadata: Json): Record<Severity, number> {
  const counts = isRecord(metadata.vulnerabilities) ? metadata.vulnerabilities : {};
  return Object.fromEntries(
    SEVERITIES.map((severity) => [severity, Number(counts[severity] ?? 0) || 0]),
  ) as Record<Severity, number>;
}

function blockingPackages(report: Json): string[] {
  const vulnerabilities = isRecord(report.vulnerabilities) ? report.vulnerabilities : {};
  return Object.entries(vulnerabilities).flatMap(([name, entry]) => {
    if (!isRecord(entry) || !BLOCKING.has(entry.severity as Severity)) return [];
    const titles = (Array.isArray(entry.via) ? entry.via : [])
      .filter(isRecord)
      .map((advisory) => String(advisory.title ?? advisory.url ?? ''))
      .filter((title) => title !== '');
    return [`${name} (${String(entry.severity)})${titles.length > 0 ? `: ${titles.join('; ')}` : ''}`];
  });
}

/** The verdict on npm audit's JSON output (stdout); anything that is not a report means no answer. */
export function auditVerdict(stdout: string): AuditVerdict {
  let report: unknown;
  try {
    report = JSON.parse(stdout);
  } catch {
    return { kind: 'unavailable', reason: 'npm audit printed no report' };
  }
  if (!isRecord(report)) return { kind: 'unavailable', reason: 'npm audit printed no report' };
  if (isRecord(report.metadata) && isRecord(report.metadata.vulnerabilities)) {
    const counts = countsOf(report.metadata);
    const blocking = counts.high + counts.critical;
    return blocking === 0
      ? { kind: 'clean', counts }
      : { kind: 'findings', counts, packages: blockingPackages(report) };
  }
  const error = isRecord(report.error) ? report.error : {};
  const message = String(report.message ?? error.summary ?? error.code ?? '')
    // The endpoint's address adds nothing to the reason.
    .replace(/\s*-?\s*(?:[A-Z]+\s+)?https?:\/\/\S+/g, '')
    .trim();
  const reason = message === '' ? String(report.statusCode ?? '') : message;
  return { kind: 'unavailable', reason: reason === '' ? 'the audit endpoint answered no report' : reason };
}
