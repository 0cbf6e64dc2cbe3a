/** JSON as Step Functions passes it between states: what JSON.parse can produce. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns whatever a function returned into the JSON it would be after crossing the Lambda boundary (dates become
 * strings, `undefined` members vanish, a bare `undefined` becomes null), so state data is always plain JSON.
 */
export function toJsonValue(value: unknown): JsonValue {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as JsonValue);
}

export type ParsedJson =
  | { readonly ok: true; readonly value: JsonValue }
  | { readonly ok: false; readonly message: string };

export function parseJson(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Reads a member that must be a string when present. */
export function stringMember(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

/** Reads a member that must be a number when present. */
export function numberMember(object: JsonObject, key: string): number | undefined {
  const value = object[key];
  return typeof value === 'number' ? value : undefined;
}

export function objectMember(object: JsonObject, key: string): JsonObject | undefined {
  const value = object[key];
  return isJsonObject(value) ? value : undefined;
}

/** Replaces every occurrence of `search` inside every string of a JSON value (keys untouched). */
export function replaceInStrings(value: JsonValue, search: string, replacement: string): JsonValue {
  if (typeof value === 'string') return value.split(search).join(replacement);
  if (Array.isArray(value)) return value.map((item) => replaceInStrings(item, search, replacement));
  if (isJsonObject(value)) {
    const result: JsonObject = {};
    for (const [key, member] of Object.entries(value))
      result[key] = replaceInStrings(member, search, replacement);
    return result;
  }
  return value;
}
