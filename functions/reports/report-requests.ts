import { getReportRecords, type ReportRecord, STALE_CLAIM_MINUTES } from '#functions/reports/data/ledger.ts';
import { listSchedulablePartners } from '#functions/reports/data/partners.ts';
import { hasEnded, lastCompletedWeek, lastWeekEndedEverywhere } from '#functions/reports/domain/weeks.ts';
import type { WeeklyReportRequest } from '#functions/reports/schemas.ts';
import type { RequestedRunInput } from '#functions/reports/tasks/state.ts';
import type { Principal } from '#lib/auth/principal.ts';
import { conflict, forbidden, notFound, unprocessable } from '#lib/http/errors.ts';
import { getPartner, type Partner } from '#lib/repositories/partners.ts';
import { executionNameFor, newBusinessId, startWorkflow } from '#lib/workflows/executions.ts';

export const REPORT_WORKFLOW = 'weekly-partner-report';

export type SkipReason = 'ALREADY_SENT' | 'IN_PROGRESS' | 'OUTCOME_UNKNOWN';

export interface WeeklyReportAccepted {
  readonly executionId: string;
  readonly week: string;
  readonly partners: readonly string[];
  readonly skipped: readonly { readonly partnerId: string; readonly reason: SkipReason }[];
  readonly resend: boolean;
}

const SKIP_MESSAGES: Readonly<Record<SkipReason, string>> = {
  ALREADY_SENT: 'was already sent; send it again with "resend": true',
  IN_PROGRESS: 'is being sent right now',
  OUTCOME_UNKNOWN:
    'may have been sent (its last attempt stopped mid-send); send it again with "resend": true',
};

/** Why a week would not be sent by this request, or undefined when it would. */
export function skipReason(
  record: ReportRecord | undefined,
  resend: boolean,
  now: Date,
): SkipReason | undefined {
  if (record === undefined) return undefined;
  const sending =
    record.status === 'SENDING' &&
    Date.parse(record.claimedAt) > now.getTime() - STALE_CLAIM_MINUTES * 60_000;
  if (sending) return 'IN_PROGRESS';
  if (resend) return undefined;
  if (record.status === 'SENT' || record.sendCount > 0) return 'ALREADY_SENT';
  if (record.status === 'UNCERTAIN') return 'OUTCOME_UNKNOWN';
  if (record.status === 'SENDING') return 'IN_PROGRESS';
  return undefined;
}

/** The partners a request covers: a manager's own partner; for ops the one named, or every partner. */
async function targetsOf(principal: Principal, requested: string | undefined): Promise<Partner[] | 'all'> {
  if (principal.role !== 'ops') {
    if (principal.partnerId === undefined) throw forbidden('This key does not belong to a partner');
    // Another partner's id reads as "not found", as every tenant-scoped route answers.
    if (requested !== undefined && requested !== principal.partnerId) throw notFound('This partner');
  }
  const partnerId = principal.role === 'ops' ? requested : principal.partnerId;
  if (partnerId === undefined) return 'all';
  const partner = await getPartner(partnerId);
  if (partner === undefined) throw notFound('This partner');
  return [partner];
}

function weekFor(targets: Partner[] | 'all', requested: string | undefined, now: Date): string {
  const [single] = targets === 'all' ? [] : targets;
  const timezone = single?.timezone ?? 'Etc/GMT+12';
  const week =
    requested ?? (single === undefined ? lastWeekEndedEverywhere(now) : lastCompletedWeek(now, timezone));
  if (!hasEnded(week, now, timezone)) {
    const where = single === undefined ? 'in every time zone' : `in ${timezone}`;
    throw unprocessable(`The week ${week} has not ended ${where} yet`, [
      { path: 'week', issue: `has not ended ${where} yet` },
    ]);
  }
  return week;
}

/**
 * Accepts `POST /v1/reports/weekly`: resolves the partners and the week, leaves out (or, for one partner,
 * refuses with 409) weeks already sent unless `resend`, and starts one run of the weekly-partner-report workflow.
 * The workflow's claim is what guarantees "at most once"; these checks only answer early and clearly.
 */
export async function requestWeeklyReports(
  principal: Principal,
  request: WeeklyReportRequest,
  now: Date,
): Promise<WeeklyReportAccepted> {
  const targets = await targetsOf(principal, request.partnerId);
  const week = weekFor(targets, request.week, now);
  const partnerIds =
    targets === 'all'
      ? (await listSchedulablePartners()).map((partner) => partner.partnerId)
      : targets.map((p) => p.partnerId);
  const records = await getReportRecords(partnerIds, week);
  const skipped: { partnerId: string; reason: SkipReason }[] = [];
  const partners: string[] = [];
  partnerIds.forEach((partnerId) => {
    const reason = skipReason(records.get(partnerId), request.resend, now);
    if (reason === undefined) partners.push(partnerId);
    else skipped.push({ partnerId, reason });
  });
  if (partners.length === 0) {
    const [first] = skipped;
    const message =
      targets !== 'all' && first !== undefined
        ? `The weekly report for ${week} ${SKIP_MESSAGES[first.reason]}`
        : `No weekly report for ${week} is left to send`;
    throw conflict(message, [
      { path: 'week', issue: first === undefined ? 'no partner to report on' : SKIP_MESSAGES[first.reason] },
    ]);
  }
  const executionId = executionNameFor(REPORT_WORKFLOW, newBusinessId('rpt'));
  const input: RequestedRunInput = {
    trigger: 'api',
    ...(targets === 'all' ? {} : { partnerId: partners[0] }),
    reports: partners.map((partnerId) => ({ partnerId, week })),
    resend: request.resend,
    requestedBy: `${principal.role}:${principal.keyId}`,
    requestedAt: now.toISOString(),
  };
  await startWorkflow(REPORT_WORKFLOW, executionId, input);
  return { executionId, week, partners, skipped, resend: request.resend };
}
