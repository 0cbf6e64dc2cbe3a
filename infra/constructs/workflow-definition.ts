import type { AreaSpec } from '#catalog/area.ts';
import { functionArnPlaceholder, stateMachineArnPlaceholder } from '#catalog/naming.ts';
import type { TableAction, WorkflowSpec } from '#catalog/types.ts';

/**
 * Reads an ASL file the way PartnerFlow needs it read: which `${Placeholder}`s it uses, which service
 * integrations it calls (so the CDK construct grants exactly those), and what is wrong with it. Plain
 * functions with no CDK in them: the PartnerWorkflow construct and the ASL tests share them.
 */

/** The substitution every definition may use for the table's name (direct DynamoDB integrations). */
export const TABLE_NAME_PLACEHOLDER = 'TableName';

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/** Optimized DynamoDB integrations and the IAM action each one performs. */
const DYNAMODB_INTEGRATIONS: Readonly<Record<string, TableAction>> = {
  'arn:aws:states:::dynamodb:getItem': 'dynamodb:GetItem',
  'arn:aws:states:::dynamodb:putItem': 'dynamodb:PutItem',
  'arn:aws:states:::dynamodb:updateItem': 'dynamodb:UpdateItem',
  'arn:aws:states:::dynamodb:deleteItem': 'dynamodb:DeleteItem',
};
const LAMBDA_INTEGRATIONS = new Set([
  'arn:aws:states:::lambda:invoke',
  'arn:aws:states:::lambda:invoke.waitForTaskToken',
]);
const START_EXECUTION = 'arn:aws:states:::states:startExecution';
/** A Task whose Resource is a function ARN placeholder itself (the legacy Lambda form). */
const BARE_FUNCTION_RESOURCE = /^\$\{[A-Za-z0-9]+FunctionArn\}$/;

/** Every Task resource the stack knows how to grant; anything else is reported as unsupported. */
export const SUPPORTED_TASK_RESOURCES: readonly string[] = [
  ...LAMBDA_INTEGRATIONS,
  ...Object.keys(DYNAMODB_INTEGRATIONS),
  START_EXECUTION,
  'a function ARN placeholder as the Resource (legacy Lambda form)',
];

/** Fields that exist only with QueryLanguage JSONata (or the variables feature) and the local engine ignores. */
const FORBIDDEN_FIELDS = ['Assign', 'Arguments', 'Output', 'Condition'] as const;

export interface DefinitionReport {
  /** Every `${Name}` in the file, once each. */
  readonly placeholders: readonly string[];
  /** Table actions the definition performs through direct DynamoDB integrations. */
  readonly tableActions: readonly TableAction[];
  /** Whether a Task starts executions of other state machines. */
  readonly startsExecutions: boolean;
  /** Whether a Task invokes a Lambda function. */
  readonly invokesFunctions: boolean;
  /** Everything that keeps the definition from running the same way in AWS and locally. */
  readonly problems: readonly string[];
}

type Json = Readonly<Record<string, unknown>>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every distinct `${Name}` placeholder in a text. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ''))];
}

/** The names a definition may substitute: every catalog function and workflow ARN, and the table name. */
export function catalogPlaceholders(catalog: Pick<AreaSpec, 'functions' | 'workflows'>): Set<string> {
  return new Set([
    ...catalog.functions.map((spec) => functionArnPlaceholder(spec.id)),
    ...catalog.workflows.map((spec) => stateMachineArnPlaceholder(spec.name)),
    TABLE_NAME_PLACEHOLDER,
  ]);
}

/**
 * Everything that would make a workflow's definition fail in AWS or differ from the local run: the
 * definition's own problems, placeholders nothing substitutes, and functions it calls that its spec does not
 * list (they would be substituted, yet the role could not invoke them).
 */
export function workflowProblems(
  report: DefinitionReport,
  spec: WorkflowSpec,
  known: ReadonlySet<string>,
): string[] {
  const invocable = new Set(spec.functionIds.map(functionArnPlaceholder));
  return [
    ...report.problems,
    ...report.placeholders
      .filter((name) => !known.has(name))
      .map(
        (name) =>
          `\${${name}} is neither a catalog function, a catalog workflow nor ${TABLE_NAME_PLACEHOLDER}`,
      ),
    ...report.placeholders
      .filter((name) => known.has(name) && name.endsWith('FunctionArn') && !invocable.has(name))
      .map((name) => `\${${name}} is used but its function is not in the functionIds of ${spec.name}`),
  ];
}

