// A namespace import keeps the bundle to the zod/mini parts used (see functions/creators/schemas.ts).
import * as z from 'zod/mini';

/*
 * Query parameters every list route shares. They live apart from any area's body schemas because a schema is
 * built when its module loads: a list route importing them from a module that also declares a large body schema
 * would build that schema on every cold start without ever using it.
 */

/** `?limit=` as API Gateway delivers it: a string holding 1-100. */
export const pageLimitSchema = z
  .string()
  .check(z.regex(/^(100|[1-9]\d?)$/, 'must be a whole number from 1 to 100'));

/** `?partnerId=` for ops keys, which span every partner (ids as the admin CLI creates them). */
export const partnerIdQuerySchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{3,40}$/, 'must be a partner id'));
