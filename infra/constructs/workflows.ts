import { Construct } from 'constructs';
import { functionArnPlaceholder, stateMachineArnPlaceholder } from '#catalog/naming.ts';
import type { WorkflowName } from '#catalog/types.ts';
import { stateMachineArnOf } from './arns.ts';
import type { PartnerCatalog } from './catalog.ts';
import type { PartnerData } from './data.ts';
import type { PartnerFunctions } from './functions.ts';
import type { OpsSink } from './observability.ts';
import { PartnerWorkflow } from './partner-workflow.ts';
import { TABLE_NAME_PLACEHOLDER } from './workflow-definition.ts';

export interface PartnerWorkflowsProps {
  readonly catalog: PartnerCatalog;
  readonly functions: PartnerFunctions;
  readonly data: PartnerData;
  readonly ops: OpsSink;
}

/** Every workflow of the catalog as a PartnerWorkflow, all sharing one substitution map. */
export class PartnerWorkflows extends Construct {
  private readonly byName = new Map<WorkflowName, PartnerWorkflow>();

  constructor(scope: Construct, id: string, props: PartnerWorkflowsProps) {
    super(scope, id);
    const { catalog, functions, data, ops } = props;
    const workflowNames = catalog.workflows.map((spec) => spec.name);
    const substitutions: Record<string, string> = {
      ...Object.fromEntries(
        catalog.functions.map((spec) => [
          functionArnPlaceholder(spec.id),
          functions.get(spec.id).function.functionArn,
        ]),
      ),
      // Built from names: a machine may start another (or itself) without a dependency cycle.
      ...Object.fromEntries(
        workflowNames.map((name) => [stateMachineArnPlaceholder(name), stateMachineArnOf(this, name)]),
      ),
      [TABLE_NAME_PLACEHOLDER]: data.table.tableName,
    };

    for (const spec of catalog.workflows) {
      this.byName.set(
        spec.name,
        new PartnerWorkflow(this, spec.name, {
          spec,
          substitutions,
          functionById: (functionId) => functions.get(functionId).function,
          workflowNames,
          data,
          ops,
        }),
      );
    }
  }

  /** The workflow built for a catalog name; a clear error for a name the catalog does not declare. */
  get(name: WorkflowName): PartnerWorkflow {
    const found = this.byName.get(name);
    if (found === undefined) throw new Error(`No workflow '${name}' in the catalog`);
    return found;
  }

  all(): ReadonlyMap<WorkflowName, PartnerWorkflow> {
    return this.byName;
  }
}
