import { creatorApplicationSchema } from '#functions/creators/schemas.ts';
import { resolveOnboardingPolicy } from '#functions/creators/settings.ts';
import type { ApplicationContext, OnboardingState } from '#functions/creators/tasks/state.ts';
import { validate } from '#lib/http/validation.ts';
import { getPartner } from '#lib/repositories/partners.ts';
import { BusinessRuleError } from '#lib/workflows/errors.ts';
import { taskHandler } from '#lib/workflows/task-handler.ts';

/** Re-checks the application (an execution may be started without the API) and resolves the partner's policy. */
export async function validateApplication(state: OnboardingState): Promise<ApplicationContext> {
  const checked = validate(creatorApplicationSchema, state.creator);
  if (!checked.ok) {
    const problems = checked.details.map((detail) => `${detail.path} ${detail.issue}`).join('; ');
    throw new BusinessRuleError('InvalidApplication', `The application is invalid: ${problems}`);
  }
  const partner = await getPartner(state.partnerId);
  if (partner === undefined)
    throw new BusinessRuleError('UnknownPartner', `Partner ${state.partnerId} does not exist`);
  const policy = resolveOnboardingPolicy(partner.settings);
  return {
    creator: checked.value,
    partner: {
      partnerId: partner.partnerId,
      name: partner.name,
      timezone: partner.timezone,
      managerEmails: partner.managerEmails,
    },
    policy,
    reviewTimeoutSeconds: policy.reviewTimeoutHours * 3600,
    reminderTimeoutSeconds: policy.reminderTimeoutHours * 3600,
  };
}

export const handler = taskHandler('ValidateApplication', validateApplication);
