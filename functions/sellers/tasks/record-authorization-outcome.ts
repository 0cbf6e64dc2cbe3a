import type { AuthorizationOutcome, AuthorizationState } from '#functions/sellers/tasks/state.ts';
import { REPORT_COUNTERS } from '#lib/metrics/report-counters.ts';
import { recordBusinessEvent } from '#lib/metrics/weekly-counters.ts';
import { getPartner } from '#lib/repositories/partners.ts';
import { taskHandler } from '#lib/workflows/task-handler.ts';

/** The execution's outcome, as GET /v1/executions/{id} shows it. */
export function authorizationOutcome(state: AuthorizationState): AuthorizationOutcome {
  const base = { sellerId: state.sellerId, authorizationId: state.authorizationId };
  if (state.activation !== undefined) {
    return {
      ...base,
      status: 'ACTIVE',
      ...(state.shop === undefined ? {} : { shopId: state.shop.shopId }),
      ...(state.tokens === undefined ? {} : { accessTokenExpiresAt: state.tokens.accessTokenExpiresAt }),
      notifications: { confirmationEmails: state.confirmationError === undefined ? 'SENT' : 'FAILED' },
    };
  }
  const request = state.reauthorizationRequest?.status;
  return {
    ...base,
    status: 'FAILED',
    ...(state.failureRecord === undefined ? {} : { reason: state.failureRecord.code }),
    notifications: {
      reauthorizationRequest:
        state.reauthorizationRequestError !== undefined ? 'FAILED' : request === 'SENT' ? 'SENT' : 'SKIPPED',
    },
  };
}

/** The weekly counters one finished authorization adds. */
export function authorizationCounters(
  outcome: AuthorizationOutcome,
  reauthorization: boolean,
): Record<string, number> {
  const counters: Record<string, number> = {};
  if (outcome.status === 'ACTIVE') {
    // A renewal counts as an authorization too (report-counters.ts), and on its own as a renewal.
    counters[REPORT_COUNTERS.sellersAuthorized] = 1;
    if (reauthorization) counters['sellers.reauthorized'] = 1;
  } else {
    counters['sellers.authorizationFailed'] = 1;
  }
  for (const [notification, status] of Object.entries(outcome.notifications)) {
    if (status === 'FAILED') counters[`notifications.failed.${notification}`] = 1;
  }
  return counters;
}

/** Counts the finished authorization once in the partner's week (retries and redrives never double it). */
export async function recordAuthorizationOutcome(state: AuthorizationState): Promise<AuthorizationOutcome> {
  const outcome = authorizationOutcome(state);
  const timezone = state.context?.partner.timezone ?? (await getPartner(state.partnerId))?.timezone ?? 'UTC';
  await recordBusinessEvent({
    partnerId: state.partnerId,
    eventId:
      outcome.status === 'ACTIVE'
        ? `seller-authorized#${outcome.shopId ?? state.sellerId}#${state.authorizationId}`
        : `seller-authorization-failed#${state.authorizationId}`,
    // The decision's own time, so a retry after midnight still lands on the same day's counter item.
    occurredAt: state.activation?.activatedAt ?? state.failureRecord?.at ?? state.requestedAt,
    timezone,
    counters: authorizationCounters(outcome, state.reauthorization),
  });
  return outcome;
}

export const handler = taskHandler('RecordAuthorizationOutcome', recordAuthorizationOutcome);
