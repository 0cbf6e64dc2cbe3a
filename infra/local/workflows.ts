import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { localStateMachineArn, stateMachineName } from '#catalog/naming.ts';
import type { FunctionSpec, WorkflowSpec } from '#catalog/types.ts';
import { localSubstitutions, substitutePlaceholders } from '#local/substitutions.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** A state machine as the local Step Functions service registers it. */
export interface LocalStateMachine {
  readonly name: string;
  readonly arn: string;
  /** The ASL JSON text with every placeholder filled in (checked to be a JSON object). */
  readonly definition: string;
}

/** Reads every workflow's ASL file and fills its placeholders with local ARNs and the table name. */
export async function loadLocalStateMachines(
  tableName: string,
  functions: readonly FunctionSpec[],
  workflows: readonly WorkflowSpec[],
): Promise<LocalStateMachine[]> {
  const substitutions = localSubstitutions(tableName, { functions, workflows });
  return Promise.all(
    workflows.map(async (workflow) => {
      const text = await readFile(resolve(REPO_ROOT, workflow.definitionFile), 'utf8');
      const substituted = substitutePlaceholders(text, substitutions, workflow.definitionFile);
      let definition: unknown;
      try {
        definition = JSON.parse(substituted);
      } catch (error) {
        throw new Error(`${workflow.definitionFile} is not valid JSON: ${(error as Error).message}`);
      }
      if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
        throw new Error(`${workflow.definitionFile} must hold a JSON object (an ASL state machine)`);
      }
      return {
        name: stateMachineName(workflow.name),
        arn: localStateMachineArn(workflow.name),
        definition: substituted,
      };
    }),
  );
}
