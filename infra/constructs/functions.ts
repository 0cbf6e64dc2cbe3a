import { Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AUTHORIZER_FUNCTION_ID } from '#catalog/index.ts';
import { APP_PREFIX, stateMachineArnVariable } from '#catalog/naming.ts';
import type { FunctionSpec, WorkflowName } from '#catalog/types.ts';
import { executionArnsFinding, stateMachineArnOf } from './arns.ts';
import type { PartnerCatalog } from './catalog.ts';
import type { PartnerData } from './data.ts';
import { functionStatements } from './function-permissions.ts';
import type { Observability } from './observability.ts';
import { type FunctionInvocation, PartnerFunction } from './partner-function.ts';

export const METRICS_NAMESPACE = 'PartnerFlow';

export interface PartnerFunctionsProps {
  readonly catalog: PartnerCatalog;
  readonly data: PartnerData;
  readonly ops: Observability;
  readonly senderEmail: string;
  /** Applied to every function when set (context `reservedConcurrency`). */
  readonly reservedConcurrency?: number;
}

/** Every function of the catalog as a PartnerFunction, each granted exactly what its FunctionSpec declares. */
export class PartnerFunctions extends Construct {
  private readonly byId = new Map<string, PartnerFunction>();

  constructor(scope: Construct, id: string, props: PartnerFunctionsProps) {
    super(scope, id);
    const { catalog, data, ops } = props;
    const callers = synchronousCallers(catalog);

    for (const spec of catalog.functions) {
      const knownCallers = callers.get(spec.id) ?? [];
      const invocation: FunctionInvocation =
        knownCallers.length > 0
          ? { kind: 'synchronous', callers: knownCallers }
          : { kind: 'asynchronous', deadLetterQueue: ops.deadLetters };
      const partnerFunction = new PartnerFunction(this, spec.id, {
        spec,
        invocation,
        ops,
        reservedConcurrency: props.reservedConcurrency,
        environment: {
          TABLE_NAME: data.table.tableName,
          SENDER_EMAIL: props.senderEmail,
          POWERTOOLS_SERVICE_NAME: APP_PREFIX,
          POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
          ...this.workflowArnVariables(spec),
        },
      });
      for (const statement of functionStatements(this, spec, { data, senderEmail: props.senderEmail })) {
        partnerFunction.role.addToPrincipalPolicy(statement);
      }
      for (const workflow of spec.readsExecutions ?? []) {
        Validations.of(partnerFunction.role).acknowledge({
          id: executionArnsFinding(this, workflow),
          reason: `DescribeExecution/GetExecutionHistory on executions of ${workflow} only; execution names are chosen at start time, so the ARN ends in a wildcard`,
        });
      }
      this.byId.set(spec.id, partnerFunction);
    }
  }

  /** The function built for a catalog id; a clear error for an id the catalog does not declare. */
  get(functionId: string): PartnerFunction {
    const found = this.byId.get(functionId);
    if (found === undefined) throw new Error(`No function '${functionId}' in the catalog`);
    return found;
  }

  all(): ReadonlyMap<string, PartnerFunction> {
    return this.byId;
  }

  private workflowArnVariables(spec: FunctionSpec): Record<string, string> {
    const needed = new Set<WorkflowName>([
      ...(spec.startsWorkflows ?? []),
      ...(spec.readsExecutions ?? []),
      ...(spec.completesTasksOf ?? []),
    ]);
    return Object.fromEntries(
      [...needed].map((workflow) => [stateMachineArnVariable(workflow), stateMachineArnOf(this, workflow)]),
    );
  }
}

/** Who calls each function synchronously, by the catalog: API routes, the authorizer and workflow tasks. */
function synchronousCallers(catalog: PartnerCatalog): Map<string, string[]> {
  const callers = new Map<string, string[]>();
  const add = (functionId: string, caller: string) =>
    callers.set(functionId, [...(callers.get(functionId) ?? []), caller]);
  add(AUTHORIZER_FUNCTION_ID, 'API Gateway REQUEST authorizer');
  for (const route of catalog.routes) add(route.functionId, `API route ${route.method} ${route.path}`);
  for (const workflow of catalog.workflows) {
    for (const functionId of workflow.functionIds)
      add(functionId, `Step Functions workflow ${workflow.name}`);
  }
  return callers;
}
