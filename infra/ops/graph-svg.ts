// Draws a laid-out workflow graph as SVG markup, with the path an execution took highlighted. Pure string
// building with every text escaped, so the console can insert it and tests can read it.
import { END_NODE, START_NODE } from '#infra/ops/asl-graph.ts';
import type { GraphLayout, LayoutEdge, LayoutNode, Point } from '#infra/ops/graph-layout.ts';

/** What an execution did on the graph. */
export interface PathHighlight {
  /** States the execution entered (at least once). */
  readonly visited: ReadonlySet<string>;
  /** Edges it followed, as `edgeKey(from, to)`. */
  readonly taken: ReadonlySet<string>;
  /** The state it failed in (timed out, aborted), if it did. */
  readonly failed?: string;
  /** The state it is in now, while it runs. */
  readonly current?: string;
}

export const edgeKey = (from: string, to: string): string => `${from}\u0000${to}`;

export const NO_HIGHLIGHT: PathHighlight = { visited: new Set(), taken: new Set() };

const COLOURS = {
  edge: '#9aa5b4',
  taken: '#137333',
  catch: '#b3261e',
  nodeFill: '#ffffff',
  nodeStroke: '#8591a3',
  text: '#1f2933',
  visitedFill: '#e6f4ea',
  visitedStroke: '#137333',
  failedFill: '#fce8e6',
  failedStroke: '#b3261e',
  currentFill: '#e8f0fe',
  currentStroke: '#1a56db',
  choiceFill: '#fff8e1',
};

const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);

const round = (value: number) => Math.round(value * 10) / 10;

function pathData(edge: LayoutEdge): string {
  const [first, ...rest] = edge.points;
  if (first === undefined) return '';
  if (edge.back)
    return `M${round(first.x)},${round(first.y)}${rest.map((p) => ` L${round(p.x)},${round(p.y)}`).join('')}`;
  let d = `M${round(first.x)},${round(first.y)}`;
  let previous: Point = first;
  for (const point of rest) {
    const bend = (point.y - previous.y) / 2;
    d += ` C${round(previous.x)},${round(previous.y + bend)} ${round(point.x)},${round(point.y - bend)} ${round(point.x)},${round(point.y)}`;
    previous = point;
  }
  return d;
}

function nodeStatus(node: LayoutNode, highlight: PathHighlight): 'failed' | 'current' | 'visited' | 'idle' {
  if (highlight.failed === node.id) return 'failed';
  if (highlight.current === node.id) return 'current';
  return highlight.visited.has(node.id) ? 'visited' : 'idle';
}

const STATUS_WORDS = {
  failed: 'failed here',
  current: 'running now',
  visited: 'visited',
  idle: 'not visited',
};

function drawNode(node: LayoutNode, highlight: PathHighlight): string {
  const status = nodeStatus(node, highlight);
  const classes = `node node-${node.kind.toLowerCase()} ${status}`;
  const attributes = `class="${classes}" data-state="${escapeXml(node.id)}" data-status="${status}"`;
  if (node.id === START_NODE || node.id === END_NODE) {
    const reached = highlight.visited.has(node.id);
    const fill = reached ? COLOURS.visitedStroke : COLOURS.nodeStroke;
    const ring =
      node.id === END_NODE
        ? `<circle cx="${round(node.x)}" cy="${round(node.y)}" r="${node.width / 2}" fill="none" stroke="${fill}" stroke-width="2"/>`
        : '';
    const inner = node.id === END_NODE ? node.width / 2 - 4 : node.width / 2;
    return `<g ${attributes}><title>${node.id === START_NODE ? 'Start' : 'End'}</title>${ring}<circle cx="${round(node.x)}" cy="${round(node.y)}" r="${inner}" fill="${fill}"/></g>`;
  }
  const fill = {
    failed: COLOURS.failedFill,
    current: COLOURS.currentFill,
    visited: COLOURS.visitedFill,
    idle: node.kind === 'Choice' ? COLOURS.choiceFill : COLOURS.nodeFill,
  }[status];
  const stroke = {
    failed: COLOURS.failedStroke,
    current: COLOURS.currentStroke,
    visited: COLOURS.visitedStroke,
    idle: COLOURS.nodeStroke,
  }[status];
  const left = round(node.x - node.width / 2);
  const top = round(node.y - node.height / 2);
  const radius = node.kind === 'Choice' ? node.height / 2 : 6;
  const strokeWidth = status === 'idle' ? 1.2 : 2.4;
  const dash = node.kind === 'Fail' || node.kind === 'Succeed' ? ' stroke-dasharray="5 3"' : '';
  // Map and Parallel run states inside them: a second outline says so, and the label counts them.
  const container =
    node.innerStates > 0
      ? `<rect x="${left + 3}" y="${top + 3}" width="${node.width}" height="${node.height}" rx="${radius}" fill="${fill}" stroke="${stroke}" stroke-width="1"/>`
      : '';
  const label = node.innerStates > 0 ? `${node.id} (${node.innerStates})` : node.id;
  const weight = status === 'idle' ? '400' : '600';
  return (
    `<g ${attributes}><title>${escapeXml(`${node.id} (${node.kind}) — ${STATUS_WORDS[status]}`)}</title>${container}` +
    `<rect x="${left}" y="${top}" width="${node.width}" height="${node.height}" rx="${radius}" fill="${fill}" stroke="${stroke}" stroke-width="${strokeWidth}"${dash}/>` +
    `<text x="${round(node.x)}" y="${round(node.y)}" text-anchor="middle" dominant-baseline="central" font-size="12.5" font-weight="${weight}" fill="${COLOURS.text}">${escapeXml(label)}</text></g>`
  );
}

