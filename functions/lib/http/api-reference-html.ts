import type {
  JsonSchema,
  OpenApiDocument,
  OpenApiMethod,
  OpenApiOperation,
  OpenApiReference,
  OpenApiResponse,
} from '#lib/http/openapi.ts';

/** A field of a schema flattened for a table: `creator.categories[]`, its type and its rules (as HTML). */
interface FieldRow {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly rules: string;
  readonly description: string;
}

const METHOD_ORDER: readonly OpenApiMethod[] = ['get', 'post', 'put', 'patch', 'delete'];
/** Deep enough for any real payload, and a guard against recursive schemas. */
const MAX_FIELD_DEPTH = 6;

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The little Markdown the descriptions use: `code`, **bold**, paragraphs and `-` lists. */
function inlineMarkdown(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

function markdownBlock(text: string): string {
  const blocks: string[] = [];
  let list: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push(`<p>${inlineMarkdown(paragraph.join(' '))}</p>`);
    if (list.length > 0)
      blocks.push(`<ul>${list.map((item) => `<li>${inlineMarkdown(item)}</li>`).join('')}</ul>`);
    paragraph = [];
    list = [];
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') flush();
    else if (line.startsWith('- ')) {
      if (paragraph.length > 0) flush();
      list.push(line.slice(2));
    } else if (list.length > 0 && line.startsWith('  ')) list[list.length - 1] += ` ${line.trim()}`;
    else paragraph.push(line.trim());
  }
  flush();
  return blocks.join('\n');
}

function resolve(document: OpenApiDocument, schema: JsonSchema): JsonSchema {
  const prefix = '#/components/schemas/';
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith(prefix)) {
    return document.components.schemas[schema.$ref.slice(prefix.length)] ?? schema;
  }
  return schema;
}

function typeLabel(schema: JsonSchema): string {
  if (schema.enum !== undefined) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any');
  return schema.format === undefined ? type : `${type} (${schema.format})`;
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** The schema's constraints as HTML (escaped; patterns and defaults set as code). */
function rulesOf(schema: JsonSchema): string {
  const rules: string[] = [];
  if (schema.minLength !== undefined) rules.push(`at least ${plural(schema.minLength, 'character')}`);
  if (schema.maxLength !== undefined) rules.push(`at most ${plural(schema.maxLength, 'character')}`);
  if (schema.minimum !== undefined) rules.push(`≥ ${schema.minimum}`);
  if (typeof schema.exclusiveMinimum === 'number') rules.push(`&gt; ${schema.exclusiveMinimum}`);
  if (schema.maximum !== undefined) rules.push(`≤ ${schema.maximum}`);
  if (typeof schema.exclusiveMaximum === 'number') rules.push(`&lt; ${schema.exclusiveMaximum}`);
  if (schema.minItems !== undefined) rules.push(`at least ${plural(schema.minItems, 'item')}`);
  if (schema.maxItems !== undefined) rules.push(`at most ${plural(schema.maxItems, 'item')}`);
  if (schema.pattern !== undefined) rules.push(`matches <code>${escapeHtml(schema.pattern)}</code>`);
  if (schema.default !== undefined)
    rules.push(`default <code>${escapeHtml(JSON.stringify(schema.default))}</code>`);
  if (schema.additionalProperties === false) rules.push('no other fields');
  return rules.join('; ');
}

function itemsOf(document: OpenApiDocument, schema: JsonSchema): JsonSchema | undefined {
  const items = schema.items;
  if (items === undefined || typeof items === 'boolean' || Array.isArray(items)) return undefined;
  return resolve(document, items);
}

function propertyRows(
  document: OpenApiDocument,
  schema: JsonSchema,
  path: string,
  depth: number,
): FieldRow[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) =>
    typeof property === 'boolean'
      ? []
      : fieldRows(document, property, path === '' ? name : `${path}.${name}`, required.has(name), depth + 1),
  );
}

