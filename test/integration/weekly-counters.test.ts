import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '#test/support/runtime.ts';

let runtime: TestRuntime;
let counters: typeof import('#lib/metrics/weekly-counters.ts');

beforeAll(async () => {
  runtime = await startTestRuntime();
  counters = await import('#lib/metrics/weekly-counters.ts');
});
afterAll(() => runtime?.close());

const event = (eventId: string, occurredAt: string, increments: Record<string, number>) => ({
  partnerId: 'metrics-partner',
  eventId,
  occurredAt,
  timezone: 'America/New_York',
  counters: increments,
});

describe('weekly counters on DynamoDB (dynalite)', () => {
  it('counts an event once however often it is recorded, and sums distinct events', async () => {
    const first = event('onboarded#cr_1', '2026-11-17T15:00:00.000Z', {
      'creators.approved': 1,
      gmvMinor: 1050,
    });

    expect(await counters.recordBusinessEvent(first)).toBe(true);
    expect(await counters.recordBusinessEvent(first)).toBe(false);
    await Promise.all([
      counters.recordBusinessEvent(
        event('onboarded#cr_2', '2026-11-18T15:00:00.000Z', { 'creators.approved': 1 }),
      ),
      counters.recordBusinessEvent(
        event('onboarded#cr_2', '2026-11-18T15:00:00.000Z', { 'creators.approved': 1 }),
      ),
      counters.recordBusinessEvent(
        event('rejected#cr_3', '2026-11-19T15:00:00.000Z', { 'creators.rejected': 1 }),
      ),
    ]);

    const week = await counters.readWeeklyCounters('metrics-partner', '2026-W47');
    expect(week.counters).toEqual({ 'creators.approved': 2, 'creators.rejected': 1, gmvMinor: 1050 });
  });

  it("puts an event in the week of its local date in the partner's time zone", async () => {
    // Monday 2026-11-23 03:00 UTC is still Sunday evening in New York: week 47, not 48.
    await counters.recordBusinessEvent(event('late#1', '2026-11-23T03:00:00.000Z', { late: 1 }));
    expect((await counters.readWeeklyCounters('metrics-partner', '2026-W47')).counters.late).toBe(1);
    expect((await counters.readWeeklyCounters('metrics-partner', '2026-W48')).counters.late).toBeUndefined();
  });

  it('reads a handful of items however many events the week had', async () => {
    const events = Array.from({ length: 300 }, (_, index) =>
      event(`busy#${index}`, `2026-11-0${2 + (index % 7)}T12:00:00.000Z`, { busy: 1 }),
    );
    for (let index = 0; index < events.length; index += 25) {
      await Promise.all(events.slice(index, index + 25).map((each) => counters.recordBusinessEvent(each)));
    }

    const week = await counters.readWeeklyCounters('metrics-partner', '2026-W45');

    expect(week.counters.busy).toBe(300);
    expect(week.itemsRead).toBeLessThanOrEqual(7 * 4);
  });

  it('refuses a fractional increment (money is counted in minor units)', async () => {
    await expect(
      counters.recordBusinessEvent(event('bad#1', '2026-11-17T00:00:00.000Z', { gmv: 10.5 })),
    ).rejects.toThrow(/integer/);
  });
});
