import { createHash } from 'node:crypto';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { isoWeekOf, localDate } from '#lib/metrics/calendar.ts';
import { isConditionFailure } from '#lib/repositories/conditional.ts';
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
}

export const weeklyMetricsPk = (partnerId: string, isoWeek: string) => `METRICS#${partnerId}#${isoWeek}`;

function shardOf(eventId: string): number {
  return (createHash('sha256').update(eventId).digest()[0] ?? 0) % SHARDS_PER_DAY;
}

/**
 * Adds an event's counters to its partner's week exactly once: the increment and the event id go into one
 * conditional single-item update, so a retried step can never count twice (no transactions needed).
 * Returns false when the event had already been counted.
 */
export async function recordBusinessEvent(event: BusinessEvent): Promise<boolean> {
  const names: Record<string, string> = { '#events': 'eventIds' };
  const values: Record<string, unknown> = { ':event': event.eventId, ':eventSet': new Set([event.eventId]) };
  const additions = ['#events :eventSet'];
  Object.entries(event.counters).forEach(([name, increment], index) => {
    if (!COUNTER_NAME.test(name) || !Number.isInteger(increment)) {
      throw new Error(`Counter ${name} must be named [A-Za-z0-9_.-] and incremented by an integer`);
    }
    names[`#c${index}`] = `${COUNTER_PREFIX}${name}`;
    values[`:c${index}`] = increment;
    additions.push(`#c${index} :c${index}`);
  });
  const day = localDate(new Date(event.occurredAt), event.timezone);
  try {
    await dynamodb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: {
          pk: weeklyMetricsPk(event.partnerId, isoWeekOf(day)),
          sk: `DAY#${day}#${shardOf(event.eventId)}`,
        },
        UpdateExpression: `ADD ${additions.join(', ')}`,
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

export interface WeeklyCounters {
  readonly counters: Readonly<Record<string, number>>;
  /** Items read to build the figures: a handful per day, however busy the week. */
  readonly itemsRead: number;
}

/** Sums a partner's counters for one ISO week. */
export async function readWeeklyCounters(partnerId: string, isoWeek: string): Promise<WeeklyCounters> {
  const counters: Record<string, number> = {};
  let itemsRead = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamodb.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': weeklyMetricsPk(partnerId, isoWeek) },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      itemsRead += 1;
      for (const [attribute, value] of Object.entries(item)) {
        if (attribute.startsWith(COUNTER_PREFIX) && typeof value === 'number') {
          const name = attribute.slice(COUNTER_PREFIX.length);
          counters[name] = (counters[name] ?? 0) + value;
        }
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return { counters, itemsRead };
}
