// A namespace import: `import { z }` makes esbuild keep all of zod (~415 KB), this keeps what is used (~14 KB).
import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';

/**
 * Text the API accepts in names, subjects, addresses and every other single-line field: no control character
 * (C0 and C1, so no CR/LF that could split an email header or a log line), no line or paragraph separator, and
 * no bidirectional override or isolate (they make a name display as something else in an email: "Trojan
 * source" spoofing). test/unit/http/request-text.test.ts holds every request schema of the catalog to it.
 */
export const SINGLE_LINE_TEXT = /^[^\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]*$/u;

/** Longer free text (an appeal, a note): line breaks and tabs are allowed, every other control is not. */
export const MULTILINE_TEXT = /^(?:[\n\r\t]|[^\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069])*$/u;

export const SINGLE_LINE_ISSUE = 'must be one line of printable text (no control characters)';

/** Schemas made by `multilineText`: the request-text test lets them hold line breaks, and nothing else. */
const multilineSchemas = new WeakSet<object>();

/** A trimmed, single-line text field of `min`-`max` characters. */
export function singleLineText(options: { readonly min?: number; readonly max: number }) {
  return z
    .string()
    .check(
      z.trim(),
      z.minLength(options.min ?? 1),
      z.maxLength(options.max),
      z.regex(SINGLE_LINE_TEXT, SINGLE_LINE_ISSUE),
    );
}

/**
 * A trimmed free-text field that may span lines. Never put one in an email subject or header: emails show it
 * escaped in the body only.
 */
export function multilineText(options: { readonly min?: number; readonly max: number }) {
  const schema = z
    .string()
    .check(
      z.trim(),
      z.minLength(options.min ?? 1),
      z.maxLength(options.max),
      z.regex(MULTILINE_TEXT, 'must be printable text (line breaks allowed, no other control characters)'),
    );
  multilineSchemas.add(schema);
  return schema;
}

/** True for a schema made by `multilineText`. */
export const isMultilineText = (schema: $ZodType): boolean => multilineSchemas.has(schema);