/** Parses and inspects one ASL document; never throws for a bad definition, it reports it. */
export function inspectDefinition(text: string): DefinitionReport {
  const placeholders = placeholdersIn(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      placeholders,
      tableActions: [],
      startsExecutions: false,
      invokesFunctions: false,
      problems: [`not JSON: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
  const walk = new DefinitionWalk();
  if (!isRecord(parsed)) {
    walk.problems.push('the definition is not a JSON object');
  } else {
    if (parsed.QueryLanguage !== undefined && parsed.QueryLanguage !== 'JSONPath') {
      walk.problems.push(`QueryLanguage ${String(parsed.QueryLanguage)}: only JSONPath runs locally`);
    }
    walk.scope(parsed, '(root)');
  }
  return {
    placeholders,
    tableActions: [...walk.tableActions],
    startsExecutions: walk.startsExecutions,
    invokesFunctions: walk.invokesFunctions,
    problems: walk.problems,
  };
}

/** Walks one definition scope (the root, a Map's ItemProcessor, a Parallel branch) and everything inside it. */
class DefinitionWalk {
  readonly problems: string[] = [];
  readonly tableActions = new Set<TableAction>();
  startsExecutions = false;
  invokesFunctions = false;

  scope(definition: Json, where: string): void {
    const states = definition.States;
    if (!isRecord(states) || Object.keys(states).length === 0) {
      this.problems.push(`${where}: States is missing or empty`);
      return;
    }
    const startAt = definition.StartAt;
    if (typeof startAt !== 'string' || !(startAt in states)) {
      this.problems.push(`${where}: StartAt ${JSON.stringify(startAt)} is not a state`);
      return;
    }
    const edges = new Map<string, string[]>();
    for (const [name, state] of Object.entries(states)) {
      if (!isRecord(state)) {
        this.problems.push(`${where}/${name}: not an object`);
        continue;
      }
      const targets = transitionTargets(state);
      edges.set(name, targets);
      for (const target of targets) {
        if (!(target in states))
          this.problems.push(`${where}/${name}: transition to unknown state '${target}'`);
      }
      this.state(state, `${where}/${name}`);
    }
    for (const name of unreachable(startAt, edges))
      this.problems.push(`${where}/${name}: unreachable from ${startAt}`);
  }

  private state(state: Json, where: string): void {
    if (state.QueryLanguage !== undefined && state.QueryLanguage !== 'JSONPath') {
      this.problems.push(
        `${where}: QueryLanguage ${String(state.QueryLanguage)}: only JSONPath runs locally`,
      );
    }
    for (const field of FORBIDDEN_FIELDS) {
      if (field in state)
        this.problems.push(`${where}: ${field} is JSONata/variables syntax; use JSONPath fields`);
    }
    for (const [index, rule] of arrayOf(state.Choices).entries()) {
      if (isRecord(rule) && 'Condition' in rule) {
        this.problems.push(`${where}: Choices[${index}] uses Condition (JSONata); use a JSONPath comparison`);
      }
    }
    const terminal = state.Type === 'Succeed' || state.Type === 'Fail' || state.Type === 'Choice';
    if (!terminal && state.End !== true && typeof state.Next !== 'string') {
      this.problems.push(`${where}: a ${String(state.Type)} state needs Next or End`);
    }
    if (state.Type === 'Task') this.task(state, where);
    if (state.Type === 'Map') {
      const processor = state.ItemProcessor ?? state.Iterator;
      if (isRecord(processor)) this.scope(processor, `${where}/ItemProcessor`);
      else this.problems.push(`${where}: a Map state needs an ItemProcessor`);
    }
    if (state.Type === 'Parallel') {
      for (const [index, branch] of arrayOf(state.Branches).entries()) {
        if (isRecord(branch)) this.scope(branch, `${where}/Branches[${index}]`);
      }
    }
  }

  private task(state: Json, where: string): void {
    const resource = state.Resource;
    if (typeof resource !== 'string') {
      this.problems.push(`${where}: a Task needs a Resource`);
      return;
    }
    const tableAction = DYNAMODB_INTEGRATIONS[resource];
    if (tableAction !== undefined) this.tableActions.add(tableAction);
    else if (LAMBDA_INTEGRATIONS.has(resource) || BARE_FUNCTION_RESOURCE.test(resource))
      this.invokesFunctions = true;
    else if (resource === START_EXECUTION) this.startsExecutions = true;
    else
      this.problems.push(
        `${where}: unsupported Task resource ${resource} (supported: ${SUPPORTED_TASK_RESOURCES.join(', ')})`,
      );
  }
}

const arrayOf = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

function transitionTargets(state: Json): string[] {
  const targets: unknown[] = [state.Next, state.Default];
  for (const rule of arrayOf(state.Choices)) if (isRecord(rule)) targets.push(rule.Next);
  for (const catcher of arrayOf(state.Catch)) if (isRecord(catcher)) targets.push(catcher.Next);
  return targets.filter((target): target is string => typeof target === 'string');
}

function unreachable(startAt: string, edges: ReadonlyMap<string, readonly string[]>): string[] {
  const seen = new Set([startAt]);
  const queue = [startAt];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    for (const target of edges.get(name) ?? []) {
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return [...edges.keys()].filter((name) => !seen.has(name));
}

/**
 * The definition with the spec's whole-execution timeout set, since `DefinitionBody.fromString` ignores the
 * construct's `timeout`; a file that already says something else is a contradiction, not a default.
 */
export function withExecutionTimeout(text: string, timeoutSeconds: number): string {
  const parsed: unknown = JSON.parse(text);
  if (!isRecord(parsed)) throw new Error('the definition is not a JSON object');
  if (parsed.TimeoutSeconds !== undefined && parsed.TimeoutSeconds !== timeoutSeconds) {
    throw new Error(
      `TimeoutSeconds ${String(parsed.TimeoutSeconds)} differs from the spec's timeoutSeconds ${timeoutSeconds}`,
    );
  }
  return JSON.stringify({ ...parsed, TimeoutSeconds: timeoutSeconds }, null, 2);
}
