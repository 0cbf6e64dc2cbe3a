import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { isoWeekOf, localDate } from '#lib/metrics/calendar.ts';
import { isConditionFailure } from '#lib/repositories/conditional.ts';
import { queryAll } from '#lib/repositories/query-all.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';

/** Counter items per day: spreads writes, and bounds each item's set of counted event ids (400 KB limit). */
const SHARDS_PER_DAY = 4;
const COUNTER_PREFIX = 'm_';
const COUNTER_NAME = /^[A-Za-z0-9_.-]{1,80}$/;

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
 * What an item stores to remember a counted event: the first 10 bytes of its id's SHA-256 (a binary set
 * element), not the id itself. That keeps a busy week's items — and so the read units of a report — about four
 * times smaller, and lets one day shard remember some 35,000 events before DynamoDB's 400 KB item limit. Two
 * distinct ids of one partner's week collide with odds of about n²/2⁸¹: nil at any volume PartnerFlow sees.
 */
const MARK_BYTES = 10;
export const EVENT_MARKS_ATTRIBUTE = 'eventMarks';

function digestOf(eventId: string): Buffer {
  return createHash('sha256').update(eventId).digest();
}

/** The stored mark of an event id (also used by the benchmark to seed items in their stored shape). */
export function markOf(eventId: string): Uint8Array {
  return new Uint8Array(digestOf(eventId).subarray(0, MARK_BYTES));
}

function shardOf(eventId: string): number {
  return (digestOf(eventId)[MARK_BYTES] ?? 0) % SHARDS_PER_DAY;
}

/**
 * Adds an event's counters to its partner's week exactly once: the increment and the event id go into one
 * conditional single-item update, so a retried step can never count twice (no transactions needed). With a
 * `creatorId`, the creator's item for the week gets the same once-only update (a retry completes whichever of
 * the two writes had not happened). Returns false when the event had already been counted for the week.
 */
export async function recordBusinessEvent(event: BusinessEvent): Promise<boolean> {
  const day = localDate(new Date(event.occurredAt), event.timezone);
  const week = isoWeekOf(day);
  if (event.creatorId !== undefined) {
    await countOnce(
      { pk: creatorWeeklyMetricsPk(event.partnerId, week), sk: creatorWeeklyMetricsSk(event.creatorId) },
      event,
      { creatorId: event.creatorId },
    );
  }
  return countOnce(
    { pk: weeklyMetricsPk(event.partnerId, week), sk: `DAY#${day}#${shardOf(event.eventId)}` },
    event,
  );
}

async function countOnce(
  key: { readonly pk: string; readonly sk: string },
  event: BusinessEvent,
  attributes: Readonly<Record<string, string>> = {},
): Promise<boolean> {
  const mark = markOf(event.eventId);
  const names: Record<string, string> = { '#events': EVENT_MARKS_ATTRIBUTE };
  const values: Record<string, unknown> = { ':event': mark, ':eventSet': new Set([mark]) };
  const additions = ['#events :eventSet'];
  Object.entries(event.counters).forEach(([name, increment], index) => {
    if (!COUNTER_NAME.test(name) || !Number.isInteger(increment)) {
      throw new Error(`Counter ${name} must be named [A-Za-z0-9_.-] and incremented by an integer`);
    }
    names[`#c${index}`] = `${COUNTER_PREFIX}${name}`;
    values[`:c${index}`] = increment;
    additions.push(`#c${index} :c${index}`);
  });
  const sets = Object.entries(attributes).map(([name, value], index) => {
    names[`#a${index}`] = name;
    values[`:a${index}`] = value;
    return `#a${index} = :a${index}`;
  });
  try {
    await dynamodb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: key,
        UpdateExpression: `${sets.length > 0 ? `SET ${sets.join(', ')} ` : ''}ADD ${additions.join(', ')}`,
        ConditionExpression: 'attribute_not_exists(#events) OR NOT contains(#events, :event)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The counters of one metrics item (attributes `m_<name>`), by counter name. */
export function countersOf(item: Readonly<Record<string, unknown>>): Record<string, number> {
  const counters: Record<string, number> = {};
  for (const [attribute, value] of Object.entries(item)) {
    if (attribute.startsWith(COUNTER_PREFIX) && typeof value === 'number') {
      counters[attribute.slice(COUNTER_PREFIX.length)] = value;
    }
  }
  return counters;
}

export interface WeeklyCounters {
  readonly counters: Readonly<Record<string, number>>;
  /** Items read to build the figures: a handful per day, however busy the week. */
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
