// The ops side of the stack: the dashboard's widgets, each alarm's metric, threshold and action, the saved Logs
// Insights queries. Synthesized once from the infra test catalog (two workflows, routes, six functions).
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PartnerFlowStack } from '#infra/stack.ts';
import { infraTestCatalog } from '#test/fixtures/infra/catalog.ts';
import { type Synthesized, synthesize } from '#test/infra/support/synth.ts';

interface Widget {
  readonly type: string;
  readonly properties: {
    readonly title?: string;
    readonly metrics?: readonly (readonly unknown[])[];
    readonly alarms?: readonly string[];
    readonly markdown?: string;
  };
}

/** One metric line of a widget: namespace, name, the dimension values, and its stat and label. */
interface MetricLine {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: readonly string[];
  readonly stat: string | undefined;
  readonly label: string | undefined;
}

let stack: PartnerFlowStack;
let template: Template;
let widgets: Widget[];
let logicalId: Synthesized['logicalId'];

/** The dashboard body is a Fn::Join of JSON text and references; references become `<LogicalId>` strings. */
function dashboardWidgets(): Widget[] {
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  if (dashboard === undefined) throw new Error('The stack has no dashboard');
  const body = (dashboard.Properties as { DashboardBody: { 'Fn::Join': [string, unknown[]] } }).DashboardBody;
  const join = body['Fn::Join'][1];
  const text = join
    .map((part) => {
      if (typeof part === 'string') return part;
      const reference = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
      return `<${reference.Ref ?? reference['Fn::GetAtt']?.[0] ?? '?'}>`;
    })
    .join('');
  return (JSON.parse(text) as { widgets: Widget[] }).widgets;
}

function widget(title: string): Widget {
  const found = widgets.find((candidate) => candidate.properties.title === title);
  if (found === undefined) throw new Error(`No widget titled ${title}`);
  return found;
}

function linesOf(title: string): MetricLine[] {
  return (widget(title).properties.metrics ?? []).map((line) => {
    const options = line.at(-1) as { stat?: string; label?: string };
    const [namespace, name, ...dimensions] = line.slice(0, -1) as string[];
    return {
      namespace: namespace ?? '',
      name: name ?? '',
      dimensions: dimensions.filter((_, index) => index % 2 === 1),
      stat: options.stat,
      label: options.label,
    };
  });
}

const opsTopic = () => ({ Ref: logicalId(stack.observability.topic) });

beforeAll(() => {
  ({ stack, template, logicalId } = synthesize({ catalog: infraTestCatalog, skipBundling: true }));
  widgets = dashboardWidgets();
});