/** Flattens a schema into one row per field, nested fields as `a.b` and array items as `a[].b`. */
function fieldRows(
  document: OpenApiDocument,
  schema: JsonSchema,
  path: string,
  required: boolean,
  depth: number,
): FieldRow[] {
  const resolved = resolve(document, schema);
  const items = itemsOf(document, resolved);
  const rows: FieldRow[] = [];
  if (path !== '') {
    const itemRules = items === undefined || items.properties !== undefined ? '' : rulesOf(items);
    rows.push({
      path,
      type: items === undefined ? typeLabel(resolved) : `array of ${typeLabel(items)}`,
      required,
      rules: [rulesOf(resolved), itemRules === '' ? '' : `each: ${itemRules}`]
        .filter((rule) => rule !== '')
        .join('; '),
      description: resolved.description ?? '',
    });
  }
  if (depth >= MAX_FIELD_DEPTH) return rows;
  rows.push(...propertyRows(document, resolved, path, depth));
  if (items !== undefined) rows.push(...propertyRows(document, items, `${path}[]`, depth));
  return rows;
}

function fieldTable(rows: readonly FieldRow[]): string {
  if (rows.length === 0) return '<p class="muted">Any JSON value.</p>';
  const body = rows
    .map(
      (row) =>
        `<tr><td><code>${escapeHtml(row.path)}</code></td><td>${escapeHtml(row.type)}</td>` +
        `<td>${row.required ? 'required' : 'optional'}</td><td>${row.rules}</td>` +
        `<td>${inlineMarkdown(row.description)}</td></tr>`,
    )
    .join('\n');
  return `<table><thead><tr><th>Field</th><th>Type</th><th></th><th>Rules</th><th>Notes</th></tr></thead><tbody>${body}</tbody></table>`;
}

function schemaBlock(document: OpenApiDocument, schema: JsonSchema): string {
  return (
    fieldTable(fieldRows(document, schema, '', true, 0)) +
    `<details><summary>JSON Schema</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`
  );
}

