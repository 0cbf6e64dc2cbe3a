import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartner, startTestRuntime, type TestRuntime } from '#test/support/runtime.ts';

let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime?.close());

describe("building one partner's report", () => {
  it('reads far fewer items than the week had events (pre-aggregated counters)', async () => {
    // Arrange: 1,000 orders over 25 creators this week, 50 in each of the 7 weeks before.
    const seeds = await import('#test/support/reports.ts');
    const { loadWeeklyReport } = await import('#functions/reports/data/report-inputs.ts');
    const partner = await createPartner(runtime, { timezone: 'Asia/Jakarta' });
    const events = seeds.busyWeekEvents({
      partnerId: partner.partnerId,
      timezone: partner.timezone,
      monday: '2025-06-02',
      week: '2025-W23',
      orders: 1000,
      creators: 25,
      historyPerWeek: 50,
    });
    await seeds.recordAll(events);

    // Act
    const { report, itemsRead } = await loadWeeklyReport(partner, '2025-W23', new Date());

    // Assert: the figures are complete, and the items read are bounded by days, shards and active creators.
    expect(report.figures.headline.affiliateOrders.current).toBe(1000);
    expect(
      report.figures.chart
        .map((week) => week.gmv.USD ?? 0)
        .slice(0, 7)
        .every((gmv) => gmv > 0),
    ).toBe(true);
    expect(report.creatorRows).toHaveLength(25);
    const bound = 8 * 7 * 4 + 25 + 10 + 25 + 1;
    expect(itemsRead).toBeLessThanOrEqual(bound);
    expect(itemsRead * 4).toBeLessThan(events.length);
  });
});
