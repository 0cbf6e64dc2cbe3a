import { functionName } from '#catalog/naming.ts';
import type { FunctionSpec } from '#catalog/types.ts';

/** Lambda's error for a function that does not exist; Step Functions reports it by this name. */
export class FunctionNotFoundError extends Error {
  override readonly name = 'ResourceNotFoundException';
}

/**
 * Maps whatever a state machine names a function by (full or partial ARN, name, optionally with a version or
 * alias qualifier) back to the catalog id, the way Lambda's Invoke accepts all of those forms.
 */
export function functionIdFromNameOrArn(
  nameOrArn: string,
  functions: readonly Pick<FunctionSpec, 'id'>[],
): string {
  const afterFunction = nameOrArn.includes(':function:')
    ? (nameOrArn.split(':function:')[1] ?? '')
    : nameOrArn;
  const name = afterFunction.split(':')[0] ?? '';
  const spec = functions.find((candidate) => functionName(candidate.id) === name || candidate.id === name);
  if (spec === undefined) throw new FunctionNotFoundError(`Function not found: ${nameOrArn}`);
  return spec.id;
}
