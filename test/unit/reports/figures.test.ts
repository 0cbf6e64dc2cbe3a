import { describe, expect, it } from 'vitest';
import {
  approvalRate,
  buildWeeklyReport,
  type CreatorWeek,
  countFigure,
  rankTopCreators,
} from '#functions/reports/domain/figures.ts';
import { sampleReportInputs } from '#test/support/report-fixtures.ts';

describe('countFigure and approvalRate', () => {
  it('computes the change and its percentage, with no percentage from zero', () => {
    // Act / Assert
    expect(countFigure(12, 9)).toEqual({ current: 12, previous: 9, change: 3, changePercent: 33.3 });
    expect(countFigure(5, 0)).toEqual({ current: 5, previous: 0, change: 5, changePercent: null });
    expect(countFigure(0, 4)).toEqual({ current: 0, previous: 4, change: -4, changePercent: -100 });
  });

  it('rates approved over decided applications in percent, null when none was decided', () => {
    // Act / Assert
    expect(approvalRate({ 'creators.decided': 3, 'creators.approved': 2 })).toBe(66.7);
    expect(approvalRate({})).toBeNull();
  });
});

describe('buildWeeklyReport', () => {
  it('builds every headline figure against the week before', () => {
    // Act
    const { figures } = buildWeeklyReport(sampleReportInputs());

    // Assert
    expect(figures).toMatchObject({
      week: '2026-W45',
      previousWeek: '2026-W44',
      from: '2026-11-02',
      to: '2026-11-08',
      quiet: false,
    });
    expect(figures.headline.creatorsOnboarded).toEqual(countFigure(14, 13));
    expect(figures.headline.approvalRate).toEqual({ current: 77.8, previous: 76.5, changePoints: 1.3 });
    // USD first: 14 creators sold in it, 1 in IDR.
    expect(figures.headline.gmv).toEqual([
      { currency: 'USD', ...countFigure(4_860_000, 3_780_000) },
      { currency: 'IDR', ...countFigure(250_000_000, 0) },
    ]);
    expect(figures.headline.violations.high).toEqual(countFigure(1, 0));
    expect(figures.headline.violationsTotal).toEqual(countFigure(3, 2));
    expect(figures.headline.sellersAuthorized).toEqual(countFigure(3, 3));
  });

  it('shows zero, not an error, for areas with no events yet', () => {
    // Act
    const { figures } = buildWeeklyReport(
      sampleReportInputs({ weeklyCounters: { '2026-W45': { 'creators.decided': 1 } } }),
    );

    // Assert
    expect(figures.headline.campaignsLaunched).toEqual(countFigure(0, 0));
    expect(figures.headline.violations.critical).toEqual(countFigure(0, 0));
    expect(figures.chart).toHaveLength(8);
    expect(figures.chart[0]).toEqual({ week: '2026-W38', from: '2026-09-14', onboarded: 0, gmv: {} });
  });

  it('ranks the top 10 creators by GMV per currency, with their change against last week', () => {
    // Act
    const { figures } = buildWeeklyReport(sampleReportInputs());
    const usd = figures.topCreators.find((ranking) => ranking.currency === 'USD');

    // Assert
    expect(figures.topCreators.map((ranking) => ranking.currency)).toEqual(['USD', 'IDR']);
    expect(usd?.creators).toHaveLength(10);
    expect(usd?.creators[0]).toMatchObject({
      rank: 1,
      creatorId: 'cr_00',
      handle: 'creator.0',
      tier: 'top',
      gmv: countFigure(480_000, 400_000),
    });
    expect(usd?.creators[9]).toMatchObject({ rank: 10, creatorId: 'cr_09', gmv: countFigure(196_500, 0) });
  });

  it('breaks GMV ties by orders, then by creator id, and leaves out creators without sales', () => {
    // Arrange
    const creators: CreatorWeek[] = [
      { creatorId: 'b', counters: { 'gmv.USD': 100, 'orders.affiliate': 1 } },
      { creatorId: 'a', counters: { 'gmv.USD': 100, 'orders.affiliate': 1 } },
      { creatorId: 'c', counters: { 'gmv.USD': 100, 'orders.affiliate': 2 } },
      { creatorId: 'd', counters: { 'creators.onboarded.top': 1 } },
    ];

    // Act
    const ranking = rankTopCreators(creators);

    // Assert
    expect(ranking).toEqual([
      {
        currency: 'USD',
        creators: [
          { creatorId: 'c', gmv: 100, orders: 2 },
          { creatorId: 'a', gmv: 100, orders: 1 },
          { creatorId: 'b', gmv: 100, orders: 1 },
        ],
      },
    ]);
  });

  it('calls a week with no activity quiet, and still lists what needs attention', () => {
    // Act
    const { figures, creatorRows } = buildWeeklyReport(
      sampleReportInputs({ weeklyCounters: {}, creators: [], previousCreators: [] }),
    );

    // Assert
    expect(figures.quiet).toBe(true);
    expect(creatorRows).toEqual([]);
    expect(figures.attention.reviewsPending.total).toBe(12);
  });

  it('makes one CSV row per creator active in the week, most orders first', () => {
    // Act
    const { creatorRows } = buildWeeklyReport(sampleReportInputs());

    // Assert
    expect(creatorRows).toHaveLength(15);
    expect(creatorRows[0]).toEqual({
      creatorId: 'cr_00',
      handle: 'creator.0',
      displayName: 'Siti <b>Rahma</b>',
      tier: 'top',
      status: 'ACTIVE',
      onboarded: true,
      orders: 30,
      gmv: { USD: 480_000 },
      commission: { USD: 48_000 },
    });
  });
});
