import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestRuntime, type TestRuntime } from '#test/support/runtime.ts';

let runtime: TestRuntime;
let counters: typeof import('#lib/metrics/weekly-counters.ts');

beforeAll(async () => {
  runtime = await startTestRuntime();
  counters = await import('#lib/metrics/weekly-counters.ts');
});
afterAll(() => runtime?.close());
afterEach(() => vi.restoreAllMocks());

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

  it('reads the same units for a busy week as for a quiet one: the marks stay in the ledger', async () => {
    // Arrange: 20 events in week 44, 400 in week 43, spread over every day.
    const record = async (week: string, monday: string, count: number) => {
      const day = (offset: number) => new Date(Date.parse(`${monday}T12:00:00.000Z`) + offset * 86_400_000);
      const events = Array.from({ length: count }, (_, index) =>
        event(`${week}#${index}`, day(index % 7).toISOString(), { 'creators.approved': 1 }),
      );
      for (let index = 0; index < events.length; index += 25) {
        await Promise.all(events.slice(index, index + 25).map((each) => counters.recordBusinessEvent(each)));
      }
    };
    await record('quiet', '2026-10-26', 20);
    await record('busy', '2026-10-19', 400);
    const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const readUnits = async (week: string) => {
      const answer = await runtime.documentClient.send(
        new QueryCommand({
          TableName: runtime.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': counters.weeklyMetricsPk('metrics-partner', week) },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      return { units: answer.ConsumedCapacity?.CapacityUnits, items: answer.Items ?? [] };
    };

    // Act
    const quiet = await readUnits('2026-W44');
    const busy = await readUnits('2026-W43');

    // Assert
    expect((await counters.readWeeklyCounters('metrics-partner', '2026-W43')).counters).toEqual({
      'creators.approved': 400,
    });
    expect(busy.items.length).toBe(28);
    expect(busy.items.some((item) => 'eventMarks' in item)).toBe(false);
    expect(busy.units).toBeDefined();
    expect(busy.units).toBe(quiet.units);
  });

  it('copies the sums on a retry when a crash came between counting and copying', async () => {
    // Arrange: the copy to the sums item fails once, after the ledger has counted the event.
    const { dynamodb } = await import('#lib/clients/dynamodb.ts');
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const send = dynamodb.send.bind(dynamodb) as (command: unknown) => Promise<unknown>;
    let failures = 0;
    vi.spyOn(dynamodb, 'send').mockImplementation(((command: unknown) => {
      if (
        command instanceof PutCommand &&
        String(command.input.Item?.pk).endsWith('#2026-W46') &&
        failures === 0
      ) {
        failures += 1;
        return Promise.reject(Object.assign(new Error('Network lost'), { name: 'TimeoutError' }));
      }
      return send(command);
    }) as typeof dynamodb.send);
    const crashed = event('crash#1', '2026-11-10T12:00:00.000Z', { 'creators.approved': 1 });

    // Act
    await expect(counters.recordBusinessEvent(crashed)).rejects.toThrow('Network lost');
    const before = await counters.readWeeklyCounters('metrics-partner', '2026-W46');
    const retried = await counters.recordBusinessEvent(crashed);

    // Assert: counted once, visible only after the retry repaired the copy.
    expect(before.counters['creators.approved']).toBeUndefined();
    expect(retried).toBe(false);
    expect((await counters.readWeeklyCounters('metrics-partner', '2026-W46')).counters).toEqual({
      'creators.approved': 1,
    });
  });

  it('keeps the newest sums when two copies of one bucket land out of order', async () => {
    // Arrange: hold the first event's copy until the second event's copy has landed.
    const { dynamodb } = await import('#lib/clients/dynamodb.ts');
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const send = dynamodb.send.bind(dynamodb) as (command: unknown) => Promise<unknown>;
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let copies = 0;
    vi.spyOn(dynamodb, 'send').mockImplementation(((command: unknown) => {
      if (!(command instanceof PutCommand && String(command.input.Item?.pk).endsWith('#2026-W45'))) {
        return send(command);
      }
      copies += 1;
      return copies === 1 ? firstHeld.then(() => send(command)) : send(command);
    }) as typeof dynamodb.send);
    // Two events of the same day and shard (the shard comes from the id's digest: find a second id that matches).
    const { digestOf } = await import('#lib/metrics/counted-once.ts');
    const shard = (id: string) => (digestOf(id).at(-1) ?? 0) % 4;
    const secondId = Array.from({ length: 64 }, (_, index) => `order#${index}`).find(
      (id) => id !== 'order#0' && shard(id) === shard('order#0'),
    );
    expect(secondId).toBeDefined();

    // Act
    const first = counters.recordBusinessEvent(
      event('order#0', '2026-11-03T12:00:00.000Z', { orders: 1, gmvMinor: 500 }),
    );
    await vi.waitFor(() => expect(copies).toBe(1));
    await counters.recordBusinessEvent(
      event(String(secondId), '2026-11-03T12:00:00.000Z', { orders: 1, gmvMinor: 700 }),
    );
    releaseFirst();
    await first;

    // Assert: the older copy (one order) did not overwrite the newer one (two orders).
    expect((await counters.readWeeklyCounters('metrics-partner', '2026-W45')).counters).toMatchObject({
      orders: 2,
      gmvMinor: 1200,
    });
  });

  it('refuses a fractional increment (money is counted in minor units)', async () => {
    await expect(
      counters.recordBusinessEvent(event('bad#1', '2026-11-17T00:00:00.000Z', { gmv: 10.5 })),
    ).rejects.toThrow(/integer/);
  });
});
