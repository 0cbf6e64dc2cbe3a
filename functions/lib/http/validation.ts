import type { $ZodIssue, $ZodType } from 'zod/v4/core';
import { safeParse } from 'zod/v4/core';
import type { ErrorDetail } from '#lib/http/errors.ts';

function describe(issue: $ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${article(issue.expected)}`;
    case 'unrecognized_keys':
      return 'is not a known field';
    case 'too_small':
      return issue.origin === 'string'
        ? `must be at least ${issue.minimum} characters`
        : issue.origin === 'array'
          ? `must have at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`
          : `must be ${issue.inclusive ? 'at least' : 'greater than'} ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `must be at most ${issue.maximum} characters`
        : issue.origin === 'array'
          ? `must have at most ${issue.maximum} item${Number(issue.maximum) === 1 ? '' : 's'}`
          : `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`;
    case 'invalid_format':
      return issue.format === 'regex'
        ? (issue.message ?? 'has an invalid format')
        : `must be a valid ${issue.format}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message && issue.message !== 'Invalid input' ? issue.message : 'is invalid';
  }
}

function article(expected: string): string {
  const noun = expected === 'int' ? 'integer' : expected;
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function pathOf(base: readonly PropertyKey[], issue: $ZodIssue, key?: string): string {
  const segments = [...base, ...issue.path, ...(key === undefined ? [] : [key])];
  return segments.length === 0 ? '(root)' : segments.map(String).join('.');
}

/** Turns schema issues into one `{path, issue}` per problem (one per unknown key). */
export function issuesToDetails(
  issues: readonly $ZodIssue[],
  base: readonly PropertyKey[] = [],
): ErrorDetail[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: pathOf(base, issue, key), issue: describe(issue) }))
      : [{ path: pathOf(base, issue), issue: describe(issue) }],
  );
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; details: ErrorDetail[] };

/** Validates a value against a schema; never throws for bad input. */
export function validate<T>(
  schema: $ZodType<T>,
  value: unknown,
  base: readonly PropertyKey[] = [],
): ValidationResult<T> {
  const result = safeParse(schema, value, { reportInput: true });
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, details: issuesToDetails(result.error.issues, base) };
}
