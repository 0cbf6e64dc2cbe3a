import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { functionName, stateMachineName } from '#catalog/naming.ts';
import type { WorkflowName } from '#catalog/types.ts';
import type { PartnerApi } from './constructs/api.ts';
import { ApiStack } from './constructs/api-stack.ts';
import { type AreaStack, areaStacks } from './constructs/area-stack.ts';
import { type PartnerCatalog, partnerCatalog } from './constructs/catalog.ts';
import { OpsDashboard } from './constructs/dashboard.ts';
import { PartnerData } from './constructs/data.ts';
import { FunctionSecrets } from './constructs/function-secrets.ts';
import { LogQueries } from './constructs/log-queries.ts';
import { Observability } from './constructs/observability.ts';
import type { PartnerFunction } from './constructs/partner-function.ts';
import type { PartnerWorkflow } from './constructs/partner-workflow.ts';
import { ServiceAlarms } from './constructs/service-alarms.ts';

export const DEFAULT_SENDER_EMAIL = 'no-reply@example.com';

export interface PartnerFlowStackProps extends StackProps {
  /** @default the real catalog (infra/catalog/index.ts and table.ts) */
  readonly catalog?: PartnerCatalog;
  /** The SES identity every email is sent from. @default no-reply@example.com */
  readonly senderEmail?: string;
  /** Subscribed to the ops topic when given. */
  readonly opsEmail?: string;
  /** Reserved concurrency for every function. @default - none reserved */
  readonly reservedConcurrency?: number;
}

/** Lookups across every area of the stack, by catalog id. */
export interface CatalogLookup<K, V> {
  /** A clear error for an id the catalog does not declare. */
  get(id: K): V;
  all(): ReadonlyMap<K, V>;
}

function lookup<K, V>(kind: string, entries: Iterable<readonly [K, V]>): CatalogLookup<K, V> {
  const byId = new Map<K, V>(entries);
  return {
    get(id) {
      const found = byId.get(id);
      if (found === undefined) throw new Error(`No ${kind} '${String(id)}' in the catalog`);
      return found;
    },
    all: () => byId,
  };
}

/**
 * PartnerFlow, built entirely from the catalog: a root stack with what every area shares (the table and its key,
 * secrets, the ops topic, key and dead-letter queue, the alarms on services, the log queries, the dashboard), one
 * nested stack per catalog area (its functions, workflows and schedules) and one for the API. A new function,
 * route, workflow, schedule or area in `infra/catalog/` appears here with no change to this file, and each
 * template grows with its own area only (CloudFormation allows 500 resources per template).
 */
export class PartnerFlowStack extends Stack {
  readonly observability: Observability;
  readonly data: PartnerData;
  readonly secrets: FunctionSecrets;
  /** One nested stack per catalog area, by the area's name. */
  readonly areas: ReadonlyMap<string, AreaStack>;
  readonly functions: CatalogLookup<string, PartnerFunction>;
  readonly workflows: CatalogLookup<WorkflowName, PartnerWorkflow>;
  /** Undefined while the catalog declares no route. */
  readonly apiStack: ApiStack | undefined;

  constructor(scope: Construct, id: string, props: PartnerFlowStackProps = {}) {
    super(scope, id, props);
    const catalog = props.catalog ?? partnerCatalog;
    const senderEmail = props.senderEmail ?? DEFAULT_SENDER_EMAIL;

    const ops = new Observability(this, 'Observability', { opsEmail: props.opsEmail });
    const data = new PartnerData(this, 'Data', { definition: catalog.table, ops });
    // Id 'Functions': the secrets and the token key keep the logical ids they had before areas became nested
    // stacks; new ids would replace them, losing the TikTok credentials ops entered and every sealed token.
    const secrets = new FunctionSecrets(this, 'Functions', { functions: catalog.functions });

    const areas = areaStacks(this, {
      catalog,
      data,
      ops,
      secrets,
      senderEmail,
      reservedConcurrency: props.reservedConcurrency,
    });

    // API Gateway refuses a REST API without methods: the API appears with the catalog's first route.
    const apiStack =
      catalog.routes.length > 0
        ? new ApiStack(this, 'Api', {
            routes: catalog.routes,
            catalogFunctionIds: catalog.functions.map((spec) => spec.id),
            ops,
          })
        : undefined;
    // The API reaches functions by name: it must wait until their areas have created them.
    for (const area of areas.values()) apiStack?.addStackDependency(area);
    if (apiStack !== undefined) {
      new CfnOutput(this, 'ApiUrl', {
        description: 'The PartnerFlow API (its stage URL; routes start with /v1)',
        value: apiStack.api.restApi.url,
      });
    }

    const functions = lookup(
      'function',
      [...areas.values()].flatMap((area) => [...area.functions.all()]),
    );
    const workflows = lookup(
      'workflow',
      [...areas.values()].flatMap((area) => [...area.workflows.all()]),
    );
    const serviceAlarms = new ServiceAlarms(this, 'ServiceAlarms', { ops });
    new LogQueries(this, 'LogQueries', {
      functionLogGroups: [...functions.all().values()].map((fn) => fn.logGroup),
      workflowLogGroups: [...workflows.all().values()].map((workflow) => workflow.logGroup),
      apiLogGroups: apiStack === undefined ? [] : [apiStack.api.accessLogs],
    });
    // Last: it shows every alarm the constructs above created. Functions and machines by their fixed names, so
    // the dashboard adds no output to the area stacks.
    new OpsDashboard(this, 'Dashboard', {
      alarms: ops.alarms,
      workflows: catalog.workflows.map((spec) => ({
        name: spec.name,
        stateMachine: sfn.StateMachine.fromStateMachineName(
          this,
          `Dashboard ${spec.name}`,
          stateMachineName(spec.name),
        ),
      })),
      functions: catalog.functions.map((spec) => ({ id: spec.id, functionName: functionName(spec.id) })),
      ...(apiStack === undefined ? {} : { api: apiStack.api.restApi }),
      table: data.table,
      reviewsPastSla: serviceAlarms.reviewsPastSla,
    });

    this.observability = ops;
    this.data = data;
    this.secrets = secrets;
    this.areas = areas;
    this.functions = functions;
    this.workflows = workflows;
    this.apiStack = apiStack;
  }

  /** The API construct (in its nested stack); undefined while the catalog declares no route. */
  get api(): PartnerApi | undefined {
    return this.apiStack?.api;
  }
}
