import {
  functionArnPlaceholder,
  localFunctionArn,
  localStateMachineArn,
  stateMachineArnPlaceholder,
} from '#catalog/naming.ts';
import type { FunctionSpec, WorkflowSpec } from '#catalog/types.ts';

/** What the substitutions are built from; the catalog in the runtime, a small fixture in tests. */
export interface SubstitutionSources {
  readonly functions: readonly Pick<FunctionSpec, 'id'>[];
  readonly workflows: readonly Pick<WorkflowSpec, 'name'>[];
}

/**
 * The local values of every `${Placeholder}` an ASL file may use: the same names the CDK app fills with real
 * ARNs (naming.ts), so one definition runs in both places.
 */
export function localSubstitutions(tableName: string, sources: SubstitutionSources): Record<string, string> {
  const substitutions: Record<string, string> = { TableName: tableName };
  for (const fn of sources.functions) substitutions[functionArnPlaceholder(fn.id)] = localFunctionArn(fn.id);
  for (const workflow of sources.workflows) {
    substitutions[stateMachineArnPlaceholder(workflow.name)] = localStateMachineArn(workflow.name);
  }
  return substitutions;
}

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/**
 * Replaces every `${Name}` in a definition's text; a placeholder with no value is an error naming the file and
 * each unknown name, because a definition that still holds one would fail only when that state runs.
 */
export function substitutePlaceholders(
  text: string,
  substitutions: Readonly<Record<string, string>>,
  source: string,
): string {
  const unknown = new Set<string>();
  const result = text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = substitutions[name];
    if (value === undefined) {
      unknown.add(name);
      return whole;
    }
    return value;
  });
  if (unknown.size > 0) {
    const names = [...unknown].map((name) => `\${${name}}`).join(', ');
    throw new Error(
      `${source} uses ${names} with no local value: declare the function or workflow in infra/catalog ` +
        '(placeholder names come from infra/catalog/naming.ts)',
    );
  }
  return result;
}
