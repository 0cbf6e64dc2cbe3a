// Workflow graphs as Mermaid state diagrams (GitHub renders them in Markdown), from the same graph model the
// console draws: the diagram in docs/ can never tell a different story than the definition.
import { type AslEdge, type AslGraph, type AslState, END_NODE } from '#infra/ops/asl-graph.ts';

const SIMPLE_ID = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Text Mermaid shows as an edge label: no characters that end or redirect a statement. */
function label(text: string): string {
  return text
    .replace(/<=/g, '≤')
    .replace(/>=/g, '≥')
    .replace(/==/g, '=')
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/"/g, "'")
    .replace(/[;#:{}]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function edgeLabel(edge: AslEdge): string {
  if (edge.kind === 'catch') return ` : catch ${label(edge.label ?? '')}`;
  if (edge.kind === 'choice') return ` : ${label(edge.label ?? '')}`;
  if (edge.kind === 'default') return ' : otherwise';
  return '';
}

interface Ids {
  of(name: string): string;
  readonly declarations: string[];
}

function idsFor(): Ids {
  const assigned = new Map<string, string>();
  const declarations: string[] = [];
  return {
    declarations,
    of(name) {
      const known = assigned.get(name);
      if (known !== undefined) return known;
      const id =
        SIMPLE_ID.test(name) && name !== 'end' && name !== 'state' ? name : `state_${assigned.size + 1}`;
      assigned.set(name, id);
      if (id !== name) declarations.push(`state "${label(name)}" as ${id}`);
      return id;
    },
  };
}

function body(graph: AslGraph, ids: Ids, indent: string): string[] {
  const lines: string[] = [`${indent}[*] --> ${ids.of(graph.startAt)}`];
  for (const state of graph.states) lines.push(...composite(state, ids, indent));
  for (const edge of graph.edges) {
    const to = edge.to === END_NODE ? '[*]' : ids.of(edge.to);
    lines.push(`${indent}${ids.of(edge.from)} --> ${to}${edgeLabel(edge)}`);
  }
  return lines;
}

function composite(state: AslState, ids: Ids, indent: string): string[] {
  if (state.branches.length === 0) return [];
  const inner = state.branches.flatMap((branch, index) => [
    ...(index === 0 ? [] : [`${indent}  --`]),
    ...body(branch, ids, `${indent}  `),
  ]);
  return [`${indent}state ${ids.of(state.name)} {`, ...inner, `${indent}}`];
}

function classes(graph: AslGraph, ids: Ids): string[] {
  const byType = new Map<string, string[]>();
  const visit = (states: readonly AslState[]) => {
    for (const state of states) {
      const kind =
        state.type === 'Choice'
          ? 'choice'
          : state.type === 'Fail'
            ? 'failure'
            : state.type === 'Succeed'
              ? 'success'
              : undefined;
      if (kind !== undefined) byType.set(kind, [...(byType.get(kind) ?? []), ids.of(state.name)]);
      for (const branch of state.branches) visit(branch.states);
    }
  };
  visit(graph.states);
  const styles: Record<string, string> = {
    choice: 'fill:#fff8e1,stroke:#b58900',
    failure: 'fill:#fce8e6,stroke:#b3261e',
    success: 'fill:#e6f4ea,stroke:#137333',
  };
  return [...byType].flatMap(([kind, members]) => [
    `classDef ${kind} ${styles[kind]}`,
    `class ${members.join(',')} ${kind}`,
  ]);
}

/**
 * A workflow as a Mermaid `stateDiagram-v2`: every state (Map and Parallel states with their inner workflows
 * nested, Parallel branches split by `--`), every transition with its Choice rule or caught errors, Choice states
 * yellow, Fail states red.
 */
export function mermaidStateDiagram(graph: AslGraph): string {
  const ids = idsFor();
  const lines = body(graph, ids, '  ');
  const styling = classes(graph, ids);
  return [
    'stateDiagram-v2',
    ...ids.declarations.map((line) => `  ${line}`),
    ...lines,
    ...styling.map((line) => `  ${line}`),
  ].join('\n');
}
