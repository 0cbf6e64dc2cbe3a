import { Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { AUTHORIZER_FUNCTION_ID } from '#catalog/index.ts';
import { APP_PREFIX, stateMachineArnVariable } from '#catalog/naming.ts';
import type { FunctionSpec, SecretName, WorkflowName } from '#catalog/types.ts';
import { executionArnsFinding, stateMachineArnOf } from './arns.ts';
import type { PartnerCatalog } from './catalog.ts';
import type { PartnerData } from './data.ts';
import { functionStatements } from './function-permissions.ts';
import type { Observability } from './observability.ts';
import { type FunctionInvocation, PartnerFunction } from './partner-function.ts';
import { SECRET_PURPOSES } from './secret-purposes.ts';
import { SellerTokenKey } from './token-key.ts';

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
  private readonly secrets = new Map<SecretName, Secret>();
  private tokenKeyConstruct: SellerTokenKey | undefined;

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
          ...Object.fromEntries(
            (spec.secrets ?? []).map((name) => [`${name}_ARN`, this.secret(name).secretArn]),
          ),
          ...((spec.tokenKey ?? []).length > 0 ? { TOKEN_KEY_ARN: this.tokenKey().key.keyArn } : {}),
        },
      });
      for (const name of spec.secrets ?? []) this.secret(name).grantRead(partnerFunction.role);
      if ((spec.tokenKey ?? []).length > 0) {
        partnerFunction.role.addToPrincipalPolicy(this.tokenKey().statement(spec.tokenKey ?? []));
      }
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

  /** The KMS key for seller tokens; undefined while no function declares `tokenKey`. */
  get sellerTokenKey(): SellerTokenKey | undefined {
    return this.tokenKeyConstruct;
  }

  /** The secret of a name, once a function declared it (tests read its ARN). */
  secretOf(name: SecretName): Secret | undefined {
    return this.secrets.get(name);
  }

  /** Created with the first function that seals or opens seller credentials. */
  private tokenKey(): SellerTokenKey {
    this.tokenKeyConstruct ??= new SellerTokenKey(this, 'SellerTokenKey');
    return this.tokenKeyConstruct;
  }

  /**
   * One generated secret per name, shared by the functions that declare it. Functions receive only its ARN and
   * read the value at cold start, so it never appears in a template or a function's configuration.
   */
  private secret(name: SecretName): Secret {
    let secret = this.secrets.get(name);
    if (secret === undefined) {
      secret = new Secret(this, `${name}`, {
        description: SECRET_PURPOSES[name].description,
        generateSecretString: { passwordLength: 64, excludePunctuation: true },
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: SECRET_PURPOSES[name].whyNotAutoRotated,
      });
      this.secrets.set(name, secret);
    }
    return secret;
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
