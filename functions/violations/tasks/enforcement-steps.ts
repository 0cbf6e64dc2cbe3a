import {
  pauseSubjectCampaign,
  resumeSubjectCampaign,
} from '#functions/violations/tasks/enforcement/campaigns.ts';
import { confirmViolation } from '#functions/violations/tasks/enforcement/confirm.ts';
import { enforceAction } from '#functions/violations/tasks/enforcement/enforce.ts';
import {
  compensateFailedHandling,
  endEnforcement,
  liftInterimSuspension,
  overturnViolation,
} from '#functions/violations/tasks/enforcement/lifting.ts';
import { stepHandler } from '#lib/workflows/step-handler.ts';

/**
 * The violation-handling steps that change the subject (one Lambda; each state names its step): confirm the
 * strike, enforce (status and campaigns), end or lift the enforcement, overturn on appeal, and the compensation.
 * Each is idempotent per violation: the strike and the enforcement are keyed by violation id in the subject's
 * standing, and times recorded by a first attempt are reused by its retries.
 */
export const handler = stepHandler({
  ConfirmViolation: confirmViolation,
  EnforceAction: enforceAction,
  PauseCampaign: pauseSubjectCampaign,
  ResumeCampaign: resumeSubjectCampaign,
  EndEnforcement: endEnforcement,
  LiftInterimSuspension: liftInterimSuspension,
  OverturnViolation: overturnViolation,
  CompensateFailedHandling: compensateFailedHandling,
});
