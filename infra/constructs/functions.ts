import { Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AUTHORIZER_FUNCTION_ID } from '#catalog/index.ts';
import { APP_PREFIX, stateMachineArnVariable } from '#catalog/naming.ts';
import type { FunctionSpec, WorkflowName } from '#catalog/types.ts';
import { executionArnsFinding, stateMachineArnOf } from './arns.ts';
import type { PartnerCatalog } from './catalog.ts';
import type { PartnerData } from './data.ts';
import { functionStatements } from './function-permissions.ts';
import type { FunctionSecrets } from './function-secrets.ts';
import type { Observability } from './observability.ts';
import { type FunctionInvocation, PartnerFunction } from './partner-function.ts';

export const METRICS_NAMESPACE = 'PartnerFlow';

export interface PartnerFunctionsProps {
  /** The functions to build (one area's). */
  readonly functions: readonly FunctionSpec[];
  /** Who calls each function of the whole catalog synchronously (`synchronousCallers`). */
  readonly callers: ReadonlyMap<string, readonly string[]>;
  readonly data: PartnerData;
  readonly ops: Observability;
  readonly secrets: FunctionSecrets;
  readonly senderEmail: string;
  /** Applied to every function when set (context `reservedConcurrency`). */
  readonly reservedConcurrency?: number;
}

/** Functions of the catalog as PartnerFunctions, each granted exactly what its FunctionSpec declares. */
export class PartnerFunctions extends Construct {
  private readonly byId = new Map<string, PartnerFunction>();

  constructor(scope: Construct, id: string, props: PartnerFunctionsProps) {
    super(scope, id);
    const { data, ops, secrets } = props;

    for (const spec of props.functions) {
      const knownCallers = props.callers.get(spec.id) ?? [];
      const invocation: FunctionInvocation =
        knownCallers.length > 0
          ? { kind: 'synchronous', callers: knownCallers }
          : { kind: 'asynchronous', deadLetterQueue: ops.deadLetters };
      const tokenKey = (spec.tokenKey ?? []).length > 0 ? secrets.requiredTokenKey() : undefined;
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
          ...Object.fromEntries(
            (spec.secrets ?? []).map((name) => [`${name}_ARN`, secrets.get(name).secretArn]),
          ),
          ...(tokenKey === undefined ? {} : { TOKEN_KEY_ARN: tokenKey.key.keyArn }),
        },
      });
      for (const name of spec.secrets ?? []) secrets.get(name).grantRead(partnerFunction.role);
      if (tokenKey !== undefined) {
        partnerFunction.role.addToPrincipalPolicy(tokenKey.statement(spec.tokenKey ?? []));
      }
      for (const statement of functionStatements(this, spec, { data, senderEmail: props.senderEmail })) {
        partnerFunction.role.addToPrincipalPolicy(statement);
      }
      for (const workflow of new Set([...(spec.readsExecutions ?? []), ...(spec.stopsExecutionsOf ?? [])])) {
        Validations.of(partnerFunction.role).acknowledge({
          id: executionArnsFinding(this, workflow),
          reason: `DescribeExecution/GetExecutionHistory/StopExecution (as declared) on executions of ${workflow} only; execution names are chosen at start time, so the ARN ends in a wildcard`,
        });
      }
      this.byId.set(spec.id, partnerFunction);
    }
  }

  /** The function built for a catalog id; a clear error for an id this construct did not build. */
  get(functionId: string): PartnerFunction {
    const found = this.byId.get(functionId);
    if (found === undefined) throw new Error(`No function '${functionId}' in the catalog`);
    return found;
  }

  has(functionId: string): boolean {
    return this.byId.has(functionId);
  }

  all(): ReadonlyMap<string, PartnerFunction> {
    return this.byId;
  }

  private workflowArnVariables(spec: FunctionSpec): Record<string, string> {
    const needed = new Set<WorkflowName>([
      ...(spec.startsWorkflows ?? []),
      ...(spec.readsExecutions ?? []),
      ...(spec.completesTasksOf ?? []),
      ...(spec.stopsExecutionsOf ?? []),
    ]);
    return Object.fromEntries(
      [...needed].map((workflow) => [stateMachineArnVariable(workflow), stateMachineArnOf(this, workflow)]),
    );
  }
}

/** Who calls each function synchronously, by the catalog: API routes, the authorizer and workflow tasks. */
export function synchronousCallers(catalog: PartnerCatalog): Map<string, string[]> {
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
