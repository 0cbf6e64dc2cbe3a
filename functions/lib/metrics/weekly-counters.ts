import { isoWeekOf, localDate } from '#lib/metrics/calendar.ts';
import { countersOf, countOnce, digestOf } from '#lib/metrics/counted-once.ts';
import { queryAll } from '#lib/repositories/query-all.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';

/** Counter buckets per day: spreads writes, and bounds each ledger item's set of marks (400 KB limit). */
const SHARDS_PER_DAY = 4;

export interface BusinessEvent {
  readonly partnerId: string;
  /** Deterministic per business fact (e.g. `onboarded#cr_123`): the same fact recorded twice counts once. */
  readonly eventId: string;
  readonly occurredAt: string;
  /** The partner's time zone: the event counts in the week of its local date there. */
  readonly timezone: string;
  /** Counter increments, integers only (money in minor units). */
  readonly counters: Readonly<Record<string, number>>;
  /**
   * The creator the fact belongs to (an order, an onboarding): the event is then also counted, once, on that
   * creator's item for the week, which the weekly report reads for its top creators and its CSV rows.
   */
  readonly creatorId?: string;
}

export const weeklyMetricsPk = (partnerId: string, isoWeek: string) => `METRICS#${partnerId}#${isoWeek}`;
/** One item per creator with events in the week, beside (not under) the week's day items. */
export const creatorWeeklyMetricsPk = (partnerId: string, isoWeek: string) =>
  `METRICS#${partnerId}#${isoWeek}#CREATORS`;
export const creatorWeeklyMetricsSk = (creatorId: string) => `CREATOR#${creatorId}`;

/**
 * Ledger items (the marks of counted events: see counted-once.ts) live in a partition of their own, so the
 * report's Query of the week's partition returns only sums, whose size does not grow with the events.
 */
export const ledgerPk = (readPk: string) => `${readPk}#LEDGER`;

function shardOf(eventId: string): number {
  // The digest's last byte: independent of the bytes kept as the event's mark.
  return (digestOf(eventId).at(-1) ?? 0) % SHARDS_PER_DAY;
}

/**
 * Adds an event's counters to its partner's week exactly once: the increment and the event's mark go into one
 * conditional single-item update of a ledger item, so a retried step can never count twice (no transactions
 * needed), and the ledger's sums are then copied to the item the report reads. With a `creatorId`, the creator's
 * bucket for the week gets the same once-only count (a retry completes whichever of the two had not happened).
 * Returns false when the event had already been counted for the week.
 */
export async function recordBusinessEvent(event: BusinessEvent): Promise<boolean> {
  const day = localDate(new Date(event.occurredAt), event.timezone);
  const week = isoWeekOf(day);
  const counted = { eventId: event.eventId, counters: event.counters };
  if (event.creatorId !== undefined) {
    const creators = creatorWeeklyMetricsPk(event.partnerId, week);
    const sk = creatorWeeklyMetricsSk(event.creatorId);
    await countOnce({
      ...counted,
      ledger: { pk: ledgerPk(creators), sk },
      sums: { pk: creators, sk },
      attributes: { creatorId: event.creatorId },
    });
  }
  const days = weeklyMetricsPk(event.partnerId, week);
  const sk = `DAY#${day}#${shardOf(event.eventId)}`;
  return countOnce({ ...counted, ledger: { pk: ledgerPk(days), sk }, sums: { pk: days, sk } });
}

export interface WeeklyCounters {
  readonly counters: Readonly<Record<string, number>>;
  /** Sums items read to build the figures: at most SHARDS_PER_DAY per day, however busy the week. */
  readonly itemsRead: number;
}

/** Sums a partner's counters for one ISO week. */
export async function readWeeklyCounters(partnerId: string, isoWeek: string): Promise<WeeklyCounters> {
  const items = await queryAll({
    TableName: TABLE_NAME,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': weeklyMetricsPk(partnerId, isoWeek) },
  });
  const counters: Record<string, number> = {};
  for (const item of items) {
    for (const [name, value] of Object.entries(countersOf(item)))
      counters[name] = (counters[name] ?? 0) + value;
  }
  const itemsRead = items.length;
  return { counters, itemsRead };
}

/** Re-exported: readers of creator buckets sum the same `m_<name>` attributes. */
export { countersOf } from '#lib/metrics/counted-once.ts';
