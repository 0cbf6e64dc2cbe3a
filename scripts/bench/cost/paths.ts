import type { WorkflowName } from '#catalog/types.ts';
import { CAMPAIGN_LAUNCH_NOTE, CAMPAIGN_LAUNCH_PATHS } from '#scripts/bench/cost/paths/campaign-launch.ts';
import { ONBOARDING_NOTE, ONBOARDING_PATHS } from '#scripts/bench/cost/paths/creator-onboarding.ts';
import {
  SELLER_AUTHORIZATION_NOTE,
  SELLER_AUTHORIZATION_PATHS,
} from '#scripts/bench/cost/paths/seller-authorization.ts';
import {
  SELLER_NOTIFICATION_NOTE,
  SELLER_NOTIFICATION_PATHS,
} from '#scripts/bench/cost/paths/seller-notification.ts';
import type { WorkflowPath } from '#scripts/bench/cost/paths/types.ts';
import {
  VIOLATION_HANDLING_NOTE,
  VIOLATION_HANDLING_PATHS,
} from '#scripts/bench/cost/paths/violation-handling.ts';
import {
  WEEKLY_PARTNER_REPORT_NOTE,
  WEEKLY_PARTNER_REPORT_PATHS,
} from '#scripts/bench/cost/paths/weekly-partner-report.ts';

export { CAMPAIGN_LAUNCH_PATHS } from '#scripts/bench/cost/paths/campaign-launch.ts';
export { ONBOARDING_PATHS } from '#scripts/bench/cost/paths/creator-onboarding.ts';
export { SELLER_AUTHORIZATION_PATHS } from '#scripts/bench/cost/paths/seller-authorization.ts';
export { SELLER_NOTIFICATION_PATHS } from '#scripts/bench/cost/paths/seller-notification.ts';
export type {
  ExecutionRef,
  PathContext,
  PathWait,
  WorkflowPath,
} from '#scripts/bench/cost/paths/types.ts';
export { VIOLATION_HANDLING_PATHS } from '#scripts/bench/cost/paths/violation-handling.ts';
export { WEEKLY_PARTNER_REPORT_PATHS } from '#scripts/bench/cost/paths/weekly-partner-report.ts';

/** Every measured path, one array per workflow (scripts/bench/cost/paths/<workflow>.ts), in the document's order. */
export const WORKFLOW_PATHS: readonly WorkflowPath[] = [
  ...ONBOARDING_PATHS,
  ...SELLER_AUTHORIZATION_PATHS,
  ...SELLER_NOTIFICATION_PATHS,
  ...CAMPAIGN_LAUNCH_PATHS,
  ...VIOLATION_HANDLING_PATHS,
  ...WEEKLY_PARTNER_REPORT_PATHS,
];

/** Per workflow: whether a Lambda only forwards one call to another service, and what was done about it. */
export const FORWARDING_NOTES: Readonly<Record<WorkflowName, string>> = {
  'creator-onboarding': ONBOARDING_NOTE,
  'seller-authorization': SELLER_AUTHORIZATION_NOTE,
  'seller-notification': SELLER_NOTIFICATION_NOTE,
  'campaign-launch': CAMPAIGN_LAUNCH_NOTE,
  'violation-handling': VIOLATION_HANDLING_NOTE,
  'weekly-partner-report': WEEKLY_PARTNER_REPORT_NOTE,
};
