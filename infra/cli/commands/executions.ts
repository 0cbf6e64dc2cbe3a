import {
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  RedriveExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  CommandFailure,
  type CommandGroup,
  type CommandIo,
  parseCommandArgs,
  required,
  type Subcommand,
  UsageError,
} from '#cli/command.ts';
import { parseLimit, parseSince, renderTable } from '#cli/ops/output.ts';
import { type DeployedWorkflow, OpsStepFunctions } from '#cli/ops/step-functions.ts';
import { ExecutionFeed, type FeedExecution } from '#infra/ops/executions-feed.ts';
import { businessIdOf, formatDuration, formatUtc } from '#infra/ops/format.ts';
import { redactJsonText, redactSecrets } from '#infra/ops/redact.ts';
import { timelineOf } from '#infra/ops/timeline.ts';

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 10_000;

const TARGET_HELP = `Local runtime by default (AWS_ENDPOINT_URL_SFN, else http://127.0.0.1:8083); --aws --table NAME acts
on the deployed stack. ID is an execution id (cr_7fk2m9q4x8rt3wz5-onboarding), a business id (cr_7fk2m9q4x8rt3wz5)
or an execution ARN.`;

/** Runs a command body with its own Step Functions client, closed afterwards. */
async function withStepFunctions<T>(run: (sfn: OpsStepFunctions) => Promise<T>): Promise<T> {
  const sfn = new OpsStepFunctions();
  try {
    return await run(sfn);
  } finally {
    sfn.close();
  }
}

const durationMs = (start: Date | undefined, stop: Date | undefined) =>
  start === undefined ? undefined : (stop ?? new Date()).getTime() - start.getTime();

const parseJson = (text: string | undefined): unknown => {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

const list: Subcommand = {
  name: 'list',
  summary: 'List executions of every workflow, newest first',
  help: `Usage: partnerflow executions list [--workflow NAME] [--status STATUS] [--since WHEN] [--limit N] [--json]

Lists executions across PartnerFlow's workflows, newest first.

Options:
  --workflow NAME   only this workflow (creator-onboarding, seller-authorization, ...)
  --status STATUS   ${STATUSES.join(', ')}
  --since WHEN      started at or after: a date (2026-11-20, 2026-11-20T08:00:00Z) or an age (30m, 24h, 7d)
  --limit N         at most N executions (default ${DEFAULT_LIMIT})
  --json            one JSON array for scripts instead of a table

${TARGET_HELP}`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      workflow: { type: 'string' },
      status: { type: 'string' },
      since: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    });
    const status = values.status?.toUpperCase();
    if (status !== undefined && !STATUSES.includes(status)) {
      throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
    }
    const since = values.since === undefined ? undefined : parseSince(values.since);
    const limit = parseLimit(values.limit, DEFAULT_LIMIT, MAX_LIMIT);
    await withStepFunctions(async (sfn) => {
      const deployed = await sfn.workflows();
      const workflows = deployed.filter(
        (workflow) => values.workflow === undefined || workflow.name === values.workflow,
      );
      if (values.workflow !== undefined && workflows.length === 0) {
        throw new UsageError(
          `--workflow must be one of ${deployed.map((workflow) => workflow.name).join(', ') || '(no workflow is deployed)'}`,
        );
      }
      let found = 0;
      const feed = new ExecutionFeed({
        stateMachineArns: workflows.map((workflow) => workflow.stateMachineArn),
        fetchPage: (arn, token) => sfn.listPage(arn, token, status),
        ...(since === undefined ? {} : { since }),
        onFetch: (calls) =>
          io.progress?.(`Reading executions: ${calls} page${calls === 1 ? '' : 's'}, ${found} listed`),
      });
      const executions: FeedExecution[] = [];
      while (executions.length < limit) {
        const page = await feed.take(Math.min(100, limit - executions.length));
        if (page.length === 0) break;
        executions.push(...page);
        found = executions.length;
      }
      io.progress?.('');
      printList(io, executions, deployed, values.json === true, feed.more);
    });
  },
};

