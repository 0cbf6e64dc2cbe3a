import type { StepFailure } from '#functions/campaigns/tasks/state.ts';
import type { CampaignFailure } from '#lib/repositories/campaigns.ts';
import { BusinessRuleError } from '#lib/workflows/errors.ts';

export const isBusinessRule = (error: unknown): error is BusinessRuleError =>
  error instanceof BusinessRuleError;

/** `PartnerFlow.NoCreatorInvited` → `NO_CREATOR_INVITED`: the campaign's failure code. */
const codeOf = (name: string) =>
  name
    .replace(/^PartnerFlow\./, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase();

/** A Lambda error's Cause is `{"errorMessage": ...}`; a Pass state's is plain text. */
function messageOf(cause: string | undefined): string | undefined {
  if (cause === undefined || cause.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(cause);
    if (typeof parsed === 'object' && parsed !== null && 'errorMessage' in parsed) {
      const message = (parsed as { errorMessage: unknown }).errorMessage;
      return typeof message === 'string' ? message : undefined;
    }
    return typeof parsed === 'string' ? parsed : undefined;
  } catch {
    return cause;
  }
}

/**
 * The failure a campaign records from the error that stopped its launch: PartnerFlow's own errors in their own
 * words (TIKTOK_UNAVAILABLE for an outage that outlived every retry), anything else as PROCESSING_FAILED with a
 * message that leaks nothing internal.
 */
export function campaignFailureOf(failure: StepFailure | undefined, at: string): CampaignFailure {
  const name = failure?.Error ?? '';
  const message = messageOf(failure?.Cause);
  if (name === 'PartnerFlow.Transient' && (message ?? '').includes('TikTok Shop')) {
    return { code: 'TIKTOK_UNAVAILABLE', message: message ?? 'TikTok Shop is unavailable', at };
  }
  if (name.startsWith('PartnerFlow.') && name !== 'PartnerFlow.Transient') {
    return { code: codeOf(name), message: message ?? name, at };
  }
  return {
    code: 'PROCESSING_FAILED',
    message: 'The launch failed on our side; ops can see why in its execution',
    at,
  };
}
