import type { Template } from 'aws-cdk-lib/assertions';

/** One IAM statement as CloudFormation renders it. */
export interface Statement {
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

interface PolicyResource {
  readonly Properties: {
    readonly Roles: readonly unknown[];
    readonly PolicyDocument: { readonly Statement: readonly Statement[] };
  };
}

export const actionsOf = (statement: Statement): readonly string[] =>
  typeof statement.Action === 'string' ? [statement.Action] : statement.Action;

/** The statements with at least one action of a service (`dynamodb`, `kms`, `states`, ...). */
export const statementsTouching = (statements: readonly Statement[], service: string): Statement[] =>
  statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith(`${service}:`)));

/** Every statement of the policies attached to one role (given as its `{Ref}`). */
export function statementsOfRole(template: Template, roleRef: unknown): Statement[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as PolicyResource[];
  return policies
    .filter((policy) =>
      policy.Properties.Roles.some((role) => JSON.stringify(role) === JSON.stringify(roleRef)),
    )
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

/** The properties of the only resource of a type that matches, failing clearly when there is not exactly one. */
export function onlyResource(template: Template, type: string, props: object = {}): Record<string, unknown> {
  const found = Object.values(template.findResources(type, { Properties: props }));
  if (found.length !== 1)
    throw new Error(`Expected one ${type} matching ${JSON.stringify(props)}, found ${found.length}`);
  const [resource] = found as { Properties: Record<string, unknown> }[];
  return resource?.Properties ?? {};
}
