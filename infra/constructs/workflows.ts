import { Construct } from 'constructs';
import { functionArnPlaceholder, stateMachineArnPlaceholder } from '#catalog/naming.ts';
import type { WorkflowName, WorkflowSpec } from '#catalog/types.ts';
import { functionArnOf, stateMachineArnOf } from './arns.ts';
import type { PartnerData } from './data.ts';
import type { PartnerFunctions } from './functions.ts';
import type { OpsSink } from './observability.ts';
import { PartnerWorkflow } from './partner-workflow.ts';
import { TABLE_NAME_PLACEHOLDER } from './workflow-definition.ts';

export interface PartnerWorkflowsProps {
  /** The workflows to build (one area's). */
  readonly workflows: readonly WorkflowSpec[];
  /** The functions built beside them (the same area's). */
  readonly functions: PartnerFunctions;
  /** Every function id of the whole catalog: a definition may call a function of another area. */
  readonly catalogFunctionIds: readonly string[];
  /** Every workflow of the whole catalog: a definition may start a workflow of another area. */
  readonly catalogWorkflowNames: readonly WorkflowName[];
  readonly data: PartnerData;
  readonly ops: OpsSink;
}

/** Workflows of the catalog as PartnerWorkflows, all sharing one substitution map. */
export class PartnerWorkflows extends Construct {
  private readonly byName = new Map<WorkflowName, PartnerWorkflow>();

  constructor(scope: Construct, id: string, props: PartnerWorkflowsProps) {
    super(scope, id);
    const { functions, data, ops } = props;
    const knownFunctions = new Set(props.catalogFunctionIds);
    // A function of this area by its resource (CloudFormation then creates it before the machine); a function
    // of another area by its fixed name, so areas never reference each other's stacks.
    const functionArn = (functionId: string): string => {
      if (functions.has(functionId)) return functions.get(functionId).function.functionArn;
      if (!knownFunctions.has(functionId)) throw new Error(`No function '${functionId}' in the catalog`);
      return functionArnOf(this, functionId);
    };
    const substitutions: Record<string, string> = {
      ...Object.fromEntries(
        props.catalogFunctionIds.map((functionId) => [
          functionArnPlaceholder(functionId),
          functionArn(functionId),
        ]),
      ),
      // Built from names: a machine may start another (or itself) without a dependency cycle.
      ...Object.fromEntries(
        props.catalogWorkflowNames.map((name) => [
          stateMachineArnPlaceholder(name),
          stateMachineArnOf(this, name),
        ]),
      ),
      [TABLE_NAME_PLACEHOLDER]: data.table.tableName,
    };

    for (const spec of props.workflows) {
      this.byName.set(
        spec.name,
        new PartnerWorkflow(this, spec.name, {
          spec,
          substitutions,
          functionArn,
          workflowNames: props.catalogWorkflowNames,
          data,
          ops,
        }),
      );
    }
  }

  /** The workflow built for a catalog name; a clear error for a name this construct did not build. */
  get(name: WorkflowName): PartnerWorkflow {
    const found = this.byName.get(name);
    if (found === undefined) throw new Error(`No workflow '${name}' in the catalog`);
    return found;
  }

  all(): ReadonlyMap<WorkflowName, PartnerWorkflow> {
    return this.byName;
  }
}
