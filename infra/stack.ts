import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { PartnerApi } from './constructs/api.ts';
import { type PartnerCatalog, partnerCatalog } from './constructs/catalog.ts';
import { OpsDashboard } from './constructs/dashboard.ts';
import { PartnerData } from './constructs/data.ts';
import { ApiFirewall } from './constructs/firewall.ts';
import { PartnerFunctions } from './constructs/functions.ts';
import { LogQueries } from './constructs/log-queries.ts';
import { Observability } from './constructs/observability.ts';
import { PartnerSchedules } from './constructs/schedules.ts';
import { ServiceAlarms } from './constructs/service-alarms.ts';
import { PartnerWorkflows } from './constructs/workflows.ts';

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

/**
 * PartnerFlow in one stack, built entirely from the catalog: a new function, route, workflow or schedule in
 * `infra/catalog/areas/` appears here with no change to this file.
 */
export class PartnerFlowStack extends Stack {
  readonly observability: Observability;
  readonly data: PartnerData;
  readonly functions: PartnerFunctions;
  readonly workflows: PartnerWorkflows;
  /** Undefined while the catalog declares no route. */
  readonly api: PartnerApi | undefined;

  constructor(scope: Construct, id: string, props: PartnerFlowStackProps = {}) {
    super(scope, id, props);
    const catalog = props.catalog ?? partnerCatalog;
    const senderEmail = props.senderEmail ?? DEFAULT_SENDER_EMAIL;

    const ops = new Observability(this, 'Observability', { opsEmail: props.opsEmail });
    const data = new PartnerData(this, 'Data', { definition: catalog.table, ops });
    const functions = new PartnerFunctions(this, 'Functions', {
      catalog,
      data,
      ops,
      senderEmail,
      reservedConcurrency: props.reservedConcurrency,
    });
    const workflows = new PartnerWorkflows(this, 'Workflows', { catalog, functions, data, ops });
    new PartnerSchedules(this, 'Schedules', {
      schedules: catalog.schedules,
      workflows,
      deadLetterQueue: ops.deadLetters,
    });
    // API Gateway refuses a REST API without methods: the API appears with the catalog's first route.
    const api =
      catalog.routes.length > 0
        ? new PartnerApi(this, 'Api', { routes: catalog.routes, functions, ops })
        : undefined;
    if (api !== undefined) new ApiFirewall(this, 'Firewall', { stage: api.stage });
    const serviceAlarms = new ServiceAlarms(this, 'ServiceAlarms', { ops });
    new LogQueries(this, 'LogQueries', {
      functionLogGroups: [...functions.all().values()].map((fn) => fn.logGroup),
      workflowLogGroups: [...workflows.all().values()].map((workflow) => workflow.logGroup),
      apiLogGroups: api === undefined ? [] : [api.accessLogs],
    });
    // Last: it shows every alarm the constructs above created.
    new OpsDashboard(this, 'Dashboard', {
      alarms: ops.alarms,
      workflows: [...workflows.all()].map(([name, workflow]) => ({
        name,
        stateMachine: workflow.stateMachine,
      })),
      functions: [...functions.all()].map(([functionId, fn]) => ({ id: functionId, function: fn.function })),
      ...(api === undefined ? {} : { api: api.restApi }),
      table: data.table,
      reviewsPastSla: serviceAlarms.reviewsPastSla,
    });

    this.observability = ops;
    this.data = data;
    this.functions = functions;
    this.workflows = workflows;
    this.api = api;
  }
}
