// A layered (Sugiyama-style) layout of a workflow graph, top to bottom: good enough for the 10-30 states of a
// PartnerFlow workflow, deterministic, and free of any drawing library. Pure; the SVG is drawn in graph-svg.ts.
import {
  type AslEdgeKind,
  type AslGraph,
  type AslStateType,
  END_NODE,
  START_NODE,
} from '#infra/ops/asl-graph.ts';

export type LayoutNodeKind = AslStateType | 'start' | 'end';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface LayoutNode {
  readonly id: string;
  readonly kind: LayoutNodeKind;
  /** Centre of the node. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly layer: number;
  /** Map and Parallel: how many states run inside. */
  readonly innerStates: number;
}

export interface LayoutEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: AslEdgeKind | 'start';
  readonly label?: string;
  /** From the source's border to the target's border, through the bends between layers. */
  readonly points: readonly Point[];
  /** A loop back to an earlier layer (drawn around the side). */
  readonly back: boolean;
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly LayoutNode[];
  readonly edges: readonly LayoutEdge[];
}

const NODE_HEIGHT = 34;
const TERMINAL_SIZE = 20;
const LAYER_GAP = 42;
const NODE_GAP = 26;
const MARGIN = 16;
const BACK_EDGE_GAP = 14;
const CHAR_WIDTH = 7.4;

interface WorkEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: AslEdgeKind | 'start';
  readonly label?: string;
}

/** Width a label needs at the drawing's font size (an estimate: no text measurement outside a browser). */
export const labelWidth = (label: string): number => Math.max(64, Math.ceil(label.length * CHAR_WIDTH) + 28);

