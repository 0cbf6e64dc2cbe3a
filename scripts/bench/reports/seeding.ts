import { randomBytes } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';

/** The week every seeded event falls in (Monday 2026-11-16 to Sunday 2026-11-22, partner time zone UTC). */
export const SEEDED_WEEK = '2026-W47';
const WEEK_DAYS = [
  '2026-11-16',
  '2026-11-17',
  '2026-11-18',
  '2026-11-19',
  '2026-11-20',
  '2026-11-21',
  '2026-11-22',
];
/** Mirrors SHARDS_PER_DAY in functions/lib/metrics/weekly-counters.ts (the read checks the sums, so a drift shows). */
const SHARDS_PER_DAY = 4;

/** The counters one onboarding adds (functions/creators/tasks/record-metrics.ts). */
export const EVENT_COUNTERS = { 'creators.decided': 1, 'creators.approved': 1, 'creators.onboarded.mid': 1 };

const eventId = () => `creator-onboarding#cr_${randomBytes(10).toString('hex')}`;
const dayOf = (index: number) => WEEK_DAYS[index % WEEK_DAYS.length] as string;

/** Records `events` events the way the workflows do (one conditional update each), `concurrency` at a time. */
export async function recordEvents(partnerId: string, events: number, concurrency = 25): Promise<void> {
  const { recordBusinessEvent } = await import('#lib/metrics/weekly-counters.ts');
  let next = 0;
  const worker = async () => {
    while (next < events) {
      const index = next;
      next += 1;
      await recordBusinessEvent({
        partnerId,
        eventId: eventId(),
        occurredAt: `${dayOf(index)}T12:00:00.000Z`,
        timezone: 'UTC',
        counters: EVENT_COUNTERS,
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * Writes a week of `events` events straight in the items' stored shape (per day and shard: the marks of the
 * counted events and the `m_<counter>` sums), for sizes too slow to record one by one through dynalite.
 */
export async function seedStoredShape(partnerId: string, events: number): Promise<void> {
  const [{ dynamodb }, { TABLE_NAME }, { weeklyMetricsPk, markOf, EVENT_MARKS_ATTRIBUTE }] =
    await Promise.all([
      import('#lib/clients/dynamodb.ts'),
      import('#lib/repositories/table-name.ts'),
      import('#lib/metrics/weekly-counters.ts'),
    ]);
  const shards = new Map<string, string[]>();
  for (let index = 0; index < events; index += 1) {
    const sk = `DAY#${dayOf(index)}#${Math.floor(index / WEEK_DAYS.length) % SHARDS_PER_DAY}`;
    const ids = shards.get(sk) ?? [];
    ids.push(eventId());
    shards.set(sk, ids);
  }
  const items = [...shards.entries()].map(([sk, ids]) => ({
    pk: weeklyMetricsPk(partnerId, SEEDED_WEEK),
    sk,
    [EVENT_MARKS_ATTRIBUTE]: new Set(ids.map(markOf)),
    ...Object.fromEntries(
      Object.entries(EVENT_COUNTERS).map(([name, value]) => [`m_${name}`, value * ids.length]),
    ),
  }));
  for (let start = 0; start < items.length; start += 25) {
    let pending: { PutRequest: { Item: Record<string, unknown> } }[] = items
      .slice(start, start + 25)
      .map((Item) => ({ PutRequest: { Item } }));
    // BatchWrite may leave items unprocessed (size or throughput): send those again.
    while (pending.length > 0) {
      const answer = await dynamodb.send(new BatchWriteCommand({ RequestItems: { [TABLE_NAME]: pending } }));
      pending = (answer.UnprocessedItems?.[TABLE_NAME] ?? []) as typeof pending;
    }
  }
}