function printList(
  io: CommandIo,
  executions: readonly FeedExecution[],
  workflows: readonly DeployedWorkflow[],
  json: boolean,
  more: boolean,
): void {
  const suffixes = workflows.map((workflow) => workflow.suffix);
  const workflowOf = (arn: string) =>
    workflows.find((workflow) => workflow.stateMachineArn === arn)?.name ?? '?';
  if (json) {
    io.out(
      JSON.stringify(
        executions.map((execution) => ({
          executionId: execution.name,
          businessId: businessIdOf(execution.name, suffixes),
          workflow: workflowOf(execution.stateMachineArn),
          status: execution.status,
          startDate: execution.startDate.toISOString(),
          ...(execution.stopDate === undefined ? {} : { stopDate: execution.stopDate.toISOString() }),
          durationMs: durationMs(execution.startDate, execution.stopDate),
          executionArn: execution.executionArn,
        })),
        null,
        2,
      ),
    );
    return;
  }
  if (executions.length === 0) {
    io.out('No executions.');
    return;
  }
  const rows = executions.map((execution) => [
    execution.name,
    workflowOf(execution.stateMachineArn),
    execution.status,
    formatUtc(execution.startDate),
    formatDuration(durationMs(execution.startDate, execution.stopDate) ?? 0),
  ]);
  for (const line of renderTable(['EXECUTION ID', 'WORKFLOW', 'STATUS', 'STARTED (UTC)', 'DURATION'], rows))
    io.out(line);
  if (more) io.out(`(more executions exist: raise --limit, or narrow with --since, --workflow or --status)`);
}

const describe: Subcommand = {
  name: 'describe',
  summary: 'Show one execution: status, times, input and output (secrets redacted), failure',
  help: `Usage: partnerflow executions describe ID [--json]

Shows an execution: workflow, business id, status, start, stop, duration, redrives, its input and output with
every secret redacted, and why it failed.

${TARGET_HELP}`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, { min: 1, max: 1 });
    const id = required(positionals[0], 'ID');
    await withStepFunctions(async (sfn) => {
      const { execution, workflow } = await sfn.resolve(id);
      const summary = describedExecution(execution, workflow);
      if (values.json === true) {
        io.out(JSON.stringify(summary, null, 2));
        return;
      }
      const facts: [string, string][] = [
        ['Execution id', summary.executionId],
        ['Business id', summary.businessId],
        ['Workflow', summary.workflow],
        ['Status', summary.status],
        ['Started', summary.startDate === undefined ? '-' : formatUtc(new Date(summary.startDate))],
        ['Stopped', summary.stopDate === undefined ? '-' : formatUtc(new Date(summary.stopDate))],
        ['Duration', formatDuration(summary.durationMs ?? 0)],
        ['Redrives', `${summary.redriveCount} (${summary.redriveStatus})`],
      ];
      if (summary.error !== undefined) facts.push(['Error', summary.error]);
      for (const [label, value] of facts) io.out(`${`${label}:`.padEnd(14)}${value}`);
      if (execution.cause !== undefined) io.out(`\nCause:\n${redactJsonText(execution.cause)}`);
      io.out(`\nInput:\n${redactJsonText(execution.input) ?? '(none)'}`);
      io.out(`\nOutput:\n${redactJsonText(execution.output) ?? '(none yet)'}`);
    });
  },
};

function describedExecution(execution: DescribeExecutionCommandOutput, workflow: DeployedWorkflow) {
  const name = execution.name ?? '';
  return {
    executionId: name,
    businessId: businessIdOf(name, [workflow.suffix]),
    workflow: workflow.name,
    status: execution.status ?? 'UNKNOWN',
    startDate: execution.startDate?.toISOString(),
    stopDate: execution.stopDate?.toISOString(),
    durationMs: durationMs(execution.startDate, execution.stopDate),
    redriveCount: execution.redriveCount ?? 0,
    redriveStatus: execution.redriveStatus ?? 'NOT_REDRIVABLE',
    error: execution.error,
    cause: execution.cause === undefined ? undefined : redactSecrets(parseJson(execution.cause)),
    input: redactSecrets(parseJson(execution.input)),
    output: redactSecrets(parseJson(execution.output)),
    executionArn: execution.executionArn,
  };
}