describe('the ops dashboard', () => {
  it('shows the state of every alarm of every stack first, nested ones by their fixed names', () => {
    const alarms = template.findResources('AWS::CloudWatch::Alarm');
    const nameOf = (id: string) => String(alarms[id]?.Properties.AlarmName);
    const statusWidget = widgets.find((candidate) => candidate.type === 'alarm');
    // A root alarm by its reference (<LogicalId>), an alarm of a nested stack by the ARN its name gives.
    const shown = (statusWidget?.properties.alarms ?? []).map((alarm) => {
      const byReference = /^<(.+)>$/.exec(alarm);
      if (byReference?.[1] !== undefined) return nameOf(byReference[1]);
      expect(alarm).toMatch(/^arn:<AWS::Partition>:cloudwatch:us-east-1:000000000000:alarm:partnerflow-/);
      return alarm.split(':alarm:')[1];
    });

    expect(widgets[0]?.properties.markdown).toMatch(/business id/);
    expect(
      Object.keys(alarms)
        .map(nameOf)
        .every((name) => name.startsWith('partnerflow-')),
    ).toBe(true);
    expect(shown).toHaveLength(Object.keys(alarms).length);
    expect(new Set(shown)).toEqual(new Set(Object.keys(alarms).map(nameOf)));
  });

  it('draws every workflow: started, succeeded, failed, timed out, and duration p50 / p99', () => {
    for (const name of stack.workflows.all().keys()) {
      // By the ARN its fixed name gives: the dashboard needs no output of the workflow's area stack.
      const machine = `arn:<AWS::Partition>:states:us-east-1:000000000000:stateMachine:partnerflow-${name}`;
      expect(linesOf(`${name}: executions`)).toEqual(
        ['ExecutionsStarted', 'ExecutionsSucceeded', 'ExecutionsFailed', 'ExecutionsTimedOut'].map((metric) =>
          expect.objectContaining({
            namespace: 'AWS/States',
            name: metric,
            dimensions: [machine],
            stat: 'Sum',
          }),
        ),
      );
      expect(linesOf(`${name}: duration`)).toEqual([
        expect.objectContaining({ name: 'ExecutionTime', dimensions: [machine], stat: 'p50' }),
        expect.objectContaining({ name: 'ExecutionTime', dimensions: [machine], stat: 'p99' }),
      ]);
    }
  });

  it('draws the API: requests, 4xx, 5xx and latency p99', () => {
    expect(linesOf('API: requests and errors').map((line) => [line.namespace, line.name, line.stat])).toEqual(
      [
        ['AWS/ApiGateway', 'Count', 'Sum'],
        ['AWS/ApiGateway', '4XXError', 'Sum'],
        ['AWS/ApiGateway', '5XXError', 'Sum'],
      ],
    );
    expect(linesOf('API: latency')).toContainEqual(expect.objectContaining({ name: 'Latency', stat: 'p99' }));
  });

  it('draws errors, throttles, duration and concurrency of every function, one line each', () => {
    const functionIds = [...stack.functions.all().keys()];
    for (const id of functionIds) {
      template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: `partnerflow-${id}` });
    }
    const expectations: [string, string, string][] = [
      ['Lambda: errors', 'Errors', 'Sum'],
      ['Lambda: throttles', 'Throttles', 'Sum'],
      ['Lambda: duration p99', 'Duration', 'p99'],
      ['Lambda: concurrent executions', 'ConcurrentExecutions', 'Maximum'],
    ];
    for (const [title, metric, stat] of expectations) {
      const lines = linesOf(title);
      expect(lines.map((line) => line.label)).toEqual(functionIds);
      // By the function's fixed name, the one its area stack gives it.
      expect(lines.map((line) => line.dimensions)).toEqual(functionIds.map((id) => [`partnerflow-${id}`]));
      expect(
        lines.every((line) => line.namespace === 'AWS/Lambda' && line.name === metric && line.stat === stat),
      ).toBe(true);
    }
  });

  it('draws DynamoDB throttles, SES sends, bounces and complaints, and reviews past SLA', () => {
    const table = `<${logicalId(stack.data.table)}>`;
    expect(linesOf('DynamoDB: throttled requests')).toEqual([
      expect.objectContaining({ namespace: 'AWS/DynamoDB', name: 'ReadThrottleEvents', dimensions: [table] }),
      expect.objectContaining({
        namespace: 'AWS/DynamoDB',
        name: 'WriteThrottleEvents',
        dimensions: [table],
      }),
    ]);
    expect(linesOf('SES: sends, bounces, complaints').map((line) => line.name)).toEqual([
      'Send',
      'Bounce',
      'Complaint',
      'Reputation.BounceRate',
      'Reputation.ComplaintRate',
    ]);
    expect(linesOf('Reviews past SLA')).toEqual([
      expect.objectContaining({
        namespace: 'PartnerFlow',
        name: 'ReviewsPastSla',
        dimensions: ['partnerflow'],
      }),
    ]);
  });
});

describe('the alarms', () => {
  it('sends every alarm to the ops topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([opsTopic()]);
  });

  it('fires on any failed or timed-out execution of each workflow', () => {
    for (const workflow of stack.workflows.all().values()) {
      for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/States',
          MetricName: metric,
          Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: logicalId(workflow.stateMachine) } }],
          Statistic: 'Sum',
          Period: 300,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        });
      }
    }
  });

  it('fires when more than 5% of API requests answer 5xx', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5XXError',
      Statistic: 'Average',
      Threshold: 0.05,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('fires on any error or throttle of each function', () => {
    for (const fn of stack.functions.all().values()) {
      for (const metric of ['Errors', 'Throttles']) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(fn.function) } }],
          Statistic: 'Sum',
          Threshold: 1,
        });
      }
    }
  });

  it('fires on any DynamoDB read or write throttle', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'reads + writes' }),
        Match.objectLike({
          MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'ReadThrottleEvents' }) }),
        }),
        Match.objectLike({
          MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'WriteThrottleEvents' }) }),
        }),
      ]),
      Threshold: 1,
    });
  });

  it('fires at a 4% SES bounce rate, before SES reviews the account at 5%', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.BounceRate',
      Statistic: 'Maximum',
      Threshold: 0.04,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('fires on any review past its SLA, on the metric PartnerFlow emits', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'PartnerFlow',
      MetricName: 'ReviewsPastSla',
      Dimensions: [{ Name: 'service', Value: 'partnerflow' }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    });
  });
});

describe('the saved Logs Insights queries', () => {
  it('find everything about one business id in the API, every function and every workflow log', () => {
    const [query] = Object.values(
      template.findResources('AWS::Logs::QueryDefinition', {
        Properties: { Name: 'PartnerFlow/One business id' },
      }),
    );
    const logGroups = query?.Properties.LogGroupNames as { Ref: string }[];

    expect(query?.Properties.QueryString).toMatch(
      /filter correlationId like \/BUSINESS_ID\/ or execution_arn like/,
    );
    expect(logGroups).toContainEqual({ Ref: logicalId(stack.api?.accessLogs ?? stack.data.table) });
    for (const fn of stack.functions.all().values())
      expect(logGroups).toContainEqual({ Ref: logicalId(fn.logGroup) });
    for (const workflow of stack.workflows.all().values()) {
      expect(logGroups).toContainEqual({ Ref: logicalId(workflow.logGroup) });
    }
  });
});
