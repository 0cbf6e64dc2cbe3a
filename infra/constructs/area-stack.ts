import { NestedStack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AreaSpec } from '#catalog/area.ts';
import type { ScheduleSpec, WorkflowName } from '#catalog/types.ts';
import type { PartnerCatalog } from './catalog.ts';
import type { PartnerData } from './data.ts';
import type { FunctionSecrets } from './function-secrets.ts';
import { PartnerFunctions, synchronousCallers } from './functions.ts';
import type { Observability } from './observability.ts';
import { PartnerSchedules } from './schedules.ts';
import { PartnerWorkflows } from './workflows.ts';

export interface AreaStackProps {
  /** The area's key in the catalog (`infra/catalog/index.ts`): it names the nested stack. */
  readonly name: string;
  readonly area: AreaSpec;
  /** The whole catalog: who calls a function, and what a definition may call, span areas. */
  readonly catalog: PartnerCatalog;
  /** Who calls each function of the catalog synchronously (`synchronousCallers`): it decides dead-letter queues. */
  readonly callers: ReadonlyMap<string, readonly string[]>;
  /** The schedules that start this area's workflows (whatever area declares them). */
  readonly schedules: readonly ScheduleSpec[];
  readonly data: PartnerData;
  readonly ops: Observability;
  readonly secrets: FunctionSecrets;
  readonly senderEmail: string;
  readonly reservedConcurrency?: number;
}

/** `creators` → `CreatorsArea`: the construct id, and so the nested stack's logical id, stays with the name. */
export function areaStackId(name: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) {
    throw new Error(`Catalog area '${name}' needs a kebab-case name (it names a nested stack)`);
  }
  const pascal = name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return `${pascal}Area`;
}

/**
 * One catalog area as a nested stack: its functions, workflows and the schedules that start them. CloudFormation
 * limits a template to 500 resources; one stack per area keeps each template as large as its area, not as large
 * as the catalog. The table, keys, secrets, ops topic and dead-letter queue stay in the root stack and arrive as
 * parameters; nothing outside refers to this stack's resources but by fixed names (functions, state machines,
 * alarms), except the ops log queries, which read each log group's name through an output.
 */
export class AreaStack extends NestedStack {
  readonly areaName: string;
  readonly functions: PartnerFunctions;
  readonly workflows: PartnerWorkflows;

  constructor(scope: Construct, props: AreaStackProps) {
    super(scope, areaStackId(props.name), {
      description: `PartnerFlow area ${props.name}: its functions, workflows and schedules`,
    });
    const { area, catalog, data, ops } = props;
    this.areaName = props.name;

    this.functions = new PartnerFunctions(this, 'Functions', {
      functions: area.functions,
      callers: props.callers,
      data,
      ops,
      secrets: props.secrets,
      senderEmail: props.senderEmail,
      reservedConcurrency: props.reservedConcurrency,
    });
    this.workflows = new PartnerWorkflows(this, 'Workflows', {
      workflows: area.workflows,
      functions: this.functions,
      catalogFunctionIds: catalog.functions.map((spec) => spec.id),
      catalogWorkflowNames: catalog.workflows.map((spec) => spec.name),
      data,
      ops,
    });
    if (props.schedules.length > 0) {
      new PartnerSchedules(this, 'Schedules', {
        schedules: props.schedules,
        workflows: this.workflows,
        deadLetterQueue: ops.deadLetters,
      });
    }
  }
}

export type AreaStacksProps = Omit<AreaStackProps, 'name' | 'area' | 'callers' | 'schedules'>;

/**
 * A nested stack for each area of the catalog, in its order, each with the schedules that start its workflows.
 * CloudFormation refuses a template without resources, so an area with neither functions nor workflows (its
 * routes are in the API stack, its schedules beside their workflows) gets none.
 */
export function areaStacks(scope: Construct, props: AreaStacksProps): Map<string, AreaStack> {
  const { catalog } = props;
  const callers = synchronousCallers(catalog);
  const areaOfWorkflow = new Map<WorkflowName, string>();
  for (const [name, area] of Object.entries(catalog.areas)) {
    for (const workflow of area.workflows) areaOfWorkflow.set(workflow.name, name);
  }
  for (const schedule of catalog.schedules) {
    if (!areaOfWorkflow.has(schedule.target.workflow)) {
      throw new Error(`Schedule ${schedule.id} starts '${schedule.target.workflow}', which no area declares`);
    }
  }
  const stacks = new Map<string, AreaStack>();
  for (const [name, area] of Object.entries(catalog.areas)) {
    if (area.functions.length + area.workflows.length === 0) continue;
    const schedules = catalog.schedules.filter(
      (schedule) => areaOfWorkflow.get(schedule.target.workflow) === name,
    );
    stacks.set(name, new AreaStack(scope, { ...props, name, area, callers, schedules }));
  }
  return stacks;
}
