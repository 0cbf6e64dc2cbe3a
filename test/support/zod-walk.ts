/**
 * Reads the structure of the catalog's zod (mini) schemas, so security tests follow every request schema as it
 * is declared, new areas included, without a list of fields to keep up to date.
 */
import type { $ZodType } from 'zod/v4/core';

/** The part of a zod v4 definition the walkers read; every member is optional because types differ. */
export interface SchemaDef {
  readonly type: string;
  readonly shape?: Readonly<Record<string, $ZodType>>;
  readonly catchall?: $ZodType;
  readonly element?: $ZodType;
  readonly innerType?: $ZodType;
  readonly in?: $ZodType;
  readonly out?: $ZodType;
  readonly options?: readonly $ZodType[];
  readonly left?: $ZodType;
  readonly right?: $ZodType;
  readonly valueType?: $ZodType;
  readonly keyType?: $ZodType;
  readonly items?: readonly $ZodType[];
  readonly entries?: Readonly<Record<string, string | number>>;
  readonly values?: readonly unknown[];
  readonly getter?: () => $ZodType;
  readonly checks?: readonly { readonly _zod: { readonly def: Record<string, unknown> } }[];
}

export const defOf = (schema: $ZodType): SchemaDef => schema._zod.def as unknown as SchemaDef;

/** Wrappers that hold one schema and add nothing to the shape of the value. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);

/** The schema a wrapper (optional, default, ...) holds, unwrapped all the way. */
export function unwrap(schema: $ZodType): $ZodType {
  let current = schema;
  for (let def = defOf(current); WRAPPERS.has(def.type) && def.innerType; def = defOf(current)) {
    current = def.innerType;
  }
  return current;
}

export interface StringLeaf {
  /** Where it sits in the request, e.g. `creator.displayName` or `categories[]`. */
  readonly path: string;
  readonly schema: $ZodType;
}

/** Every string-typed schema reachable in a request schema (object members, array items, union options...). */
export function stringLeaves(schema: $ZodType, path = '(root)', depth = 0): StringLeaf[] {
  if (depth > 12) return [];
  const def = defOf(schema);
  const child = (inner: $ZodType | undefined, at: string) =>
    inner === undefined ? [] : stringLeaves(inner, at, depth + 1);
  const join = (name: string) => (path === '(root)' ? name : `${path}.${name}`);
  switch (def.type) {
    case 'string':
      return [{ path, schema }];
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([name, member]) => child(member, join(name)));
    case 'array':
      return child(def.element, `${path}[]`);
    case 'record':
      return child(def.valueType, `${path}.*`);
    case 'tuple':
      return (def.items ?? []).flatMap((item, index) => child(item, `${path}[${index}]`));
    case 'union':
      return (def.options ?? []).flatMap((option) => child(option, path));
    case 'intersection':
      return [...child(def.left, path), ...child(def.right, path)];
    case 'pipe':
      return child(def.in, path);
    case 'lazy':
      return child(def.getter?.(), path);
    default:
      return WRAPPERS.has(def.type) ? child(def.innerType, path) : [];
  }
}
