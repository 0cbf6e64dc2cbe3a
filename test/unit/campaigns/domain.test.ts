import { describe, expect, it } from 'vitest';
import {
  hasAtMostTwoDecimals,
  isInvitable,
  preflightProblems,
} from '#functions/campaigns/domain/preflight.ts';
import { sumCampaignOrders } from '#functions/campaigns/domain/results.ts';
import { campaignFailureOf } from '#functions/campaigns/tasks/failures.ts';

const NOW = new Date('2026-11-20T10:00:00.000Z');
const inHours = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000).toISOString();

describe('the pre-flight', () => {
  const facts = {
    partnerId: 'acme',
    seller: { partnerId: 'acme', status: 'ACTIVE' },
    creators: new Map([['cr_a', { partnerId: 'acme', status: 'ACTIVE' }]]),
    now: NOW,
  };
  const request = {
    sellerId: 'sl_1',
    products: [{ productId: 'p1', commissionRate: 10 }],
    creatorIds: ['cr_a'],
    startAt: inHours(1),
    endAt: inHours(24),
  };

  it('accepts the limits themselves: 10 % and 80 %, a start a few minutes back, an end 364 days out', () => {
    const problems = preflightProblems(
      {
        ...request,
        products: [
          { productId: 'p1', commissionRate: 10 },
          { productId: 'p2', commissionRate: 80 },
        ],
        startAt: inHours(-0.05),
        endAt: inHours(364 * 24),
      },
      facts,
    );

    expect(problems).toEqual([]);
  });

  it('reports a repeated creator once, at the repeat', () => {
    const problems = preflightProblems({ ...request, creatorIds: ['cr_a', 'cr_a'] }, facts);

    expect(problems).toEqual([{ path: 'creatorIds.1', issue: 'repeats creator cr_a' }]);
  });

  it('tells an unknown seller from one that is not ACTIVE', () => {
    expect(preflightProblems(request, { ...facts, seller: undefined })[0]?.issue).toBe(
      'is not a seller of this partner',
    );
    expect(
      preflightProblems(request, { ...facts, seller: { partnerId: 'acme', status: 'REAUTH_REQUIRED' } })[0]
        ?.issue,
    ).toMatch(/REAUTH_REQUIRED/);
  });

  it.each([
    [12.5, true],
    [12.35, true],
    [0.1 + 0.2, true],
    [12.345, false],
    [Number.NaN, false],
  ])('%s has at most two decimals: %s', (value, expected) => {
    expect(hasAtMostTwoDecimals(value)).toBe(expected);
  });

  it.each(['RESTRICTED', 'SUSPENDED', 'BANNED', 'IN_REVIEW'])('makes a %s creator ineligible', (status) => {
    expect(isInvitable({ partnerId: 'acme', status }, 'acme')).toBe(false);
  });
});

describe('the end-of-campaign summary', () => {
  const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

  it('sums the sales that were not cancelled, per currency, in integer minor units', () => {
    const summary = sumCampaignOrders([
      { gmv: usd(12050), commission: usd(1506), saleCountedAt: 't1' },
      { gmv: usd(1), commission: usd(1), saleCountedAt: 't2' },
      {
        gmv: { amountMinor: 990000, currency: 'IDR' },
        commission: { amountMinor: 99000, currency: 'IDR' },
        saleCountedAt: 't3',
      },
      { gmv: usd(99999), commission: usd(9999), saleCountedAt: 't4', cancelledAt: 't5' },
      { gmv: usd(5000), commission: usd(500) },
    ]);

    expect(summary).toEqual({
      orders: 3,
      gmv: [
        { amountMinor: 990000, currency: 'IDR' },
        { amountMinor: 12051, currency: 'USD' },
      ],
      commission: [
        { amountMinor: 99000, currency: 'IDR' },
        { amountMinor: 1507, currency: 'USD' },
      ],
    });
  });
});

describe('the failure a campaign records', () => {
  const at = NOW.toISOString();

  it('names PartnerFlow errors by their code and message', () => {
    expect(
      campaignFailureOf({ Error: 'PartnerFlow.NoCreatorInvited', Cause: 'No creator could be invited' }, at),
    ).toEqual({ code: 'NO_CREATOR_INVITED', message: 'No creator could be invited', at });
    expect(
      campaignFailureOf(
        {
          Error: 'PartnerFlow.SellerNotAuthorized',
          Cause: JSON.stringify({ errorMessage: 'The seller is REVOKED' }),
        },
        at,
      ),
    ).toEqual({ code: 'SELLER_NOT_AUTHORIZED', message: 'The seller is REVOKED', at });
  });

  it('says TikTok was unavailable when its outage outlived the retries', () => {
    const failure = campaignFailureOf(
      {
        Error: 'PartnerFlow.Transient',
        Cause: JSON.stringify({
          errorMessage:
            'TikTok Shop is unavailable (36009003 on /affiliate_seller/202405/target_collaborations)',
        }),
      },
      at,
    );

    expect(failure.code).toBe('TIKTOK_UNAVAILABLE');
  });

  it('leaks nothing of an unexpected error', () => {
    const failure = campaignFailureOf(
      { Error: 'TypeError', Cause: JSON.stringify({ errorMessage: 'secret internals', trace: ['at x'] }) },
      at,
    );

    expect(failure).toEqual({
      code: 'PROCESSING_FAILED',
      message: expect.not.stringContaining('secret'),
      at,
    });
  });
});
