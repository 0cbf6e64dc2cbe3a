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

/** The counters one affiliate order adds (functions/sellers/notifications/record-order-status.ts). */
export const EVENT_COUNTERS = { 'orders.affiliate': 1, 'gmv.USD': 2_500, 'commission.USD': 250 };

const eventId = () => `order#${randomBytes(10).toString('hex')}`;
const dayOf = (index: number) => WEEK_DAYS[index % WEEK_DAYS.length] as string;
/** The creator of the index-th event: events go round the partner's creators, so each has its share. */
export const creatorOf = (partnerId: string, index: number, creators: number) =>
  `cr_${partnerId}_${index % creators}`;

/**
 * Records `events` events of `creators` creators the way the workflows do (one conditional update per bucket),
 * `concurrency` at a time.
 */
export async function recordEvents(
  partnerId: string,
  events: number,
  creators: number,
  concurrency = 25,
): Promise<void> {
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
        creatorId: creatorOf(partnerId, index, creators),
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * Writes a week of `events` events straight in the items' stored shape (per day and shard: a ledger item with
 * the marks of the counted events, the `m_<counter>` sums and the sequence, and its sums twin that the report
 * reads), for sizes too slow to record one by one through dynalite.
 */
export async function seedStoredShape(partnerId: string, events: number, creators: number): Promise<void> {
  const [
    { dynamodb },
    { TABLE_NAME },
    { weeklyMetricsPk, creatorWeeklyMetricsPk, creatorWeeklyMetricsSk, ledgerPk },
    { markOf, EVENT_MARKS_ATTRIBUTE },
  ] = await Promise.all([
    import('#lib/clients/dynamodb.ts'),
    import('#lib/repositories/table-name.ts'),
    import('#lib/metrics/weekly-counters.ts'),
    import('#lib/metrics/counted-once.ts'),
  ]);
  const days = weeklyMetricsPk(partnerId, SEEDED_WEEK);
  const creatorsPk = creatorWeeklyMetricsPk(partnerId, SEEDED_WEEK);
  const buckets = new Map<string, { pk: string; sk: string; creatorId?: string; ids: string[] }>();
  const add = (pk: string, sk: string, id: string, creatorId?: string) => {
    const bucket = buckets.get(`${pk}|${sk}`) ?? { pk, sk, ids: [], ...(creatorId ? { creatorId } : {}) };
    bucket.ids.push(id);
    buckets.set(`${pk}|${sk}`, bucket);
  };
  for (let index = 0; index < events; index += 1) {
    const id = eventId();
    const creatorId = creatorOf(partnerId, index, creators);
    add(days, `DAY#${dayOf(index)}#${Math.floor(index / WEEK_DAYS.length) % SHARDS_PER_DAY}`, id);
    add(creatorsPk, creatorWeeklyMetricsSk(creatorId), id, creatorId);
  }
  // Each bucket twice: its ledger (the marks) and the sums the report reads.
  const items = [...buckets.values()].flatMap(({ pk, sk, creatorId, ids }) => {
    const sums = {
      seq: ids.length,
      ...(creatorId === undefined ? {} : { creatorId }),
      ...Object.fromEntries(
        Object.entries(EVENT_COUNTERS).map(([name, value]) => [`m_${name}`, value * ids.length]),
      ),
    };
    return [
      { pk: ledgerPk(pk), sk, [EVENT_MARKS_ATTRIBUTE]: new Set(ids.map(markOf)), ...sums },
      { pk, sk, ...sums },
    ];
  });
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
