import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseShop, mayTakeOverShop } from '#functions/sellers/domain/authorization.ts';
import { effectOf, parseAmount, saleCounters } from '#functions/sellers/domain/orders.ts';
import {
  MAX_REFRESH_MARGIN_MS,
  MAX_REFRESH_WAIT_MS,
  MIN_REFRESH_MARGIN_MS,
  refreshDueAt,
} from '#functions/sellers/domain/refresh-schedule.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = new Date('2026-11-20T00:00:00.000Z');
const fromNow = (ms: number) => new Date(now.getTime() + ms);

describe('refresh schedule', () => {
  it('refreshes a 7-day token a day before it expires', () => {
    expect(refreshDueAt(now, fromNow(7 * DAY), fromNow(60 * DAY))).toEqual(fromNow(6 * DAY));
  });

  it('keeps a quarter of a short life as the margin, and never less than five minutes', () => {
    expect(refreshDueAt(now, fromNow(HOUR), fromNow(60 * DAY))).toEqual(fromNow(45 * 60_000));
    expect(refreshDueAt(now, fromNow(8 * 60_000), fromNow(60 * DAY))).toEqual(fromNow(3 * 60_000));
  });

  it('is never in the past, never after the margin before either expiry, never more than 30 days away', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -DAY, max: 400 * DAY }),
        fc.integer({ min: -DAY, max: 400 * DAY }),
        (access, refresh) => {
          const due = refreshDueAt(now, fromNow(access), fromNow(refresh)).getTime();
          expect(due).toBeGreaterThanOrEqual(now.getTime());
          expect(due).toBeLessThanOrEqual(now.getTime() + MAX_REFRESH_WAIT_MS);
          for (const expiry of [access, refresh]) {
            if (expiry - MAX_REFRESH_MARGIN_MS > 0) {
              expect(due).toBeLessThanOrEqual(now.getTime() + expiry - MIN_REFRESH_MARGIN_MS);
            }
          }
        },
      ),
    );
  });
});

describe('affiliate order accounting', () => {
  it('reads money from its decimal text, exactly', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000_000), fc.nat(99), (units, cents) => {
        expect(parseAmount(`${units}.${String(cents).padStart(2, '0')}`)).toBe(units * 100 + cents);
      }),
    );
    expect(parseAmount('19.9')).toBe(1990);
    expect(parseAmount('0.07')).toBe(7);
    expect(parseAmount('150000')).toBe(15_000_000);
    for (const bad of ['', '-1.00', '1.234', '1e3', 'abc', '1,50'])
      expect(parseAmount(bad), bad).toBeUndefined();
  });

  it('counts a sale once its order is placed, and takes back GMV and commission (not the order) on a refund', () => {
    // Arrange
    const attribution = {
      creatorId: 'cr_a',
      gmv: { amountMinor: 12_050, currency: 'USD' },
      commission: { amountMinor: 1_205, currency: 'USD' },
    };

    // Act / Assert
    expect(effectOf('UNPAID')).toBe('none');
    expect(effectOf('AWAITING_SHIPMENT')).toBe('sale');
    expect(effectOf('COMPLETED')).toBe('sale');
    expect(effectOf('CANCEL')).toBe('cancellation');
    expect(saleCounters(attribution, 'sale')).toEqual({
      'orders.affiliate': 1,
      'gmv.USD': 12_050,
      'commission.USD': 1_205,
    });
    expect(saleCounters(attribution, 'refund')).toEqual({ 'gmv.USD': -12_050, 'commission.USD': -1_205 });
  });
});

describe('authorization rules', () => {
  const shops = [
    { id: '1', region: 'US' },
    { id: '2', region: 'ID' },
  ];

  it("picks the shop in the partner's region, else the first, else the one a re-authorization must keep", () => {
    expect(chooseShop(shops, 'ID')?.id).toBe('2');
    expect(chooseShop(shops, 'GB')?.id).toBe('1');
    expect(chooseShop(shops, 'ID', '1')?.id).toBe('1');
    expect(chooseShop(shops, 'ID', '3')).toBeUndefined();
    expect(chooseShop([], 'ID')).toBeUndefined();
  });

  it('lets a new seller take a shop only from a seller that no longer acts for it', () => {
    expect(mayTakeOverShop(undefined)).toBe(true);
    expect(mayTakeOverShop('REVOKED')).toBe(true);
    expect(mayTakeOverShop('FAILED')).toBe(true);
    expect(mayTakeOverShop('ACTIVE')).toBe(false);
    expect(mayTakeOverShop('REAUTH_REQUIRED')).toBe(false);
    expect(mayTakeOverShop('AUTHORIZING')).toBe(false);
  });
});
