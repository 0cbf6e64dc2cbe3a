import type { AreaSpec } from '#catalog/area.ts';
import { reportViolationBodySchema } from '#functions/violations/report-schema.ts';
import { fileAppealBodySchema, violationListQuerySchema } from '#functions/violations/schemas.ts';

/**
 * Violation handling (governance): the API, and the workflow's steps grouped into three task functions by what
 * they touch (the CloudFormation resource budget is tight): each state names its step in `args.step`.
 */
export const violations: AreaSpec = {
  functions: [
    {
      id: 'report-violation',
      entry: 'functions/violations/api/report-violation.ts',
      description: 'POST /v1/violations: records the report once (by reportId) and starts its workflow',
      // Get/Put/Update/Delete also serve the Idempotency-Key records.
      tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      startsWorkflows: ['violation-handling'],
    },
    {
      id: 'get-violation',
      entry: 'functions/violations/api/get-violation.ts',
      description: 'GET /v1/violations/{violationId}: the violation and its audit trail',
      tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
    },
    {
      id: 'list-violations',
      entry: 'functions/violations/api/list-violations.ts',
      description: 'GET /v1/violations: by subject and status',
      tableActions: ['dynamodb:Query'],
    },
    {
      id: 'file-violation-appeal',
      entry: 'functions/violations/api/file-appeal.ts',
      description:
        'POST /v1/violations/{violationId}/appeals: records the appeal once and wakes the workflow',
      tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      completesTasksOf: ['violation-handling'],
    },
    {
      id: 'violation-handling-steps',
      entry: 'functions/violations/tasks/handling-steps.ts',
      description:
        'Violation steps that record: record once, count strikes, decide, dismiss, uphold, notify, resolve',
      // Query: the subject's standing and the handle's history; the email once-marker needs Get/Put/Update/Delete.
      tableActions: [
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ],
      sendsEmail: true,
    },
    {
      id: 'violation-review-steps',
      entry: 'functions/violations/tasks/review-steps.ts',
      description:
        'Violation steps that wait for people: manager reviews with SLA and escalation, the appeal window',
      tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      sendsEmail: true,
      secrets: ['REVIEW_LINK_SECRET'],
      // Resumes its own execution when a decision or an appeal arrived while no task was waiting.
      completesTasksOf: ['violation-handling'],
    },
    {
      id: 'violation-enforcement-steps',
      entry: 'functions/violations/tasks/enforcement-steps.ts',
      description:
        'Violation steps that change the subject: strike, status, campaign pauses, lifting, compensation',
      tableActions: [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ],
      // Resuming a campaign wakes its launch execution when that was the campaign's last pause.
      completesTasksOf: ['campaign-launch'],
      timeoutSeconds: 30,
    },
  ],
  routes: [
    {
      method: 'POST',
      path: '/v1/violations',
      functionId: 'report-violation',
      roles: ['partner', 'ops'],
      summary:
        'Report a policy violation by a creator or seller (202; the same reportId answers the first answer; Idempotency-Key supported)',
      requestBody: reportViolationBodySchema,
      successStatus: 202,
      idempotency: 'key',
    },
    {
      method: 'GET',
      path: '/v1/violations/{violationId}',
      functionId: 'get-violation',
      roles: ['partner', 'manager', 'ops'],
      summary: 'One violation: its decision, enforcement, appeal, status and audit trail (oldest first)',
    },
    {
      method: 'GET',
      path: '/v1/violations',
      functionId: 'list-violations',
      roles: ['partner', 'manager', 'ops'],
      summary: "List the partner's violations, newest first, by subject and status",
      query: violationListQuerySchema,
    },
    {
      method: 'POST',
      path: '/v1/violations/{violationId}/appeals',
      functionId: 'file-violation-appeal',
      roles: ['partner'],
      summary:
        'Appeal a confirmed violation within its appeal window (202; 409 after the window or for a second appeal; Idempotency-Key supported)',
      requestBody: fileAppealBodySchema,
      successStatus: 202,
      idempotency: 'key',
    },
  ],
  workflows: [
    {
      name: 'violation-handling',
      definitionFile: 'workflows/violation-handling.asl.json',
      description:
        'Record once, count strikes, decide, review with SLA, enforce and pause campaigns, notify, appeal window, end of term, resolve',
      functionIds: ['violation-handling-steps', 'violation-review-steps', 'violation-enforcement-steps'],
      // The longest path: a review (2 windows), a suspension (at most 180 days) beside an appeal and its review.
      timeoutSeconds: 300 * 24 * 3600,
    },
  ],
  schedules: [],
};
