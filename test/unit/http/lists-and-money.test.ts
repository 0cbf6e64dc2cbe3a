import { describe, expect, it } from 'vitest';
import type { Principal } from '#lib/auth/principal.ts';
import { HttpError } from '#lib/http/errors.ts';
import { listedPartner, mayAccess } from '#lib/http/scope.ts';
import { formatMinorUnits, toMinorUnits } from '#lib/money.ts';
import { decodeCursor, encodeCursor } from '#lib/repositories/pagination.ts';

const partnerPk = { attribute: 'gsi1pk', value: 'PARTNER#acme#CREATORS' };
const lastKey = { pk: 'CREATOR#cr_1', sk: 'PROFILE', gsi1pk: 'PARTNER#acme#CREATORS', gsi1sk: '2026#cr_1' };

const statusOf = (run: () => unknown): number | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof HttpError ? error.statusCode : -1;
  }
};

describe('list cursors', () => {
  it('round-trips the last evaluated key as an opaque URL-safe cursor', () => {
    // Act
    const cursor = encodeCursor(lastKey);

    // Assert
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, partnerPk)).toEqual(lastKey);
    expect(encodeCursor(undefined)).toBeUndefined();
  });

  it("refuses a cursor forged to reach another partner's list", () => {
    const forged = encodeCursor({ ...lastKey, gsi1pk: 'PARTNER#globex#CREATORS' });
    expect(statusOf(() => decodeCursor(forged, partnerPk))).toBe(400);
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor'],
    ['a JSON array', Buffer.from('[1,2]').toString('base64url')],
    [
      'non-string key values',
      Buffer.from(JSON.stringify({ gsi1pk: partnerPk.value, n: 1 })).toString('base64url'),
    ],
    ['an empty key', Buffer.from('{}').toString('base64url')],
  ])('answers 400 with a cursor detail for %s', (_case, cursor) => {
    let thrown: unknown;
    try {
      decodeCursor(cursor, partnerPk);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HttpError);
    expect(thrown).toMatchObject({ statusCode: 400, details: [{ path: 'cursor' }] });
  });
});

describe('list scope', () => {
  const partner: Principal = { keyId: 'k1', role: 'partner', partnerId: 'acme' };
  const ops: Principal = { keyId: 'k9', role: 'ops', partnerId: undefined };

  it("reads a partner key's own partner, with or without naming it", () => {
    expect(listedPartner(partner, undefined)).toBe('acme');
    expect(listedPartner(partner, 'acme')).toBe('acme');
  });

  it('refuses a partner key that names another partner', () => {
    expect(statusOf(() => listedPartner(partner, 'globex'))).toBe(403);
  });

  it('lets ops name any partner, or none', () => {
    expect(listedPartner(ops, 'globex')).toBe('globex');
    expect(listedPartner(ops, undefined)).toBeUndefined();
  });

  it('lets a key see only its own partner; ops see everything', () => {
    expect(mayAccess(partner)('acme')).toBe(true);
    expect(mayAccess(partner)('globex')).toBe(false);
    expect(mayAccess(partner)(undefined)).toBe(false);
    expect(mayAccess(ops)('globex')).toBe(true);
    expect(mayAccess(ops)(undefined)).toBe(true);
  });
});

describe('money in minor units', () => {
  it.each([
    [0, 0],
    [0.29, 29],
    [19.99, 1999],
    [1.1, 110],
    [123.45, 12345],
    [1_000_000_000, 100_000_000_000],
  ])('converts %d to %d cents without floating-point drift', (amount, cents) => {
    expect(toMinorUnits(amount)).toBe(cents);
  });

  it('writes minor units back as a two-decimal string', () => {
    expect(formatMinorUnits(12345)).toBe('123.45');
    expect(formatMinorUnits(5)).toBe('0.05');
    expect(formatMinorUnits(0)).toBe('0.00');
    expect(formatMinorUnits(-5)).toBe('-0.05');
  });
});
