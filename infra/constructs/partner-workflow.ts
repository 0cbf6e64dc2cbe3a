import { readFileSync } from 'node:fs';
import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { stateMachineArnPlaceholder, stateMachineName } from '#catalog/naming.ts';
import type { WorkflowName, WorkflowSpec } from '#catalog/types.ts';
import { stateMachineArnOf } from './arns.ts';
import { fromRepoRoot } from './catalog.ts';
import type { PartnerData } from './data.ts';
import { tableStatements } from './function-permissions.ts';
import {
  alarmNameFor,
  anyOccurrenceAlarm,
  encryptedLogGroup,
  fiveMinuteSum,
  type OpsSink,
} from './observability.ts';
import { inspectDefinition, withExecutionTimeout, workflowProblems } from './workflow-definition.ts';

export interface PartnerWorkflowProps {
  readonly spec: WorkflowSpec;
  /** Placeholder name → value, for every catalog function and workflow and the table name. */
  readonly substitutions: Readonly<Record<string, string>>;
  /** The ARN of a catalog function by id (the role may invoke those the spec names). */
  readonly functionArn: (functionId: string) => string;
  /** Every workflow the catalog declares, to resolve `${<Pascal>StateMachineArn}` placeholders back to names. */
  readonly workflowNames: readonly WorkflowName[];
  readonly data: PartnerData;
  readonly ops: OpsSink;
}

/**
 * The house Standard state machine: the ASL file kept inline (`DefinitionBody.fromString`) with ARNs
 * substituted, a role that may call exactly what the definition needs, logging ALL with execution data to an
 * encrypted log group, X-Ray, the spec's execution timeout (TimeoutSeconds), and alarms on failed, timed-out and throttled runs.
 */
export class PartnerWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PartnerWorkflowProps) {
    super(scope, id);
    const { spec, data, ops } = props;
    const definition = readFileSync(fromRepoRoot(spec.definitionFile), 'utf8');
    const report = inspectDefinition(definition);
    const problems = workflowProblems(report, spec, new Set(Object.keys(props.substitutions)));
    if (problems.length > 0) {
      throw new Error(`Workflow ${spec.name} (${spec.definitionFile}):\n  ${problems.join('\n  ')}`);
    }

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      description: `PartnerFlow workflow ${spec.name}`,
    });
    if (spec.functionIds.length > 0) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: spec.functionIds.map((functionId) => props.functionArn(functionId)),
        }),
      );
    }
    for (const statement of tableStatements(data, report.tableActions))
      this.role.addToPrincipalPolicy(statement);
    if (report.startsExecutions) {
      const started = props.workflowNames.filter((name) =>
        report.placeholders.includes(stateMachineArnPlaceholder(name)),
      );
      if (started.length > 0) {
        this.role.addToPrincipalPolicy(
          new iam.PolicyStatement({
            actions: ['states:StartExecution'],
            resources: started.map((name) => stateMachineArnOf(this, name)),
          }),
        );
      }
    }

    this.logGroup = encryptedLogGroup(this, 'Logs', ops);
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: stateMachineName(spec.name),
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment: spec.description,
      definitionBody: sfn.DefinitionBody.fromString(withExecutionTimeout(definition, spec.timeoutSeconds)),
      // Only what the definition uses: every other entry would be template weight and a needless dependency.
      definitionSubstitutions: Object.fromEntries(
        Object.entries(props.substitutions).filter(([name]) => report.placeholders.includes(name)),
      ),
      role: this.role,
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Step Functions log delivery (logs:CreateLogDelivery, PutResourcePolicy, DescribeLogGroups, ...) and X-Ray (xray:PutTraceSegments, GetSamplingRules, ...) support only Resource "*"',
    });

    const name = stateMachineName(spec.name);
    const machine = this.stateMachine;
    ops.watch(
      anyOccurrenceAlarm(this, 'FailedAlarm', {
        name: alarmNameFor(spec.name, 'failed'),
        description: `${name}: an execution failed`,
        metric: fiveMinuteSum(machine.metricFailed()),
      }),
    );
    ops.watch(
      anyOccurrenceAlarm(this, 'TimedOutAlarm', {
        name: alarmNameFor(spec.name, 'timed-out'),
        description: `${name}: an execution timed out`,
        metric: fiveMinuteSum(machine.metricTimedOut()),
      }),
    );
    ops.watch(
      anyOccurrenceAlarm(this, 'ThrottledAlarm', {
        name: alarmNameFor(spec.name, 'throttled'),
        description: `${name}: executions were throttled`,
        metric: fiveMinuteSum(machine.metricThrottled()),
      }),
    );
  }
}
