import { isJsonObject, type JsonValue } from '#local/sfn/json.ts';

type Segment = string | number;

const DOT_NAME = /^\.([^.[\]]+)/;
const QUOTED_NAME = /^\[\s*(?:'([^']*)'|"([^"]*)")\s*\]/;
const INDEX = /^\[\s*(\d+)\s*\]/;

/**
 * Splits an ASL reference path (`$`, `$.a.b`, `$['a']`, `$.list[0]`) into its segments; undefined for anything
 * else (wildcards, filters, slices), which reference paths do not allow.
 */
export function parseReferencePath(path: string): Segment[] | undefined {
  if (!path.startsWith('$') || path.startsWith('$$')) return undefined;
  const segments: Segment[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const dot = DOT_NAME.exec(rest);
    const quoted = dot ? null : QUOTED_NAME.exec(rest);
    const index = dot || quoted ? null : INDEX.exec(rest);
    const match = dot ?? quoted ?? index;
    if (match === null) return undefined;
    if (index) segments.push(Number(index[1]));
    else segments.push(match[1] ?? match[2] ?? '');
    rest = rest.slice(match[0].length);
  }
  return segments;
}

/** The value a reference path points to, or undefined when the path is invalid or leads nowhere. */
export function readPath(value: JsonValue, path: string): JsonValue | undefined {
  const segments = parseReferencePath(path);
  if (segments === undefined) return undefined;
  let current: JsonValue | undefined = value;
  for (const segment of segments) {
    if (typeof segment === 'number') current = Array.isArray(current) ? current[segment] : undefined;
    else current = isJsonObject(current) ? current[segment] : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}
