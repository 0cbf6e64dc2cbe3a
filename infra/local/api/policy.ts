/**
 * The part of IAM policy evaluation API Gateway applies to a Lambda authorizer's answer: does the policy let
 * the caller invoke this method ARN? An explicit Deny wins over any Allow; no matching Allow is a deny too.
 */
export interface PolicyStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
}

export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: readonly PolicyStatement[];
}

export type PolicyVerdict = 'allow' | 'explicit_deny' | 'implicit_deny';

const INVOKE_ACTIONS = new Set(['*', 'execute-api:*', 'execute-api:invoke']);

const asList = (value: string | readonly string[]) => (typeof value === 'string' ? [value] : value);

/** IAM resource wildcards: `*` is any run of characters (slashes included), `?` is one character. */
function wildcardMatches(pattern: string, value: string): boolean {
  const source = pattern
    .split('')
    .map((character) => {
      if (character === '*') return '.*';
      if (character === '?') return '.';
      return character.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`, 's').test(value);
}

function applies(statement: PolicyStatement, methodArn: string): boolean {
  const coversInvoke = asList(statement.Action).some((action) => INVOKE_ACTIONS.has(action.toLowerCase()));
  return coversInvoke && asList(statement.Resource).some((resource) => wildcardMatches(resource, methodArn));
}

/** Evaluates a policy for one method ARN. */
export function evaluatePolicy(policy: PolicyDocument, methodArn: string): PolicyVerdict {
  const relevant = policy.Statement.filter((statement) => applies(statement, methodArn));
  if (relevant.some((statement) => statement.Effect === 'Deny')) return 'explicit_deny';
  return relevant.some((statement) => statement.Effect === 'Allow') ? 'allow' : 'implicit_deny';
}

const isStringOrList = (value: unknown): value is string | string[] =>
  typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));

/** Reads a policy document from an authorizer's untrusted answer; undefined when it is not one. */
export function parsePolicyDocument(value: unknown): PolicyDocument | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const statements: unknown = (value as { Statement?: unknown }).Statement;
  const list: unknown[] = Array.isArray(statements) ? statements : [statements];
  const parsed: PolicyStatement[] = [];
  for (const candidate of list) {
    if (typeof candidate !== 'object' || candidate === null) return undefined;
    const { Effect, Action, Resource } = candidate as Record<string, unknown>;
    if ((Effect !== 'Allow' && Effect !== 'Deny') || !isStringOrList(Action) || !isStringOrList(Resource)) {
      return undefined;
    }
    parsed.push({ Effect, Action, Resource });
  }
  return { Statement: parsed };
}
