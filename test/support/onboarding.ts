import { DEFAULT_ONBOARDING_POLICY } from '#functions/creators/domain/policy.ts';
import type { CreatorApplication } from '#functions/creators/schemas.ts';
import type { OnboardingState } from '#functions/creators/tasks/state.ts';

let handles = 0;

/** A valid application that the default policy approves on the long-tail tier; override what a test is about. */
export function creatorApplication(overrides: Partial<CreatorApplication> = {}): CreatorApplication {
  handles += 1;
  return {
    handle: `creator.${process.pid}.${handles}`,
    displayName: 'Ann Creator',
    email: `creator${handles}@example.com`,
    region: 'ID',
    language: 'id',
    categories: ['beauty'],
    followers: 20_000,
    avgViews: 4_000,
    engagementRate: 0.05,
    gmv30d: 0,
    birthDate: '1995-05-05',
    ...overrides,
  };
}

/** The state a task receives once ValidateApplication has run. */
export function onboardingState(overrides: Partial<OnboardingState> = {}): OnboardingState {
  const creator = creatorApplication();
  return {
    creatorId: 'cr_test1',
    partnerId: 'acme',
    requestedAt: '2026-11-21T10:00:00.000Z',
    creator,
    application: {
      creator,
      partner: {
        partnerId: 'acme',
        name: 'Acme Agency',
        timezone: 'Asia/Jakarta',
        managerEmails: ['m@acme.test'],
      },
      policy: DEFAULT_ONBOARDING_POLICY,
      reviewTimeoutSeconds: 259_200,
      reminderTimeoutSeconds: 86_400,
    },
    ...overrides,
  };
}

/** The states of workflows/creator-onboarding.asl.json each path takes, by state name (shared by the tests and the bench). */
export const ONBOARDING_STATES = {
  /** Every application up to the routing decision. */
  decided: ['ValidateApplication', 'ReserveHandle', 'ScreenCompliance', 'ScoreAndTier', 'RouteDecision'],
  /** After an approval, by policy or by a manager. */
  approved: ['ActivateCreator', 'SendWelcomeEmail', 'RecordOnboardingMetrics'],
  /** After a rejection, by policy or by a manager (or a review nobody decided). */
  rejected: ['RejectCreator', 'SendRejectionNotice', 'RecordOnboardingMetrics'],
} as const;

export const APPROVED_PATH = [...ONBOARDING_STATES.decided, ...ONBOARDING_STATES.approved];
export const REJECTED_PATH = [...ONBOARDING_STATES.decided, ...ONBOARDING_STATES.rejected];
