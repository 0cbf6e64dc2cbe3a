import { Duration } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { sesMetric, sesReputationMetric } from './service-alarms.ts';

export interface DashboardWorkflow {
  readonly name: string;
  readonly stateMachine: sfn.IStateMachine;
}

export interface DashboardFunction {
  readonly id: string;
  /** The fixed name (`functionName(id)`): the dashboard needs no reference to the function's stack. */
  readonly functionName: string;
}

export interface OpsDashboardProps {
  /** Every alarm of the stack, shown by state at the top. */
  readonly alarms: readonly cloudwatch.IAlarm[];
  readonly workflows: readonly DashboardWorkflow[];
  readonly functions: readonly DashboardFunction[];
  /** Undefined while the catalog declares no route. */
  readonly api?: apigateway.IRestApi & Pick<apigateway.RestApi, 'metric'>;
  readonly table: dynamodb.ITable;
  readonly reviewsPastSla: cloudwatch.IMetric;
  /** @default PartnerFlow */
  readonly dashboardName?: string;
}

/** An alarm status widget holds at most 100 alarms. */
const ALARMS_PER_WIDGET = 100;
const PERIOD = Duration.minutes(5);
const FULL = 24;
const HALF = 12;
const THIRD = 8;
const HEIGHT = 6;

const sum = (metric: cloudwatch.Metric, label: string) =>
  metric.with({ statistic: 'Sum', period: PERIOD, label });

function graph(
  title: string,
  left: readonly cloudwatch.IMetric[],
  width: number,
  options: Partial<cloudwatch.GraphWidgetProps> = {},
): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({
    title,
    left: [...left],
    width,
    height: HEIGHT,
    period: PERIOD,
    ...options,
  });
}

/** Per workflow: how many executions started, succeeded, failed and timed out, and how long they took. */
function workflowWidgets(workflow: DashboardWorkflow): cloudwatch.IWidget[] {
  const machine = workflow.stateMachine;
  return [
    graph(
      `${workflow.name}: executions`,
      [
        sum(machine.metricStarted(), 'started'),
        sum(machine.metricSucceeded(), 'succeeded'),
        sum(machine.metricFailed(), 'failed'),
        sum(machine.metricTimedOut(), 'timed out'),
      ],
      HALF,
      { stacked: false },
    ),
    graph(
      `${workflow.name}: duration`,
      [
        machine.metricTime({ statistic: 'p50', period: PERIOD, label: 'p50' }),
        machine.metricTime({ statistic: 'p99', period: PERIOD, label: 'p99' }),
      ],
      HALF,
      { leftYAxis: { label: 'ms', showUnits: false } },
    ),
  ];
}

function apiWidgets(api: NonNullable<OpsDashboardProps['api']>): cloudwatch.IWidget[] {
  return [
    graph(
      'API: requests and errors',
      [
        sum(api.metric('Count'), 'requests'),
        sum(api.metric('4XXError'), '4xx'),
        sum(api.metric('5XXError'), '5xx'),
      ],
      HALF,
    ),
    graph(
      'API: latency',
      [
        api.metric('Latency', { statistic: 'p99', period: PERIOD, label: 'p99' }),
        api.metric('IntegrationLatency', { statistic: 'p99', period: PERIOD, label: 'integration p99' }),
      ],
      HALF,
      { leftYAxis: { label: 'ms', showUnits: false } },
    ),
  ];
}

/** Lambda, one line per function: what failed, what was throttled, how long it ran and how many ran at once. */
function lambdaWidgets(functions: readonly DashboardFunction[]): cloudwatch.IWidget[] {
  const perFunction = (metricName: string, statistic: string) =>
    functions.map(
      (fn) =>
        new cloudwatch.Metric({
          namespace: 'AWS/Lambda',
          metricName,
          dimensionsMap: { FunctionName: fn.functionName },
          statistic,
          period: PERIOD,
          label: fn.id,
        }),
    );
  return [
    graph('Lambda: errors', perFunction('Errors', 'Sum'), HALF),
    graph('Lambda: throttles', perFunction('Throttles', 'Sum'), HALF),
    graph('Lambda: duration p99', perFunction('Duration', 'p99'), HALF, {
      leftYAxis: { label: 'ms', showUnits: false },
    }),
    graph('Lambda: concurrent executions', perFunction('ConcurrentExecutions', 'Maximum'), HALF),
  ];
}

function dataAndEmailWidgets(props: OpsDashboardProps): cloudwatch.IWidget[] {
  const table = props.table;
  return [
    graph(
      'DynamoDB: throttled requests',
      [
        table.metric('ReadThrottleEvents', { statistic: 'Sum', period: PERIOD, label: 'read throttles' }),
        table.metric('WriteThrottleEvents', { statistic: 'Sum', period: PERIOD, label: 'write throttles' }),
      ],
      THIRD,
    ),
    graph(
      'SES: sends, bounces, complaints',
      [
        sesMetric('Send').with({ label: 'sent' }),
        sesMetric('Bounce').with({ label: 'bounced' }),
        sesMetric('Complaint').with({ label: 'complaints' }),
      ],
      THIRD,
      {
        right: [
          sesReputationMetric('Reputation.BounceRate').with({ label: 'bounce rate' }),
          sesReputationMetric('Reputation.ComplaintRate').with({ label: 'complaint rate' }),
        ],
      },
    ),
    graph('Reviews past SLA', [props.reviewsPastSla], THIRD, { leftYAxis: { min: 0 } }),
  ];
}

/**
 * The ops dashboard: every alarm's state first, then per workflow started / succeeded / failed / timed out and
 * duration p50 / p99, the API (requests, 4xx, 5xx, latency p99), Lambda (errors, throttles, duration,
 * concurrency), DynamoDB throttles, SES (sends, bounces, complaints, reputation) and reviews past SLA.
 */
export class OpsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OpsDashboardProps) {
    super(scope, id);
    const rows: cloudwatch.IWidget[][] = [
      [
        new cloudwatch.TextWidget({
          markdown:
            '# PartnerFlow\nAlarms first, then workflows, the API, Lambda, DynamoDB, SES and reviews. Find one execution in the Step Functions console by its **business id** (execution names start with it), and everything logged about it with the saved Logs Insights query **PartnerFlow/One business id**.',
          width: FULL,
          height: 2,
        }),
      ],
    ];
    for (let start = 0; start < props.alarms.length; start += ALARMS_PER_WIDGET) {
      rows.push([
        new cloudwatch.AlarmStatusWidget({
          title: 'PartnerFlow alarms',
          alarms: props.alarms.slice(start, start + ALARMS_PER_WIDGET),
          width: FULL,
        }),
      ]);
    }
    for (const workflow of props.workflows) rows.push(workflowWidgets(workflow));
    if (props.api !== undefined) rows.push(apiWidgets(props.api));
    const lambda = lambdaWidgets(props.functions);
    rows.push(lambda.slice(0, 2), lambda.slice(2));
    rows.push(dataAndEmailWidgets(props));
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName ?? 'PartnerFlow',
      widgets: rows,
    });
  }
}
