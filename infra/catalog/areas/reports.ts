import type { AreaSpec } from '#catalog/area.ts';
import type { FunctionSpec } from '#catalog/types.ts';
import { weeklyReportRequestSchema } from '#functions/reports/schemas.ts';

const task = (
  id: string,
  file: string,
  description: string,
  spec: Partial<FunctionSpec> = {},
): FunctionSpec => ({
  id: `report-${id}`,
  entry: `functions/reports/tasks/${file}.ts`,
  description,
  ...spec,
});

/**
 * Weekly partner reports: every Monday at 08:00 in each partner's own time zone, one email to the partner's
 * managers with last week's figures, what needs attention, the top creators and an 8-week chart.
 *
 * The schedule is a sweep, not a schedule per time zone: partners' time zones are data (the admin CLI sets
 * them), so a schedule per zone would need a deploy for each new zone. Every 15 minutes from Sunday to Tuesday
 * (UTC) the workflow selects the partners whose local time is Monday 08:00-08:14 at the scheduled instant,
 * computed with the time zone database, so daylight saving is honoured without any schedule changing
 * (functions/reports/domain/schedule.ts). Tuesday gives failed reports a day of retries.
 */
export const reports: AreaSpec = {
  functions: [
    task(
      'list-due',
      'list-due',
      'Partners whose Monday 08:00 is now, and failed reports due another attempt',
      {
        tableActions: ['dynamodb:Query'],
        timeoutSeconds: 30,
      },
    ),
    task('claim-week', 'claim-week', "Claims a partner's week with a conditional write (sent at most once)", {
      tableActions: ['dynamodb:UpdateItem', 'dynamodb:GetItem'],
    }),
    task(
      'build',
      'build-report',
      'Builds the figures from the pre-aggregated weekly counters and stores them',
      {
        tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:PutItem'],
        memoryMb: 512,
        timeoutSeconds: 45,
      },
    ),
    task(
      'send',
      'send-report',
      "Renders HTML, text and CSV and emails the partner's managers (SES SendRawEmail)",
      {
        tableActions: ['dynamodb:GetItem'],
        sendsEmail: true,
        memoryMb: 512,
        timeoutSeconds: 45,
      },
    ),
    task('mark-sent', 'mark-sent', 'Records the week as sent with the figures the email showed', {
      tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    }),
    task(
      'record-failure',
      'record-failure',
      'Records a failed attempt and schedules a later one when nothing was sent',
      {
        tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      },
    ),
    task('summarize-run', 'summarize-run', 'Sums up which partners got their report, were skipped or failed'),
    {
      id: 'request-weekly-report',
      entry: 'functions/reports/api/request-weekly-report.ts',
      description:
        'POST /v1/reports/weekly: runs the weekly report now for one partner or all (resend on request)',
      // Query lists partners for ops; Get/Put/Update/Delete also serve the Idempotency-Key records.
      tableActions: [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ],
      startsWorkflows: ['weekly-partner-report'],
    },
    {
      id: 'get-weekly-report',
      entry: 'functions/reports/api/get-weekly-report.ts',
      description:
        "GET /v1/reports/{partnerId}/{week}: a week's report figures as JSON (as sent, or built now)",
      tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
      memoryMb: 512,
      timeoutSeconds: 20,
    },
  ],
  routes: [
    {
      method: 'POST',
      path: '/v1/reports/weekly',
      functionId: 'request-weekly-report',
      roles: ['manager', 'ops'],
      summary:
        'Send the weekly report now (manager: own partner; ops: one or all) for an ISO week; 409 if already sent unless resend',
      requestBody: weeklyReportRequestSchema,
      successStatus: 202,
      idempotency: 'key',
    },
    {
      method: 'GET',
      path: '/v1/reports/{partnerId}/{week}',
      functionId: 'get-weekly-report',
      roles: ['partner', 'manager', 'ops'],
      summary:
        "A week's report figures as JSON: the numbers the email showed (or, before it is sent, built now)",
    },
  ],
  workflows: [
    {
      name: 'weekly-partner-report',
      definitionFile: 'workflows/weekly-partner-report.asl.json',
      description:
        'List the partners due, then per partner (bounded concurrency): claim the week, build, send, mark sent',
      functionIds: [
        'report-list-due',
        'report-claim-week',
        'report-build',
        'report-send',
        'report-mark-sent',
        'report-record-failure',
        'report-summarize-run',
      ],
      timeoutSeconds: 2 * 3600,
    },
  ],
  schedules: [
    {
      id: 'weekly-report-sweep',
      description:
        'Every 15 minutes, Sunday to Tuesday (UTC): sends the reports of partners whose Monday 08:00 it is',
      cron: '0/15 * ? * SUN-TUE *',
      timezone: 'Etc/UTC',
      target: {
        workflow: 'weekly-partner-report',
        // EventBridge Scheduler puts the slot's time here; the local scheduler sets it to the due minute.
        input: { trigger: 'schedule', scheduledTime: '<aws.scheduler.scheduled-time>' },
      },
    },
  ],
};
