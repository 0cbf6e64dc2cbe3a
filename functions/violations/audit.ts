import { type AuditEntry, listAudit, recordAudit } from '#lib/repositories/audit.ts';
import { violationKey } from '#lib/repositories/violations.ts';

/**
 * A violation's audit trail lives beside it (`VIOLATION#<id>`): one entry per step, written once per execution
 * and step (a retried step writes nothing new), naming who or what decided, when, which execution, and the
 * state before and after.
 */
export interface ViolationAuditEntry {
  readonly violationId: string;
  /** The state that made the change, and a phase when one state changes more than one thing. */
  readonly step: string;
  readonly action: string;
  /** `system:<Step>`, `manager:<email>`, `manager:<keyId>`, `partner:<keyId>`, `ops:<keyId>`. */
  readonly actor: string;
  readonly at: string;
  readonly executionId: string;
  readonly before?: Readonly<Record<string, unknown>>;
  readonly after?: Readonly<Record<string, unknown>>;
}

export async function auditViolation(entry: ViolationAuditEntry): Promise<void> {
  await recordAudit({
    entityKey: violationKey(entry.violationId).pk,
    changeId: `${entry.executionId}#${entry.step}`,
    action: entry.action,
    actor: entry.actor,
    at: entry.at,
    executionId: entry.executionId,
    ...(entry.before === undefined ? {} : { before: entry.before }),
    ...(entry.after === undefined ? {} : { after: entry.after }),
  });
}

/** The violation's trail, oldest first. */
export function violationTrail(violationId: string): Promise<AuditEntry[]> {
  return listAudit(violationKey(violationId).pk);
}