function edgeList(graph: AslGraph): WorkEdge[] {
  const seen = new Set<string>();
  const edges: WorkEdge[] = [{ from: START_NODE, to: graph.startAt, kind: 'start' }];
  for (const edge of graph.edges) {
    // Two rules to the same state draw as one line; its label lists both.
    const key = `${edge.from}\u0000${edge.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const same = graph.edges.filter((other) => other.from === edge.from && other.to === edge.to);
    const labels = same.map((other) => other.label).filter((label): label is string => label !== undefined);
    edges.push({
      from: edge.from,
      to: edge.to,
      kind: edge.kind,
      ...(labels.length === 0 ? {} : { label: labels.join(' | ') }),
    });
  }
  return edges;
}

/** Edges that close a cycle (to a state still being explored in a depth-first walk from the start). */
function findBackEdges(nodes: readonly string[], edges: readonly WorkEdge[]): Set<WorkEdge> {
  const outgoing = new Map<string, WorkEdge[]>(nodes.map((node) => [node, []]));
  for (const edge of edges) outgoing.get(edge.from)?.push(edge);
  const state = new Map<string, 'open' | 'done'>();
  const back = new Set<WorkEdge>();
  const visit = (node: string) => {
    state.set(node, 'open');
    for (const edge of outgoing.get(node) ?? []) {
      const target = state.get(edge.to);
      if (target === 'open') back.add(edge);
      else if (target === undefined) visit(edge.to);
    }
    state.set(node, 'done');
  };
  for (const node of nodes) if (!state.has(node)) visit(node);
  return back;
}

/** Longest path from the start over forward edges; the end sits below everything. */
function assignLayers(nodes: readonly string[], forward: readonly WorkEdge[]): Map<string, number> {
  const incoming = new Map<string, number>(nodes.map((node) => [node, 0]));
  for (const edge of forward) incoming.set(edge.to, (incoming.get(edge.to) ?? 0) + 1);
  const layer = new Map<string, number>(nodes.map((node) => [node, 0]));
  const queue = nodes.filter((node) => incoming.get(node) === 0);
  while (queue.length > 0) {
    const node = queue.shift() as string;
    for (const edge of forward.filter((candidate) => candidate.from === node)) {
      layer.set(edge.to, Math.max(layer.get(edge.to) ?? 0, (layer.get(node) ?? 0) + 1));
      const left = (incoming.get(edge.to) ?? 0) - 1;
      incoming.set(edge.to, left);
      if (left === 0) queue.push(edge.to);
    }
  }
  const deepest = Math.max(0, ...[...layer].filter(([node]) => node !== END_NODE).map(([, at]) => at));
  layer.set(END_NODE, deepest + 1);
  return layer;
}

const edgeKeyOf = ([from, to]: readonly [string, string]) => `${from}\u0000${to}`;

const average = (values: readonly number[]): number | undefined =>
  values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0) / values.length;

/** Reorders each layer by the mean position of its neighbours in the layer before (or after). */
function reduceCrossings(rows: string[][], links: readonly (readonly [string, string])[]): void {
  const positionIn = (row: readonly string[]) => new Map(row.map((node, index) => [node, index]));
  const sweep = (from: number, to: number, step: number, neighbours: (node: string) => string[]) => {
    for (let index = from; index !== to; index += step) {
      const fixed = positionIn(rows[index - step] ?? []);
      const row = rows[index] ?? [];
      const keyed = row.map((node, position) => {
        const around = neighbours(node)
          .map((other) => fixed.get(other))
          .filter((at): at is number => at !== undefined);
        return { node, key: average(around) ?? position };
      });
      keyed.sort((a, b) => a.key - b.key);
      rows[index] = keyed.map((entry) => entry.node);
    }
  };
  const above = (node: string) => links.filter(([, to]) => to === node).map(([from]) => from);
  const below = (node: string) => links.filter(([from]) => from === node).map(([, to]) => to);
  for (let pass = 0; pass < 4; pass += 1) {
    sweep(1, rows.length, 1, above);
    sweep(rows.length - 2, -1, -1, below);
  }
}

/**
 * Lays a workflow out in layers from its start to its end: long edges bend through placeholder points so they
 * never cross a state, loops go around the right side. The same graph always gives the same layout.
 */
export function layoutGraph(graph: AslGraph): GraphLayout {
  const stateKinds = new Map<string, LayoutNodeKind>(graph.states.map((state) => [state.name, state.type]));
  const innerCounts = new Map(
    graph.states.map((state) => [
      state.name,
      state.branches.reduce((count, branch) => count + branch.states.length, 0),
    ]),
  );
  const names = [START_NODE, ...graph.states.map((state) => state.name), END_NODE];
  const edges = edgeList(graph);
  const back = findBackEdges(names, edges);
  const forward = edges.filter((edge) => !back.has(edge));
  const layers = assignLayers(names, forward);

  // Placeholder points split every forward edge that spans more than one layer. Edges to the same state share
  // them, so the many catches that lead to one compensation state run down one trunk instead of a fan of lines.
  const links: [string, string][] = [];
  const linked = new Set<string>();
  const chains = new Map<WorkEdge, string[]>();
  const layerOf = new Map(layers);
  for (const edge of forward) {
    const from = layerOf.get(edge.from) ?? 0;
    const to = layerOf.get(edge.to) ?? 0;
    const chain = [edge.from];
    for (let layer = from + 1; layer < to; layer += 1) {
      const placeholder = `\u0000${edge.to}:${layer}`;
      layerOf.set(placeholder, layer);
      chain.push(placeholder);
    }
    chain.push(edge.to);
    for (let index = 1; index < chain.length; index += 1) {
      const link: [string, string] = [chain[index - 1] ?? '', chain[index] ?? ''];
      if (linked.has(edgeKeyOf(link))) continue;
      linked.add(edgeKeyOf(link));
      links.push(link);
    }
    chains.set(edge, chain);
  }

  const depth = Math.max(...layerOf.values());
  const rows: string[][] = Array.from({ length: depth + 1 }, () => []);
  // Depth-first discovery order is a good first guess: a workflow's main path stays on the left.
  const discovered: string[] = [];
  const seen = new Set<string>();
  const discover = (node: string) => {
    if (seen.has(node)) return;
    seen.add(node);
    discovered.push(node);
    for (const [from, to] of links) if (from === node) discover(to);
  };
  for (const node of names) discover(node);
  for (const node of layerOf.keys()) if (!seen.has(node)) discovered.push(node);
  for (const node of discovered) rows[layerOf.get(node) ?? 0]?.push(node);
  reduceCrossings(rows, links);

  const widthOf = (node: string) => {
    if (node === START_NODE || node === END_NODE) return TERMINAL_SIZE;
    if (node.startsWith('\u0000')) return 2;
    const inner = innerCounts.get(node) ?? 0;
    return labelWidth(inner > 0 ? `${node} (${inner})` : node);
  };
  const x = new Map<string, number>();
  rows.forEach((row, layer) => {
    const parents = (node: string) => links.filter(([, to]) => to === node).map(([from]) => from);
    const wanted = row.map((node, index) => ({
      node,
      want:
        layer === 0
          ? index * 100
          : (average(parents(node).map((parent) => x.get(parent) ?? 0)) ?? index * 100),
    }));
    let right = Number.NEGATIVE_INFINITY;
    for (const { node, want } of wanted) {
      const half = widthOf(node) / 2;
      const centre = Math.max(want, right + NODE_GAP + half);
      x.set(node, centre);
      right = centre + half;
    }
  });
  const left = Math.min(...[...x].map(([node, centre]) => centre - widthOf(node) / 2));
  for (const [node, centre] of x) x.set(node, centre - left + MARGIN);
  const contentRight = Math.max(...[...x].map(([node, centre]) => centre + widthOf(node) / 2));

  const yOf = (layer: number) => MARGIN + NODE_HEIGHT / 2 + layer * (NODE_HEIGHT + LAYER_GAP);
  const heightOf = (node: string) => (node === START_NODE || node === END_NODE ? TERMINAL_SIZE : NODE_HEIGHT);
  const nodes: LayoutNode[] = names.map((name) => ({
    id: name,
    kind: name === START_NODE ? 'start' : name === END_NODE ? 'end' : (stateKinds.get(name) ?? 'Task'),
    x: x.get(name) ?? 0,
    y: yOf(layerOf.get(name) ?? 0),
    width: widthOf(name),
    height: heightOf(name),
    layer: layerOf.get(name) ?? 0,
    innerStates: innerCounts.get(name) ?? 0,
  }));
  const byId = new Map(nodes.map((node) => [node.id, node]));

  let loops = 0;
  const layoutEdges: LayoutEdge[] = edges.map((edge) => {
    const source = byId.get(edge.from);
    const target = byId.get(edge.to);
    if (source === undefined || target === undefined)
      throw new Error(`Edge ${edge.from} → ${edge.to} has no end`);
    const base = {
      from: edge.from,
      to: edge.to,
      kind: edge.kind,
      ...(edge.label === undefined ? {} : { label: edge.label }),
    };
    if (back.has(edge)) {
      // A loop runs in the free gaps between layers: down out of the source, along the gap below it to the right
      // margin, up the margin, along the gap above the target, and into the target from the top, like every edge.
      loops += 1;
      const side = contentRight + loops * BACK_EDGE_GAP;
      const nudge = (loops % 4) * 3;
      const below = source.y + source.height / 2 + LAYER_GAP / 2 - nudge;
      const above = target.y - target.height / 2 - LAYER_GAP / 2 + nudge;
      return {
        ...base,
        back: true,
        points: [
          { x: source.x, y: source.y + source.height / 2 },
          { x: source.x, y: below },
          { x: side, y: below },
          { x: side, y: above },
          { x: target.x, y: above },
          { x: target.x, y: target.y - target.height / 2 },
        ],
      };
    }
    const chain = chains.get(edge) ?? [edge.from, edge.to];
    const bends = chain.slice(1, -1).map((node) => ({ x: x.get(node) ?? 0, y: yOf(layerOf.get(node) ?? 0) }));
    return {
      ...base,
      back: false,
      points: [
        { x: source.x, y: source.y + source.height / 2 },
        ...bends,
        { x: target.x, y: target.y - target.height / 2 },
      ],
    };
  });

  return {
    width: Math.ceil(contentRight + loops * BACK_EDGE_GAP + MARGIN),
    height: Math.ceil(yOf(depth) + NODE_HEIGHT / 2 + MARGIN),
    nodes,
    edges: layoutEdges,
  };
}