const history: Subcommand = {
  name: 'history',
  summary: "List the states an execution ran, with each state's duration, retries and errors",
  help: `Usage: partnerflow executions history ID [--json]

The execution's history as a timeline: every state in the order it ran, when it started (after the execution
started), how long it took, how often it was retried, and how it ended (succeeded, caught, failed, running).

${TARGET_HELP}`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, { min: 1, max: 1 });
    const id = required(positionals[0], 'ID');
    await withStepFunctions(async (sfn) => {
      const { execution } = await sfn.resolve(id);
      const executionArn = execution.executionArn ?? '';
      const events: HistoryEvent[] = [];
      let nextToken: string | undefined;
      do {
        const page = await sfn.call((client) =>
          client.send(
            new GetExecutionHistoryCommand({
              executionArn,
              nextToken,
              maxResults: 1000,
              includeExecutionData: false,
            }),
          ),
        );
        events.push(...(page.events ?? []));
        nextToken = page.nextToken;
        if (nextToken !== undefined) io.progress?.(`Reading the history: ${events.length} events`);
      } while (nextToken !== undefined);
      io.progress?.('');
      const timeline = timelineOf(events);
      const started = execution.startDate?.getTime() ?? 0;
      if (values.json === true) {
        io.out(
          JSON.stringify(
            {
              executionId: execution.name,
              status: execution.status,
              steps: timeline.steps.map((step) => ({
                state: step.name,
                status: step.status,
                enteredAt: step.enteredAt.toISOString(),
                ...(step.exitedAt === undefined ? {} : { exitedAt: step.exitedAt.toISOString() }),
                ...(step.durationMs === undefined ? {} : { durationMs: step.durationMs }),
                attempts: step.attempts,
                errors: step.errors.map((failure) => ({
                  error: failure.error,
                  cause: redactJsonText(failure.cause),
                })),
              })),
              milestones: timeline.milestones.map((milestone) => ({
                ...milestone,
                at: milestone.at.toISOString(),
              })),
            },
            null,
            2,
          ),
        );
        return;
      }
      const rows = timeline.steps.map((step) => [
        step.name,
        step.status,
        `+${formatDuration(step.enteredAt.getTime() - started)}`,
        step.durationMs === undefined
          ? `${formatDuration(Date.now() - step.enteredAt.getTime())} so far`
          : formatDuration(step.durationMs),
        String(Math.max(0, step.attempts - 1)),
        step.errors.at(-1)?.error ?? '',
      ]);
      for (const line of renderTable(
        ['STATE', 'STATUS', 'STARTED', 'DURATION', 'RETRIES', 'LAST ERROR'],
        rows,
      ))
        io.out(line);
      for (const milestone of timeline.milestones) {
        if (milestone.kind === 'redriven') io.out(`Redriven at ${formatUtc(milestone.at)}`);
      }
    });
  },
};

const redrive: Subcommand = {
  name: 'redrive',
  summary: 'Resume a failed, timed-out or stopped execution from where it stopped',
  help: `Usage: partnerflow executions redrive ID

Redrives the execution (RedriveExecution): it resumes at the state that did not succeed, with the same input;
the states that succeeded are not run again.

${TARGET_HELP}`,
  async run(argv, io) {
    const { positionals } = parseCommandArgs(argv, {}, { min: 1, max: 1 });
    const id = required(positionals[0], 'ID');
    await withStepFunctions(async (sfn) => {
      const { execution } = await sfn.resolve(id);
      if (execution.redriveStatus !== 'REDRIVABLE') {
        throw new CommandFailure(
          `${execution.name} cannot be redriven: ${execution.redriveStatusReason ?? `it is ${execution.status}`}`,
        );
      }
      const answer = await sfn.call((client) =>
        client.send(new RedriveExecutionCommand({ executionArn: execution.executionArn })),
      );
      io.out(`Redriven ${execution.name} at ${formatUtc(answer.redriveDate ?? new Date())}.`);
    });
  },
};

const stop: Subcommand = {
  name: 'stop',
  summary: 'Stop a running execution',
  help: `Usage: partnerflow executions stop ID [--cause TEXT]

Stops the running execution (StopExecution): it ends as ABORTED with the error PartnerFlow.StoppedByOps and
the cause given; it can be redriven later.

Options:
  --cause TEXT   why (kept in the execution; default "Stopped by ops from the CLI")

${TARGET_HELP}`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { cause: { type: 'string' } }, { min: 1, max: 1 });
    const id = required(positionals[0], 'ID');
    await withStepFunctions(async (sfn) => {
      const { execution } = await sfn.resolve(id);
      if (execution.status !== 'RUNNING')
        throw new CommandFailure(`${execution.name} is ${execution.status}, not RUNNING`);
      const answer = await sfn.call((client) =>
        client.send(
          new StopExecutionCommand({
            executionArn: execution.executionArn,
            error: 'PartnerFlow.StoppedByOps',
            cause: values.cause?.trim() || 'Stopped by ops from the CLI',
          }),
        ),
      );
      io.out(`Stopped ${execution.name} at ${formatUtc(answer.stopDate ?? new Date())}.`);
    });
  },
};

export const command: CommandGroup = {
  name: 'executions',
  summary: 'Find, inspect, redrive and stop workflow executions',
  subcommands: [list, describe, history, redrive, stop],
};
