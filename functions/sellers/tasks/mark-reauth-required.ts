import { renderReauthorizationRequest, renderReauthRequiredNotice } from '#functions/sellers/emails.ts';
import { resolveSellerSettings } from '#functions/sellers/settings.ts';
import { messageOf } from '#functions/sellers/tasks/failures.ts';
import type { RefreshState } from '#functions/sellers/tasks/state.ts';
import { type EmailMessage, sendEmail } from '#lib/email/send.ts';
import { recordBusinessEvent } from '#lib/metrics/weekly-counters.ts';
import { logger } from '#lib/observability.ts';
import { recordAudit } from '#lib/repositories/audit.ts';
import { getPartner } from '#lib/repositories/partners.ts';
import { sellerKey, transitionSeller } from '#lib/repositories/sellers.ts';
import { type TaskContext, taskHandler } from '#lib/workflows/task-handler.ts';

/** Emails go out best effort: the status change must stand even when SES does not take them. */
async function trySend(message: EmailMessage, what: string, sellerId: string): Promise<'SENT' | 'FAILED'> {
  try {
    await sendEmail(message);
    return 'SENT';
  } catch (error) {
    logger.error(`Could not send the ${what}`, { sellerId, error: error as Error });
    return 'FAILED';
  }
}

/**
 * After TikTok refused a refresh for good: the seller becomes REAUTH_REQUIRED and keeps its old pair (nothing
 * is deleted: a renewed authorization replaces it), the seller is asked to authorize again and the managers are
 * told. The execution then fails with PartnerFlow.ReauthRequired, which alarms ops.
 */
export async function markReauthRequired(state: RefreshState, context: TaskContext) {
  const at = new Date().toISOString();
  const failure = {
    code: 'REFRESH_REJECTED',
    message: messageOf(state.failure, 'TikTok Shop refused to refresh the access token'),
    at,
  };
  const before = await transitionSeller(
    state.sellerId,
    ['ACTIVE'],
    { status: 'REAUTH_REQUIRED', failure },
    at,
  );
  if (before === undefined) return { status: 'UNCHANGED' as const, notifications: {} };
  logger.error('A seller needs to authorize again: its token could not be refreshed', {
    sellerId: state.sellerId,
    partnerId: state.partnerId,
  });
  const partner = await getPartner(state.partnerId);
  await recordAudit({
    entityKey: sellerKey(state.sellerId).pk,
    changeId: `${context.executionId}#MarkReauthRequired`,
    action: 'seller.reauth-required',
    actor: 'system:MarkReauthRequired',
    at,
    executionId: context.executionId,
    before: { status: before.status },
    after: { status: 'REAUTH_REQUIRED', failure: failure.code },
  });
  await recordBusinessEvent({
    partnerId: state.partnerId,
    eventId: `seller-reauth-required#${state.sellerId}#v${state.tokenVersion}`,
    occurredAt: at,
    timezone: partner?.timezone ?? 'UTC',
    counters: { 'sellers.reauthRequired': 1 },
  });
  const partnerName = partner?.name ?? 'your agency';
  const settings = resolveSellerSettings(partner?.settings ?? {});
  const sellerEmail = await trySend(
    {
      to: [before.contactEmail],
      ...renderReauthorizationRequest({
        shopName: before.shopName,
        partnerName,
        reason: 'refresh-failed',
        ...(settings.authorizationUrl === undefined ? {} : { authorizationUrl: settings.authorizationUrl }),
      }),
    },
    're-authorization request',
    state.sellerId,
  );
  const managers = partner?.managerEmails ?? [];
  const managerEmail =
    managers.length === 0
      ? 'SKIPPED'
      : await trySend(
          {
            to: managers,
            ...renderReauthRequiredNotice({
              shopName: before.shopName,
              sellerId: state.sellerId,
              partnerName,
            }),
          },
          're-authorization notice to the managers',
          state.sellerId,
        );
  return { status: 'REAUTH_REQUIRED' as const, notifications: { sellerEmail, managerEmail } };
}

export const handler = taskHandler('MarkReauthRequired', markReauthRequired);
