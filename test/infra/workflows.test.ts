import { readFileSync } from 'node:fs';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionArnPlaceholder } from '#catalog/naming.ts';
import { functionArnOf, stateMachineArnOf } from '#infra/constructs/arns.ts';
import type { PartnerFlowStack } from '#infra/stack.ts';
import { infraTestCatalog } from '#test/fixtures/infra/catalog.ts';
import { type Synthesized, synthesize } from '#test/infra/support/synth.ts';
import {
  actionsOf,
  onlyResource,
  statementsOfRole,
  statementsTouching,
} from '#test/infra/support/template.ts';

const REPORT_MACHINE = 'partnerflow-weekly-partner-report';

describe('workflows and schedules', () => {
  let stack: PartnerFlowStack;
  let template: Template;
  let machine: Record<string, unknown>;
  let resolved: Synthesized['resolve'];

  beforeAll(() => {
    ({ stack, template, resolve: resolved } = synthesize({ catalog: infraTestCatalog, skipBundling: true }));
    machine = onlyResource(template, 'AWS::StepFunctions::StateMachine', {
      StateMachineName: REPORT_MACHINE,
    });
  });

  const report = () => stack.workflows.get('weekly-partner-report');

  it('builds a Standard machine that logs ALL with execution data to an encrypted log group and traces', () => {
    expect(machine).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: true,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: resolved(report().logGroup.logGroupArn) } }],
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: resolved(stack.observability.logKey.keyArn),
      RetentionInDays: 30,
    });
  });

  it('keeps the ASL file inline, with the execution timeout of its spec', () => {
    const definition = JSON.parse(String(machine.DefinitionString)) as Record<string, unknown>;
    const file = JSON.parse(
      readFileSync('test/fixtures/infra/workflows/fixture-report.asl.json', 'utf8'),
    ) as object;

    expect(definition).toEqual({ ...file, TimeoutSeconds: 3600 });
  });

  it('substitutes every placeholder of the definition, and only those: name-built ARNs across areas, the table', () => {
    const definition = String(machine.DefinitionString);
    const substitutions = machine.DefinitionSubstitutions as Record<string, unknown>;
    const afterSubstitution = definition.replace(/\$\{([^}]*)\}/g, (placeholder, name: string) =>
      name in substitutions ? `<${name}>` : placeholder,
    );

    expect(afterSubstitution).not.toMatch(/\$\{/);
    expect(substitutions).toEqual({
      // fixture-step lives in the other area (platform): its ARN comes from its fixed name, not its stack.
      [functionArnPlaceholder('fixture-step')]: resolved(functionArnOf(stack, 'fixture-step')),
      CreatorOnboardingStateMachineArn: resolved(stateMachineArnOf(stack, 'creator-onboarding')),
      TableName: resolved(stack.data.table.tableName),
    });
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'partnerflow-fixture-step' });
  });

  it('lets the role invoke exactly its functions, write the table it writes, and start the machine it starts', () => {
    const statements = statementsOfRole(template, resolved(report().role.roleName));
    const touching = (service: string) => statementsTouching(statements, service);

    expect(touching('lambda')).toEqual([
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: resolved(functionArnOf(stack, 'fixture-step')),
      },
    ]);
    expect(touching('dynamodb')).toEqual([
      { Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: resolved(stack.data.table.tableArn) },
    ]);
    expect(touching('kms').map((statement) => statement.Resource)).toEqual([resolved(stack.data.key.keyArn)]);
    expect(touching('states')).toEqual([
      {
        Effect: 'Allow',
        Action: 'states:StartExecution',
        Resource: resolved(stateMachineArnOf(stack, 'creator-onboarding')),
      },
    ]);
  });

  it('gives a definition without DynamoDB tasks no table access', () => {
    const onboarding = stack.workflows.get('creator-onboarding');
    const actions = statementsOfRole(template, resolved(onboarding.role.roleName)).flatMap(actionsOf);

    expect(actions.filter((action) => /^(dynamodb|kms|lambda):/.test(action))).toEqual([]);
  });

  it('alarms the ops topic on failed, timed-out and throttled executions', () => {
    for (const metricName of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionThrottled']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/States',
        MetricName: metricName,
        Dimensions: [{ Name: 'StateMachineArn', Value: resolved(report().stateMachine.stateMachineArn) }],
        Threshold: 1,
        AlarmActions: [resolved(stack.observability.topic.topicArn)],
      });
    }
  });

  it('starts the workflow from each schedule, in its time zone, with its input, retries and a dead-letter queue', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', infraTestCatalog.schedules.length);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 8 ? * MON *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: resolved(report().stateMachine.stateMachineArn),
        RoleArn: Match.anyValue(),
        Input: JSON.stringify({ timezone: 'Europe/Paris' }),
        DeadLetterConfig: { Arn: resolved(stack.observability.deadLetters.queueArn) },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 7200 },
      },
    });
  });
});