function drawEdge(edge: LayoutEdge, highlight: PathHighlight, idPrefix: string): string {
  const taken = highlight.taken.has(edgeKey(edge.from, edge.to));
  const colour = taken ? COLOURS.taken : edge.kind === 'catch' ? COLOURS.catch : COLOURS.edge;
  const classes = `edge edge-${edge.kind}${edge.back ? ' edge-back' : ''}${taken ? ' taken' : ''}`;
  const dash = edge.kind === 'catch' ? ' stroke-dasharray="6 4"' : '';
  const marker = taken ? 'arrow-taken' : edge.kind === 'catch' ? 'arrow-catch' : 'arrow';
  const title = `${edge.from} → ${edge.to}${edge.label === undefined ? '' : ` (${edge.kind}: ${edge.label})`}`;
  return (
    `<path class="${classes}" data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}" d="${pathData(edge)}" fill="none" stroke="${colour}" ` +
    `stroke-width="${taken ? 2.6 : 1.3}"${dash} marker-end="url(#${idPrefix}${marker})"><title>${escapeXml(title)}</title></path>`
  );
}

function marker(id: string, colour: string): string {
  return `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${colour}"/></marker>`;
}

/**
 * The graph as one `<svg>` element: states as boxes (Choice rounded, Fail and Succeed dashed, Map and Parallel
 * doubled), catches dashed red, and the path taken in bold green with its states filled. Scales to its container
 * (viewBox); each state carries `data-state` and `data-status` for the console and its tests.
 */
export function renderGraphSvg(
  layout: GraphLayout,
  highlight: PathHighlight = NO_HIGHLIGHT,
  options: { readonly title?: string; readonly idPrefix?: string } = {},
): string {
  const idPrefix = options.idPrefix ?? 'pf-graph-';
  const title = options.title ?? 'Workflow graph';
  // Edges the path took are drawn last, so they stay visible where lines cross.
  const ordered = [...layout.edges].sort(
    (a, b) =>
      Number(highlight.taken.has(edgeKey(a.from, a.to))) - Number(highlight.taken.has(edgeKey(b.from, b.to))),
  );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="workflow-graph" viewBox="0 0 ${layout.width} ${layout.height}" ` +
    `width="${layout.width}" height="${layout.height}" role="img" aria-labelledby="${idPrefix}title" font-family="system-ui, sans-serif">` +
    `<title id="${idPrefix}title">${escapeXml(title)}</title>` +
    `<defs>${marker(`${idPrefix}arrow`, COLOURS.edge)}${marker(`${idPrefix}arrow-taken`, COLOURS.taken)}${marker(`${idPrefix}arrow-catch`, COLOURS.catch)}</defs>` +
    `<g class="edges">${ordered.map((edge) => drawEdge(edge, highlight, idPrefix)).join('')}</g>` +
    `<g class="nodes">${layout.nodes.map((node) => drawNode(node, highlight)).join('')}</g></svg>`
  );
}
