// Building the page from data without innerHTML: every text goes in as a text node, so nothing an execution
// carries (names, inputs, causes) can ever become markup.

type Child = Node | string | number | false | null | undefined;
type Attributes = Record<string, string | number | boolean | undefined | EventListener>;

/** `h('a', {href: '#/x', class: 'row'}, 'text', child)`: attributes `on<event>` become listeners; false/undefined skip. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: readonly Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: readonly Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    parent.appendChild(
      typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child,
    );
  }
}

/** Replaces everything inside `parent`. */
export function replaceChildren(parent: Element, ...children: readonly Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** Parses SVG markup built by infra/ops/graph-svg.ts (which escapes every text) into a node. */
export function svgFromMarkup(markup: string): Element {
  const parsed = new DOMParser().parseFromString(markup, 'image/svg+xml');
  return document.importNode(parsed.documentElement, true);
}

/** Tells screen reader users what changed (a polite live region). */
export function announce(message: string): void {
  const announcer = document.getElementById('announcer');
  if (announcer === null) return;
  announcer.textContent = '';
  // A fresh text node in a later task is announced even when the message repeats.
  setTimeout(() => {
    announcer.textContent = message;
  }, 50);
}

export function statusBadge(status: string): HTMLElement {
  return h(
    'span',
    { class: `badge status-${status.toLowerCase().replace(/_/g, '-')}` },
    status.replace(/_/g, ' '),
  );
}