function parametersBlock(operation: OpenApiOperation): string {
  if (operation.parameters.length === 0) return '';
  const rows = operation.parameters
    .map(
      (parameter) =>
        `<tr><td><code>${escapeHtml(parameter.name)}</code></td><td>${parameter.in}</td>` +
        `<td>${escapeHtml(typeLabel(parameter.schema))}</td><td>${parameter.required ? 'required' : 'optional'}</td>` +
        `<td>${rulesOf(parameter.schema)}</td><td>${inlineMarkdown(parameter.description ?? '')}</td></tr>`,
    )
    .join('\n');
  return (
    '<h4>Parameters</h4><table><thead><tr><th>Name</th><th>In</th><th>Type</th><th></th><th>Rules</th>' +
    `<th>Notes</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

function responseOf(
  document: OpenApiDocument,
  response: OpenApiResponse | OpenApiReference,
): OpenApiResponse {
  if (!('$ref' in response)) return response;
  const name = response.$ref.slice('#/components/responses/'.length);
  return document.components.responses[name] ?? { description: response.$ref };
}

function responsesBlock(document: OpenApiDocument, operation: OpenApiOperation): string {
  const rows = Object.entries(operation.responses)
    .map(([status, reference]) => {
      const response = responseOf(document, reference);
      const headers = Object.keys(response.headers ?? {});
      const headerNote =
        headers.length === 0
          ? ''
          : ` <span class="muted">Headers: ${headers.map(escapeHtml).join(', ')}.</span>`;
      const schema = response.content?.['application/json']?.schema;
      const shape =
        schema === undefined
          ? ''
          : schema.$ref === '#/components/schemas/Error'
            ? ' <a href="#errors">Error shape</a>.'
            : schemaBlock(document, schema);
      return `<tr><td class="status s${status.charAt(0)}">${escapeHtml(status)}</td><td>${inlineMarkdown(response.description)}${headerNote}${shape}</td></tr>`;
    })
    .join('\n');
  return `<h4>Responses</h4><table class="responses"><tbody>${rows}</tbody></table>`;
}

function operationBlock(
  document: OpenApiDocument,
  path: string,
  method: OpenApiMethod,
  operation: OpenApiOperation,
): string {
  const [mediaType, body] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
  return [
    `<section class="operation" id="${escapeHtml(operation.operationId)}">`,
    `<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>`,
    `<p>${inlineMarkdown(operation.summary)}</p>`,
    `<p class="${operation.security.length === 0 ? 'public' : 'roles'}">${inlineMarkdown(operation.description)}</p>`,
    parametersBlock(operation),
    body === undefined
      ? ''
      : `<h4>Request body <span class="muted">${escapeHtml(mediaType ?? '')}</span></h4>${schemaBlock(document, body.schema)}`,
    responsesBlock(document, operation),
    '</section>',
  ].join('\n');
}

function operationsByTag(
  document: OpenApiDocument,
): Map<string, [string, OpenApiMethod, OpenApiOperation][]> {
  const groups = new Map<string, [string, OpenApiMethod, OpenApiOperation][]>(
    document.tags.map((tag) => [tag.name, []]),
  );
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const method of METHOD_ORDER) {
      const operation = operations[method];
      if (operation === undefined) continue;
      const tag = operation.tags[0] ?? 'api';
      groups.set(tag, [...(groups.get(tag) ?? []), [path, method, operation]]);
    }
  }
  return groups;
}

const STYLE = `
  :root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #dde2ea; --soft: #f5f7fa; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
  .layout { display: grid; grid-template-columns: 260px 1fr; min-height: 100vh; }
  nav { background: var(--soft); border-right: 1px solid var(--line); padding: 20px; position: sticky; top: 0;
    height: 100vh; overflow-y: auto; font-size: 14px; }
  nav h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 18px 0 6px; }
  nav a { display: block; color: var(--ink); text-decoration: none; padding: 2px 0; }
  nav a:hover { text-decoration: underline; }
  main { padding: 28px 40px; max-width: 1100px; }
  h1 { margin-top: 0; } h2 { border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 40px; }
  code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
  pre { background: var(--soft); border: 1px solid var(--line); padding: 12px; overflow-x: auto; }
  table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 14px; }
  th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
  th { background: var(--soft); font-weight: 600; }
  .operation { border: 1px solid var(--line); border-radius: 8px; padding: 4px 20px 8px; margin: 20px 0; }
  .method { display: inline-block; min-width: 64px; text-align: center; border-radius: 4px; color: #fff;
    font-size: 13px; padding: 2px 8px; margin-right: 6px; }
  .get { background: #2f6fdb; } .post { background: #218a55; } .put, .patch { background: #b7741c; }
  .delete { background: #c23b3b; }
  .muted { color: var(--muted); } .public { color: #218a55; } .roles { color: var(--muted); }
  .status { font-weight: 600; width: 64px; } .s2 { color: #218a55; } .s4 { color: #b7741c; } .s5 { color: #c23b3b; }
  details { margin: 4px 0 12px; } summary { cursor: pointer; color: var(--muted); }
  @media (max-width: 800px) { .layout { display: block; } nav { position: static; height: auto; } main { padding: 20px; } }
`;

/**
 * Renders the API reference as one self-contained HTML page (inline CSS, no scripts, no external assets),
 * from the same OpenAPI document that `/v1/openapi.json` serves. `specHref` links to that document.
 */
export function renderApiReference(document: OpenApiDocument, specHref: string): string {
  const groups = operationsByTag(document);
  const nav = [...groups]
    .map(
      ([tag, operations]) =>
        `<h2>${escapeHtml(tag)}</h2>` +
        operations
          .map(
            ([path, method, operation]) =>
              `<a href="#${escapeHtml(operation.operationId)}"><span class="muted">${method.toUpperCase()}</span> ${escapeHtml(path)}</a>`,
          )
          .join(''),
    )
    .join('\n');
  const sections = [...groups]
    .map(
      ([tag, operations]) =>
        `<h2 id="tag-${escapeHtml(tag)}">${escapeHtml(tag)}</h2>\n` +
        operations
          .map(([path, method, operation]) => operationBlock(document, path, method, operation))
          .join('\n'),
    )
    .join('\n');
  const server = document.servers?.[0]?.url;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)} reference</title>
<style>${STYLE}</style>
</head>
<body>
<div class="layout">
<nav aria-label="Operations">
<strong>${escapeHtml(document.info.title)}</strong> <span class="muted">v${escapeHtml(document.info.version)}</span>
<a href="#errors">Errors</a>
${nav}
</nav>
<main>
<h1>${escapeHtml(document.info.title)} <span class="muted">v${escapeHtml(document.info.version)}</span></h1>
${markdownBlock(document.info.description)}
<p>Base URL: <code>${escapeHtml(server ?? 'the address you reached this page at')}</code>.
Machine-readable description: <a href="${escapeHtml(specHref)}">OpenAPI 3.1 document</a>.</p>
<h2 id="errors">Errors</h2>
<p>Every error answer has the same shape; <code>code</code> is stable and meant for programs, <code>message</code> is for people.</p>
${schemaBlock(document, { $ref: '#/components/schemas/Error' })}
${sections}
</main>
</div>
</body>
</html>
`;
}
