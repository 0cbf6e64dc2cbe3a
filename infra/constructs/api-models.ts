import type { $ZodType } from 'zod/v4/core';
import { toJSONSchema } from 'zod/v4/core';

type JsonSchema = Record<string, unknown>;

/** Keywords whose value is one schema, or a list or a map of schemas. */
const SUBSCHEMA = new Set(['items', 'additionalProperties']);
const SUBSCHEMA_LISTS = new Set(['anyOf', 'allOf']);
const SUBSCHEMA_MAPS = new Set(['properties', 'definitions']);
/** Keywords that say what shape the body has, never what its values may be. */
const STRUCTURAL = new Set([
  '$schema',
  '$ref',
  'type',
  'required',
  'title',
  'description',
  ...SUBSCHEMA,
  ...SUBSCHEMA_LISTS,
  ...SUBSCHEMA_MAPS,
]);

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A route's zod request schema as the JSON Schema (draft 4) model API Gateway validates bodies with: the
 * structure only (types, required and unknown fields, nesting). zod runs a field's checks after its
 * normalizations (`trim`, `toLowerCase`), so a pattern or length API Gateway applied to the raw body could
 * refuse what the handler accepts; value rules stay with the handler, which validates again with the very
 * same schema and answers with precise details. Shared sub-schemas are inlined (a model can only `$ref` other
 * models by URL); what JSON Schema cannot express (transforms, refinements) accepts anything.
 */
export function requestBodyModel(schema: $ZodType): JsonSchema {
  const full = toJSONSchema(schema, {
    target: 'draft-04',
    io: 'input',
    reused: 'inline',
    unrepresentable: 'any',
  });
  return structuralOnly(full);
}

function structuralOnly(schema: JsonSchema): JsonSchema {
  const kept: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'oneOf' && Array.isArray(value)) {
      // Without their value rules two branches may both match, which oneOf would refuse.
      kept.anyOf = value.filter(isSchema).map(structuralOnly);
    } else if (!STRUCTURAL.has(keyword)) {
    } else if (SUBSCHEMA.has(keyword) && isSchema(value)) {
      kept[keyword] = structuralOnly(value);
    } else if (SUBSCHEMA_LISTS.has(keyword) && Array.isArray(value)) {
      kept[keyword] = value.filter(isSchema).map(structuralOnly);
    } else if (SUBSCHEMA_MAPS.has(keyword) && isSchema(value)) {
      kept[keyword] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, isSchema(sub) ? structuralOnly(sub) : sub]),
      );
    } else {
      kept[keyword] = value;
    }
  }
  return kept;
}
