import type { $ZodType } from 'zod/v4/core';
import { toJSONSchema } from 'zod/v4/core';

/**
 * A route's zod request schema as the JSON Schema draft 4 document API Gateway validates bodies with. The input
 * side of the schema is what a client sends; shared sub-schemas are inlined because an API Gateway model can
 * only `$ref` other models by URL; parts JSON Schema cannot say (transforms, refinements) accept anything and
 * are left to the handler, which validates again with the very same schema.
 */
export function requestBodyModel(schema: $ZodType): Record<string, unknown> {
  return toJSONSchema(schema, {
    target: 'draft-04',
    io: 'input',
    reused: 'inline',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
}
