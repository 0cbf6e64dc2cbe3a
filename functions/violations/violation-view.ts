import { policyInWords } from '#functions/violations/emails.ts';
import type { Violation } from '#lib/repositories/violations.ts';

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

/**
 * A violation as the API shows it: named fields only (never the task token or internal keys), with the policy
 * in plain words and whether (until when) it can still be appealed.
 */
export function violationView(violation: Violation, now = new Date()) {
  const deadline = violation.confirmation?.appealDeadline;
  const appealable =
    violation.status === 'CONFIRMED' &&
    violation.appeal === undefined &&
    violation.appealWindowClosedAt === undefined &&
    deadline !== undefined &&
    deadline > now.toISOString();
  const words = policyInWords(violation.policy);
  return {
    violationId: violation.violationId,
    partnerId: violation.partnerId,
    reportId: violation.reportId,
    subject: { type: violation.subject.type, id: violation.subject.id, name: violation.subjectName },
    policy: violation.policy,
    policyTitle: words.title,
    policyInPlainWords: words.rule,
    severity: violation.severity,
    ...optional('effectiveSeverity', violation.decision?.severity),
    evidence: violation.evidence,
    occurredAt: violation.occurredAt,
    reportedBy: violation.reportedBy,
    receivedAt: violation.receivedAt,
    status: violation.status,
    ...optional('recordedAt', violation.recordedAt),
    ...optional(
      'decision',
      violation.decision === undefined
        ? undefined
        : {
            severity: violation.decision.severity,
            escalations: violation.decision.escalations,
            route: violation.decision.route,
            proposedAction: violation.decision.proposedAction,
            strikesBefore: violation.decision.strikesBefore,
            decidedAt: violation.decision.decidedAt,
          },
    ),
    ...optional('review', violation.review),
    ...optional('confirmation', violation.confirmation),
    ...optional(
      'enforcement',
      violation.enforcement === undefined
        ? undefined
        : {
            status: violation.enforcement.status,
            startsAt: violation.enforcement.startsAt,
            ...optional('endsAt', violation.enforcement.endsAt),
            interim: violation.enforcement.interim,
            state: violation.enforcement.state,
            ...optional('endedAt', violation.enforcement.endedAt),
            pausedCampaignIds: violation.enforcement.campaignIds,
          },
    ),
    ...optional('strikeRemovedAt', violation.strikeRemovedAt),
    ...optional('appeal', violation.appeal),
    appealable,
    ...optional('appealDeadline', deadline),
    ...optional('appealWindowClosedAt', violation.appealWindowClosedAt),
    ...optional('resolvedAt', violation.resolvedAt),
    ...optional('failure', violation.failure),
    executionId: violation.executionId,
    createdAt: violation.createdAt,
    updatedAt: violation.updatedAt,
    links: {
      self: `/v1/violations/${violation.violationId}`,
      execution: `/v1/executions/${violation.executionId}`,
      appeals: `/v1/violations/${violation.violationId}/appeals`,
    },
  };
}

export type ViolationView = ReturnType<typeof violationView>;
