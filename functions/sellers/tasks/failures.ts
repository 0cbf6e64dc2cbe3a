import type { AuthorizationFailureCode } from '#functions/sellers/domain/authorization.ts';
import type { AuthorizationState, CaughtError } from '#functions/sellers/tasks/state.ts';
import { recordAudit } from '#lib/repositories/audit.ts';
import {
  deleteAuthCode,
  deletePendingTokens,
  deleteSellerTokens,
  getTokenMetadata,
} from '#lib/repositories/seller-tokens.ts';
import { finishAuthorization, sellerKey, transitionSeller } from '#lib/repositories/sellers.ts';

const MAX_MESSAGE_LENGTH = 300;

/** The readable part of a caught error's cause: a Lambda error's `errorMessage`, or the text itself. */
export function messageOf(caught: CaughtError | undefined, fallback: string): string {
  const cause = caught?.Cause;
  if (cause === undefined || cause.trim() === '') return fallback;
  let text = cause;
  try {
    const parsed: unknown = JSON.parse(cause);
    if (typeof parsed === 'object' && parsed !== null && 'errorMessage' in parsed) {
      const message = (parsed as { errorMessage: unknown }).errorMessage;
      text = typeof message === 'string' ? message : fallback;
    }
  } catch {
    // Plain text.
  }
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : text;
}

/**
 * Ends an authorization that did not make the seller ACTIVE: removes what it left behind (the sealed auth code,
 * the pending pair), records the failure, and closes it. A new seller becomes FAILED (and, when the failure came
 * after its pair was stored, loses the pair); a re-authorized seller keeps its status and its current pair.
 */
export async function recordFailure(
  state: AuthorizationState,
  executionId: string,
  code: AuthorizationFailureCode,
  message: string,
  step: string,
): Promise<{ code: AuthorizationFailureCode; at: string }> {
  const at = new Date().toISOString();
  const failure = { code, message, at };
  await deleteAuthCode(state.sellerId, state.authorizationId);
  await deletePendingTokens(state.sellerId, state.authorizationId);
  if (!state.reauthorization) {
    const current = await getTokenMetadata(state.sellerId);
    if (current?.authorizationId === state.authorizationId) await deleteSellerTokens(state.sellerId);
    await transitionSeller(state.sellerId, ['AUTHORIZING', 'ACTIVE'], { status: 'FAILED', failure }, at);
  }
  await finishAuthorization(
    state.sellerId,
    { authorizationId: state.authorizationId, executionId, at, result: 'FAILED', failure },
    at,
  );
  await recordAudit({
    entityKey: sellerKey(state.sellerId).pk,
    changeId: `${executionId}#${step}`,
    action: state.reauthorization ? 'seller.reauthorization-failed' : 'seller.authorization-failed',
    actor: `system:${step}`,
    at,
    executionId,
    after: { failure: code, ...(state.reauthorization ? {} : { status: 'FAILED' }) },
  });
  return { code, at };
}
