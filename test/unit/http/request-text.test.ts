import { describe, expect, it } from 'vitest';
import { safeParse } from 'zod/v4/core';
import { routes } from '#catalog/index.ts';
import { isMultilineText, multilineText, singleLineText } from '#lib/http/text.ts';
import { stringLeaves } from '#test/support/zod-walk.ts';

/**
 * Email safety at the API: no string of any request body (JSON or form) may carry a control character, so no
 * name, subject part or address can split an email header or a log line, and no bidi override can disguise a
 * name. The schemas are read from the catalog: a new route's body is held to this the day it is declared.
 */

/** Each hostile character in the middle of otherwise plain text (trimming cannot remove it). */
const NEVER_IN_ONE_LINE: Readonly<Record<string, string>> = {
  'CR LF (header injection)': 'acme\r\nbcc: attacker@evil.example',
  LF: 'acme\nx',
  CR: 'acme\rx',
  TAB: 'acme\tx',
  NUL: 'acme\u0000x',
  ESC: 'acme\u001b[31mx',
  DEL: 'acme\u007fx',
  'NEL (C1)': 'acme\u0085x',
  'LINE SEPARATOR': 'acme\u2028x',
  'PARAGRAPH SEPARATOR': 'acme\u2029x',
  'RIGHT-TO-LEFT OVERRIDE': 'acme\u202Egnp.exe',
  'FIRST STRONG ISOLATE': 'acme\u2068x',
};
const LINE_BREAKS = new Set(['CR LF (header injection)', 'LF', 'CR', 'TAB']);

const bodyLeaves = routes.flatMap((route) =>
  route.requestBody === undefined
    ? []
    : stringLeaves(route.requestBody).map((leaf) => ({ route: `${route.method} ${route.path}`, ...leaf })),
);

describe('request text: control characters are refused at the API', () => {
  it('finds the string fields of the request bodies in the catalog', () => {
    // Assert: the walk reaches nested fields (a creator's name, a seller's contact email, a review's reason).
    const paths = bodyLeaves.map((leaf) => `${leaf.route} ${leaf.path}`);
    expect(paths).toContain('POST /v1/creators/onboardings creator.displayName');
    expect(paths).toContain('POST /v1/creators/onboardings creator.categories[]');
    expect(paths).toContain('POST /v1/sellers/authorizations seller.contactEmail');
    expect(paths).toContain('POST /v1/reviews/{reviewId}/decision reason');
  });

  it.each(bodyLeaves)('$route: $path refuses control characters, separators and bidi overrides', (leaf) => {
    // Arrange
    const refusable = Object.entries(NEVER_IN_ONE_LINE).filter(
      ([name]) => !(isMultilineText(leaf.schema) && LINE_BREAKS.has(name)),
    );

    // Act
    const accepted = refusable
      .filter(([, value]) => safeParse(leaf.schema, value).success)
      .map(([name]) => name);

    // Assert
    expect(accepted).toEqual([]);
  });

  it('gives areas one helper for each kind of text field', () => {
    // Arrange
    const name = singleLineText({ max: 80 });
    const note = multilineText({ max: 2000 });

    // Act
    const results = {
      name: safeParse(name, '  Ana  Lima ').data,
      nameWithBreak: safeParse(name, 'Ana\r\nBcc: x@y.example').success,
      note: safeParse(note, 'First line\r\nSecond line').data,
      noteWithNul: safeParse(note, 'First\u0000line').success,
    };

    // Assert
    expect(results).toEqual({
      name: 'Ana  Lima',
      nameWithBreak: false,
      note: 'First line\r\nSecond line',
      noteWithNul: false,
    });
    expect(isMultilineText(note)).toBe(true);
    expect(isMultilineText(name)).toBe(false);
  });
});
