import { auditViolation } from '#functions/violations/audit.ts';
import type { ReportViolationBody } from '#functions/violations/report-schema.ts';
import type { SubjectProfile } from '#functions/violations/subjects.ts';
import type { ViolationInput } from '#functions/violations/tasks/state.ts';
import { logger } from '#lib/observability.ts';
import {
  getViolation,
  putNewViolation,
  type Violation,
  violationIdFor,
} from '#lib/repositories/violations.ts';
import { executionNameFor, startWorkflow } from '#lib/workflows/executions.ts';

export const VIOLATION_WORKFLOW = 'violation-handling';

export interface ViolationRequest {
  readonly partnerId: string;
  /** Who sent it, for the audit trail: `partner:<keyId>` or `ops:<keyId>`. */
  readonly actor: string;
  readonly report: ReportViolationBody;
  readonly subject: SubjectProfile;
  readonly now: Date;
}

export type ViolationRequestResult =
  | { readonly kind: 'started'; readonly violation: Violation }
  /** The same report (partner and reportId) arrived before: its violation, handled by its one workflow. */
  | { readonly kind: 'duplicate'; readonly violation: Violation };

function newViolation(request: ViolationRequest, violationId: string): Violation {
  const at = request.now.toISOString();
  return {
    violationId,
    partnerId: request.partnerId,
    reportId: request.report.reportId,
    subject: request.subject.subject,
    subjectName: request.subject.name,
    policy: request.report.policy,
    severity: request.report.severity,
    evidence: request.report.evidence,
    occurredAt: new Date(request.report.occurredAt).toISOString(),
    reportedBy: request.report.reportedBy,
    receivedBy: request.actor,
    receivedAt: at,
    executionId: executionNameFor(VIOLATION_WORKFLOW, violationId),
    status: 'RECEIVED',
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/**
 * Starts (or starts again) the violation's one execution. Its name and input are derived from the violation
 * alone, so a repeated start is the same execution: Step Functions answers a RUNNING one with itself, and one
 * that has ended with ExecutionAlreadyExists, which means it ran.
 */
async function ensureStarted(violation: Violation): Promise<void> {
  const input: ViolationInput = { violationId: violation.violationId, partnerId: violation.partnerId };
  try {
    await startWorkflow(VIOLATION_WORKFLOW, violation.executionId, input);
  } catch (error) {
    if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
    logger.info('The violation workflow had started already', { executionId: violation.executionId });
  }
}

/**
 * Accepts one report: stores it as RECEIVED under the id its partner and `reportId` derive (a conditional write:
 * the same report twice is one violation), audits it and starts its workflow. A repeated report answers the
 * stored violation; if its workflow had not started (the first request failed after storing it), the repeat
 * starts it, so a client's retry heals a failed start and nothing needs undoing.
 */
export async function requestViolationHandling(request: ViolationRequest): Promise<ViolationRequestResult> {
  const violationId = violationIdFor(request.partnerId, request.report.reportId);
  const violation = newViolation(request, violationId);
  if (!(await putNewViolation(violation))) {
    const existing = await getViolation(violationId);
    if (existing === undefined)
      throw new Error(`Violation ${violationId} vanished after a conflicting write`);
    if (existing.status === 'RECEIVED') await ensureStarted(existing);
    return { kind: 'duplicate', violation: existing };
  }
  await auditViolation({
    violationId,
    step: 'ReportViolation',
    action: 'violation.received',
    actor: request.actor,
    at: violation.receivedAt,
    executionId: violation.executionId,
    after: {
      status: 'RECEIVED',
      reportId: violation.reportId,
      subject: violation.subject,
      policy: violation.policy,
      severity: violation.severity,
      reportedBy: violation.reportedBy,
    },
  });
  await ensureStarted(violation);
  return { kind: 'started', violation };
}
