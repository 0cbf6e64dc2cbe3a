import { badRequest } from '#lib/http/errors.ts';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string;
}

/** Encodes DynamoDB's LastEvaluatedKey as an opaque, URL-safe cursor. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key === undefined ? undefined : Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor back into an ExclusiveStartKey. Only string key attributes are accepted, and the
 * partition key must be the one the caller queries: a forged cursor cannot reach another partner's items.
 */
export function decodeCursor(
  cursor: string | undefined,
  expected: { readonly attribute: string; readonly value: string },
): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    const entries = Object.entries(parsed);
    if (
      entries.length === 0 ||
      entries.length > 6 ||
      entries.some(([, value]) => typeof value !== 'string')
    ) {
      throw new Error('bad key');
    }
    const key = Object.fromEntries(entries) as Record<string, string>;
    if (key[expected.attribute] !== expected.value) throw new Error('foreign key');
    return key;
  } catch {
    throw badRequest('The cursor is invalid', [
      { path: 'cursor', issue: 'is not a cursor this list returned' },
    ]);
  }
}
