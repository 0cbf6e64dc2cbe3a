import type { AreaSpec } from '#catalog/area.ts';
import type { FunctionSpec, TableAction } from '#catalog/types.ts';
import { creatorListQuerySchema, startOnboardingBodySchema } from '#functions/creators/schemas.ts';

const READ: readonly TableAction[] = ['dynamodb:GetItem', 'dynamodb:Query'];
const EMAIL_ONCE: readonly TableAction[] = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
];

const task = (
  id: string,
  file: string,
  description: string,
  spec: Partial<FunctionSpec> = {},
): FunctionSpec => ({
  id: `onboarding-${id}`,
  entry: `functions/creators/tasks/${file}.ts`,
  description,
  ...spec,
});

/** Creator onboarding (CAP): the API that starts it, the workflow's steps, and the creator reads. */
export const creators: AreaSpec = {
  functions: [
    {
      id: 'start-creator-onboarding',
      entry: 'functions/creators/api/start-onboarding.ts',
      description: 'POST /v1/creators/onboardings: validates, reserves the handle, starts the workflow',
      // Get/Update/Delete also serve the Idempotency-Key records; DeleteItem undoes a request that failed to start.
      tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      startsWorkflows: ['creator-onboarding'],
      // Before undoing a failed start: did Step Functions accept it after all (a time-out after the fact)?
      readsExecutions: ['creator-onboarding'],
    },
    {
      id: 'get-creator',
      entry: 'functions/creators/api/get-creator.ts',
      description: 'GET /v1/creators/{creatorId}',
      tableActions: ['dynamodb:GetItem'],
    },
    {
      id: 'list-creators',
      entry: 'functions/creators/api/list-creators.ts',
      description: 'GET /v1/creators',
      tableActions: ['dynamodb:Query'],
    },
    task(
      'validate-application',
      'validate-application',
      'Re-validates the application and resolves the partner policy',
      {
        tableActions: ['dynamodb:GetItem'],
      },
    ),
    task('reserve-handle', 'reserve-handle', 'Guards the one-handle rule with a conditional write', {
      tableActions: ['dynamodb:PutItem'],
    }),
    task('screen-compliance', 'screen-compliance', "Summarizes the handle's violation history", {
      tableActions: READ,
    }),
    task(
      'score-and-tier',
      'score-and-tier',
      'Applies the onboarding policy: tier, pilot, review or rejection',
    ),
    task('request-review', 'request-review', 'Opens a manager review and emails the managers (task token)', {
      tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      sendsEmail: true,
      secrets: ['REVIEW_LINK_SECRET'],
      // Resumes the execution itself when a decision landed while no task was waiting (before the reminder).
      completesTasksOf: ['creator-onboarding'],
    }),
    task('activate-creator', 'activate-creator', 'Activates the creator with its tier', {
      tableActions: ['dynamodb:UpdateItem', 'dynamodb:PutItem'],
    }),
    task('send-welcome-email', 'send-welcome-email', "Welcomes the creator with the tier's training plan", {
      sendsEmail: true,
      // The once-only marker of the email (functions/lib/email/once.ts): a retried step never sends it twice.
      tableActions: EMAIL_ONCE,
    }),
    task('reject-creator', 'reject-creator', 'Rejects the creator, releases the handle, closes any review', {
      tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem'],
    }),
    task('send-rejection-notice', 'send-rejection-notice', 'Tells the creator why, in plain words', {
      sendsEmail: true,
      tableActions: EMAIL_ONCE,
    }),
    task(
      'compensate',
      'compensate',
      'After a failure: releases the handle and records the creator as rejected',
      {
        tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem'],
      },
    ),
    task('record-metrics', 'record-metrics', "Counts the outcome once in the partner's weekly metrics", {
      // The counters: a ledger update, then a put of its sums (functions/lib/metrics/counted-once.ts).
      tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
    }),
  ],
  routes: [
    {
      method: 'POST',
      path: '/v1/creators/onboardings',
      functionId: 'start-creator-onboarding',
      roles: ['partner'],
      summary: 'Start onboarding a creator (202 with the execution id; Idempotency-Key supported)',
      requestBody: startOnboardingBodySchema,
      successStatus: 202,
      idempotency: 'key',
    },
    {
      method: 'GET',
      path: '/v1/creators/{creatorId}',
      functionId: 'get-creator',
      roles: ['partner', 'manager', 'ops'],
      summary: 'Get one creator',
    },
    {
      method: 'GET',
      path: '/v1/creators',
      functionId: 'list-creators',
      roles: ['partner', 'manager', 'ops'],
      summary: "List the partner's creators, newest first, by status and tier",
      query: creatorListQuerySchema,
    },
  ],
  workflows: [
    {
      name: 'creator-onboarding',
      definitionFile: 'workflows/creator-onboarding.asl.json',
      description: 'Validate, reserve the handle, screen, tier, review if needed, activate, welcome, count',
      functionIds: [
        'onboarding-validate-application',
        'onboarding-reserve-handle',
        'onboarding-screen-compliance',
        'onboarding-score-and-tier',
        'onboarding-request-review',
        'onboarding-activate-creator',
        'onboarding-send-welcome-email',
        'onboarding-reject-creator',
        'onboarding-send-rejection-notice',
        'onboarding-compensate',
        'onboarding-record-metrics',
      ],
      timeoutSeconds: 8 * 24 * 3600,
    },
  ],
  schedules: [],
};
