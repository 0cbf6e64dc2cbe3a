import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { functionName, stateMachineName } from '#catalog/naming.ts';
import type { WorkflowName } from '#catalog/types.ts';

/**
 * A state machine's ARN built from its fixed name rather than from the resource: functions that start a
 * machine whose definition invokes them would otherwise form a dependency cycle.
 */
export function stateMachineArnOf(scope: IConstruct, workflow: WorkflowName): string {
  return Stack.of(scope).formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: stateMachineName(workflow),
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/**
 * A function's ARN built from its fixed name rather than from the resource: the API stack and workflows of other
 * areas call functions that live in another nested stack, and a token would add an output, a parameter and a
 * cross-stack dependency per function (and a cycle for the authorizer, whose permission names the API).
 */
export function functionArnOf(scope: IConstruct, functionId: string): string {
  return Stack.of(scope).formatArn({
    service: 'lambda',
    resource: 'function',
    resourceName: functionName(functionId),
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** Every execution of one state machine (DescribeExecution and GetExecutionHistory act on executions). */
export function executionArnsOf(scope: IConstruct, workflow: WorkflowName): string {
  return Stack.of(scope).formatArn({
    service: 'states',
    resource: 'execution',
    resourceName: `${stateMachineName(workflow)}:*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** An SES identity (an address or a domain) that `ses:SendEmail` is authorized against. */
export function sesIdentityArnOf(scope: IConstruct, identity: string): string {
  return Stack.of(scope).formatArn({
    service: 'ses',
    resource: 'identity',
    resourceName: identity,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/**
 * The cdk-nag finding id for `executionArnsOf`: execution names are chosen at start time, so the ARN must end
 * in a wildcard, and an acknowledgement names exactly that resource.
 */
export function executionArnsFinding(scope: IConstruct, workflow: WorkflowName): string {
  const { region, account } = Stack.of(scope);
  const shown = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
  const arn = `arn:<AWS::Partition>:states:${shown(region, 'AWS::Region')}:${shown(account, 'AWS::AccountId')}:execution:${stateMachineName(workflow)}:*`;
  return `AwsSolutions-IAM5[Resource::${arn}]`;
}
