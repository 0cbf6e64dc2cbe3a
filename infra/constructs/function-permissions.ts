import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import type { FunctionSpec, TableAction } from '#catalog/types.ts';
import { executionArnsOf, sesIdentityArnOf, stateMachineArnOf } from './arns.ts';
import type { PartnerData } from './data.ts';

/** Actions that read an index as well as the table; every other table action names only the base table. */
const INDEX_ACTIONS: ReadonlySet<TableAction> = new Set(['dynamodb:Query', 'dynamodb:Scan']);
const WRITE_ACTIONS: ReadonlySet<TableAction> = new Set([
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
]);

/** What DynamoDB asks of the caller's own permissions on the table's customer-managed key. */
export function tableKeyActions(tableActions: readonly TableAction[]): string[] {
  const reads = ['kms:Decrypt', 'kms:DescribeKey'];
  return tableActions.some((action) => WRITE_ACTIONS.has(action))
    ? [...reads, 'kms:Encrypt', 'kms:GenerateDataKey']
    : reads;
}

/** The table and KMS statements for exactly these actions: the base table, its indexes only for Query/Scan. */
export function tableStatements(
  data: PartnerData,
  tableActions: readonly TableAction[],
): iam.PolicyStatement[] {
  if (tableActions.length === 0) return [];
  const readsIndexes = tableActions.some((action) => INDEX_ACTIONS.has(action));
  return [
    new iam.PolicyStatement({
      actions: [...tableActions],
      resources: [data.table.tableArn, ...(readsIndexes ? data.indexArns() : [])],
    }),
    new iam.PolicyStatement({
      actions: tableKeyActions(tableActions),
      resources: [data.key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(data).region}.amazonaws.com` } },
    }),
  ];
}

export interface FunctionGrantTargets {
  readonly data: PartnerData;
  readonly senderEmail: string;
}

/**
 * Least privilege for one function, read from its FunctionSpec alone: table actions, sending as the sender
 * identity, and the Step Functions calls on the workflows it names (ARNs built from names, never tokens).
 */
export function functionStatements(scope: IConstruct, spec: FunctionSpec, targets: FunctionGrantTargets) {
  const statements = tableStatements(targets.data, spec.tableActions ?? []);
  if (spec.sendsEmail === true) {
    const domain = targets.senderEmail.split('@')[1] ?? targets.senderEmail;
    statements.push(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        // SES authorizes against the verified identity: the sender address itself or its domain.
        resources: [sesIdentityArnOf(scope, targets.senderEmail), sesIdentityArnOf(scope, domain)],
      }),
    );
  }
  const starts = spec.startsWorkflows ?? [];
  if (starts.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        actions: ['states:StartExecution'],
        resources: starts.map((workflow) => stateMachineArnOf(scope, workflow)),
      }),
    );
  }
  const reads = spec.readsExecutions ?? [];
  if (reads.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        actions: ['states:DescribeExecution', 'states:GetExecutionHistory'],
        resources: reads.map((workflow) => executionArnsOf(scope, workflow)),
      }),
    );
  }
  const stops = spec.stopsExecutionsOf ?? [];
  if (stops.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        actions: ['states:StopExecution'],
        resources: stops.map((workflow) => executionArnsOf(scope, workflow)),
      }),
    );
  }
  const completes = spec.completesTasksOf ?? [];
  if (completes.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
        resources: completes.map((workflow) => stateMachineArnOf(scope, workflow)),
      }),
    );
  }
  return statements;
}
