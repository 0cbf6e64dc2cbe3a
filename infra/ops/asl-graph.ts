// The shape of a workflow as a graph, read from its ASL definition. Pure: the ops console (in the browser), the
// CLI and the diagram generator (`npm run docs`) all draw from it, so they can never disagree about a workflow.

export type AslStateType = 'Task' | 'Parallel' | 'Map' | 'Pass' | 'Wait' | 'Choice' | 'Succeed' | 'Fail';

/** How control moves along an edge: the normal `Next`, a Choice rule or its Default, a Catch, or the end. */
export type AslEdgeKind = 'next' | 'choice' | 'default' | 'catch' | 'end';

export interface AslState {
  readonly name: string;
  readonly type: AslStateType;
  readonly comment?: string;
  /** The inner workflows of a Map (one) or a Parallel (one per branch); empty otherwise. */
  readonly branches: readonly AslGraph[];
}

export interface AslEdge {
  readonly from: string;
  /** A state name, or END_NODE when the state ends the (sub)workflow. */
  readonly to: string;
  readonly kind: AslEdgeKind;
  /** What takes this edge: a Choice condition, or the errors a Catch matches. */
  readonly label?: string;
}

export interface AslGraph {
  readonly startAt: string;
  readonly states: readonly AslState[];
  readonly edges: readonly AslEdge[];
}

/** The pseudo-states every drawing adds around a (sub)workflow. */
export const START_NODE = '(start)';
export const END_NODE = '(end)';

const STATE_TYPES: ReadonlySet<string> = new Set<AslStateType>([
  'Task',
  'Parallel',
  'Map',
  'Pass',
  'Wait',
  'Choice',
  'Succeed',
  'Fail',
]);

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The invalid definition a graph cannot be drawn from (it would not deploy either). */
export class AslGraphError extends Error {
  override readonly name = 'AslGraphError';
}

const COMPARISONS: readonly [string, string][] = [
  ['StringEquals', '=='],
  ['StringEqualsPath', '=='],
  ['NumericEquals', '=='],
  ['NumericEqualsPath', '=='],
  ['BooleanEquals', '=='],
  ['BooleanEqualsPath', '=='],
  ['TimestampEquals', '=='],
  ['NumericLessThan', '<'],
  ['NumericLessThanPath', '<'],
  ['NumericGreaterThan', '>'],
  ['NumericGreaterThanPath', '>'],
  ['NumericLessThanEquals', '<='],
  ['NumericLessThanEqualsPath', '<='],
  ['NumericGreaterThanEquals', '>='],
  ['NumericGreaterThanEqualsPath', '>='],
  ['StringLessThan', '<'],
  ['StringGreaterThan', '>'],
  ['TimestampLessThan', '<'],
  ['TimestampGreaterThan', '>'],
  ['TimestampLessThanEquals', '<='],
  ['TimestampGreaterThanEquals', '>='],
  ['StringMatches', 'matches'],
];

/** A Choice rule in a short, readable form: `$.decision.kind == "approve"`, `not (...)`, `a and b`. */
export function describeChoiceRule(rule: Json): string {
  if (Array.isArray(rule.And)) return rule.And.filter(isObject).map(describeChoiceRule).join(' and ');
  if (Array.isArray(rule.Or)) return rule.Or.filter(isObject).map(describeChoiceRule).join(' or ');
  if (isObject(rule.Not)) return `not (${describeChoiceRule(rule.Not)})`;
  const variable = asString(rule.Variable) ?? '?';
  for (const [operator, symbol] of COMPARISONS) {
    if (!(operator in rule)) continue;
    const value = rule[operator];
    return `${variable} ${symbol} ${operator.endsWith('Path') ? String(value) : JSON.stringify(value)}`;
  }
  for (const test of ['IsPresent', 'IsNull', 'IsString', 'IsNumeric', 'IsBoolean', 'IsTimestamp']) {
    if (test in rule)
      return `${variable} ${rule[test] === false ? 'not ' : ''}${test.slice(2).toLowerCase()}`;
  }
  return variable;
}

function innerGraphs(name: string, state: Json): AslGraph[] {
  if (state.Type === 'Map') {
    const processor = isObject(state.ItemProcessor) ? state.ItemProcessor : state.Iterator;
    if (!isObject(processor)) throw new AslGraphError(`Map state ${name} has no ItemProcessor`);
    return [parseAslGraph(processor)];
  }
  if (state.Type === 'Parallel') {
    if (!Array.isArray(state.Branches)) throw new AslGraphError(`Parallel state ${name} has no Branches`);
    return state.Branches.map((branch) => parseAslGraph(branch));
  }
  return [];
}

function edgesOf(name: string, state: Json): AslEdge[] {
  const edges: AslEdge[] = [];
  const next = asString(state.Next);
  if (state.Type === 'Choice') {
    const choices = Array.isArray(state.Choices) ? state.Choices.filter(isObject) : [];
    for (const choice of choices) {
      const target = asString(choice.Next);
      if (target !== undefined)
        edges.push({ from: name, to: target, kind: 'choice', label: describeChoiceRule(choice) });
    }
    const fallback = asString(state.Default);
    if (fallback !== undefined) edges.push({ from: name, to: fallback, kind: 'default', label: 'otherwise' });
  } else if (next !== undefined) {
    edges.push({ from: name, to: next, kind: 'next' });
  }
  if (state.End === true || state.Type === 'Succeed' || state.Type === 'Fail') {
    edges.push({ from: name, to: END_NODE, kind: 'end' });
  }
  const catchers = Array.isArray(state.Catch) ? state.Catch.filter(isObject) : [];
  for (const catcher of catchers) {
    const target = asString(catcher.Next);
    const errors = Array.isArray(catcher.ErrorEquals) ? catcher.ErrorEquals.map(String).join(', ') : '';
    if (target !== undefined) edges.push({ from: name, to: target, kind: 'catch', label: errors });
  }
  return edges;
}

/**
 * Reads an ASL definition (the parsed JSON, or its text) into states and edges, nested Map and Parallel
 * workflows included. Fails on what no engine would run: no StartAt, an unknown state type, an edge to a
 * state that does not exist.
 */
export function parseAslGraph(definition: unknown): AslGraph {
  const root: unknown = typeof definition === 'string' ? JSON.parse(definition) : definition;
  if (!isObject(root) || !isObject(root.States)) throw new AslGraphError('The definition has no States');
  const startAt = asString(root.StartAt);
  if (startAt === undefined) throw new AslGraphError('The definition has no StartAt');
  const states: AslState[] = [];
  const edges: AslEdge[] = [];
  for (const [name, value] of Object.entries(root.States)) {
    if (!isObject(value) || typeof value.Type !== 'string' || !STATE_TYPES.has(value.Type)) {
      throw new AslGraphError(`State ${name} has no known Type`);
    }
    const comment = asString(value.Comment);
    states.push({
      name,
      type: value.Type as AslStateType,
      ...(comment === undefined ? {} : { comment }),
      branches: innerGraphs(name, value),
    });
    edges.push(...edgesOf(name, value));
  }
  const names = new Set(states.map((state) => state.name));
  if (!names.has(startAt)) throw new AslGraphError(`StartAt names no state: ${startAt}`);
  const dangling = edges.find((edge) => edge.to !== END_NODE && !names.has(edge.to));
  if (dangling !== undefined) {
    throw new AslGraphError(`State ${dangling.from} goes to ${dangling.to}, which does not exist`);
  }
  return { startAt, states, edges };
}
