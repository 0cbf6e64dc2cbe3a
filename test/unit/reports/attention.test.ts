import { describe, expect, it } from 'vitest';
import { sellersNeedingAttention } from '#functions/reports/data/attention.ts';
import type { Seller } from '#lib/repositories/sellers.ts';

const seller = (overrides: Partial<Seller> & Pick<Seller, 'sellerId' | 'status'>): Seller => ({
  partnerId: 'acme',
  shopName: `Shop ${overrides.sellerId}`,
  region: 'ID',
  contactEmail: 'owner@shop.example',
  services: ['data-analysis'],
  executionId: `${overrides.sellerId}-authorization`,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

describe('sellersNeedingAttention', () => {
  it('lists sellers to re-authorize first, then authorizations ending within 14 days, soonest first', () => {
    // Arrange
    const now = new Date('2026-11-09T01:00:00Z');
    const sellers = [
      seller({ sellerId: 'late', status: 'ACTIVE', authorizationExpiresAt: '2026-11-20T00:00:00.000Z' }),
      seller({ sellerId: 'far', status: 'ACTIVE', authorizationExpiresAt: '2026-12-31T00:00:00.000Z' }),
      seller({ sellerId: 'soon', status: 'ACTIVE', authorizationExpiresAt: '2026-11-12T00:00:00.000Z' }),
      seller({
        sellerId: 'reauth',
        status: 'REAUTH_REQUIRED',
        failure: { code: 'REFRESH_REJECTED', message: 'refused', at: '2026-11-08T00:00:00.000Z' },
      }),
      seller({ sellerId: 'revoked', status: 'REVOKED', authorizationExpiresAt: '2026-11-10T00:00:00.000Z' }),
      seller({ sellerId: 'fine', status: 'ACTIVE' }),
    ];

    // Act
    const items = sellersNeedingAttention(sellers, now);

    // Assert
    expect(items.map((item) => [item.id, item.detail])).toEqual([
      ['reauth', 're-authorization required (REFRESH_REJECTED)'],
      ['soon', 'authorization ends 2026-11-12'],
      ['late', 'authorization ends 2026-11-20'],
    ]);
    expect(items[0]?.title).toBe('Shop reauth');
  });
});
