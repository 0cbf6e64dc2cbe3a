import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { whenConditionHolds } from '#lib/repositories/conditional.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';

/**
 * Exactly-once counting without transactions, in two items per counter bucket:
 *
 * - the **ledger** item remembers which events it counted (their marks) beside the sums and a sequence number,
 *   all changed by one conditional update, so a retried step can never count twice;
 * - its **sums** twin holds only the sums and the sequence, copied from the ledger after each counted event and
 *   written only over an older sequence, so concurrent copies settle on the newest state.
 *
 * Readers (the weekly report) read only the sums, whose size does not grow with the events counted; the marks,
 * which do, are never read back except to repair a copy a crash left behind.
 */

export const COUNTER_PREFIX = 'm_';
const COUNTER_NAME = /^[A-Za-z0-9_.-]{1,80}$/;
const SEQUENCE_ATTRIBUTE = 'seq';
export const EVENT_MARKS_ATTRIBUTE = 'eventMarks';

/**
 * What a ledger stores to remember a counted event: the first 10 bytes of its id's SHA-256 (a binary set
 * element), not the id itself. That keeps ledger items — and so the write units of each event — about four times
 * smaller, and lets one ledger item remember some 35,000 events before DynamoDB's 400 KB item limit. Two distinct
 * ids of one partner's week collide with odds of about n²/2⁸¹: nil at any volume PartnerFlow sees.
 */
const MARK_BYTES = 10;

export function digestOf(eventId: string): Buffer {
  return createHash('sha256').update(eventId).digest();
}

/** The stored mark of an event id (also used by the benchmark to seed ledgers in their stored shape). */
export function markOf(eventId: string): Uint8Array {
  return new Uint8Array(digestOf(eventId).subarray(0, MARK_BYTES));
}

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

export interface CountOnce {
  readonly ledger: ItemKey;
  readonly sums: ItemKey;
  readonly eventId: string;
  readonly counters: Readonly<Record<string, number>>;
  /** Plain attributes both items carry (e.g. the creator id of a creator's bucket). */
  readonly attributes?: Readonly<Record<string, string>>;
}

/** Adds the event's counters to the bucket once; false when the ledger had already counted it. */
export async function countOnce(count: CountOnce): Promise<boolean> {
  const ledger = await addToLedger(count);
  if (ledger !== undefined) {
    await copySums(count, ledger);
    return true;
  }
  // Already counted: the earlier attempt may have stopped before its copy, so copy what the ledger holds now.
  const current = await dynamodb.send(
    new GetCommand({ TableName: TABLE_NAME, Key: count.ledger, ConsistentRead: true }),
  );
  if (current.Item !== undefined) await copySums(count, current.Item);
  return false;
}

async function addToLedger(count: CountOnce): Promise<Record<string, unknown> | undefined> {
  const mark = markOf(count.eventId);
  const names: Record<string, string> = { '#events': EVENT_MARKS_ATTRIBUTE, '#seq': SEQUENCE_ATTRIBUTE };
  const values: Record<string, unknown> = { ':event': mark, ':eventSet': new Set([mark]), ':one': 1 };
  const additions = ['#events :eventSet', '#seq :one'];
  Object.entries(count.counters).forEach(([name, increment], index) => {
    if (!COUNTER_NAME.test(name) || !Number.isInteger(increment)) {
      throw new Error(`Counter ${name} must be named [A-Za-z0-9_.-] and incremented by an integer`);
    }
    names[`#c${index}`] = `${COUNTER_PREFIX}${name}`;
    values[`:c${index}`] = increment;
    additions.push(`#c${index} :c${index}`);
  });
  const sets = Object.entries(count.attributes ?? {}).map(([name, value], index) => {
    names[`#a${index}`] = name;
    values[`:a${index}`] = value;
    return `#a${index} = :a${index}`;
  });
  // ALL_NEW costs no read units: the answer is the state this event produced, sequence included.
  const answer = await whenConditionHolds(
    dynamodb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: count.ledger,
        UpdateExpression: `${sets.length > 0 ? `SET ${sets.join(', ')} ` : ''}ADD ${additions.join(', ')}`,
        ConditionExpression: 'attribute_not_exists(#events) OR NOT contains(#events, :event)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    ),
  );
  return answer === undefined ? undefined : (answer.Attributes ?? {});
}

async function copySums(count: CountOnce, ledger: Readonly<Record<string, unknown>>): Promise<void> {
  const sequence = ledger[SEQUENCE_ATTRIBUTE];
  if (typeof sequence !== 'number') return;
  const sums: Record<string, unknown> = {
    ...count.sums,
    ...count.attributes,
    [SEQUENCE_ATTRIBUTE]: sequence,
  };
  for (const [attribute, value] of Object.entries(ledger)) {
    if (attribute.startsWith(COUNTER_PREFIX) && typeof value === 'number') sums[attribute] = value;
  }
  // A failed condition means a newer copy is already there, and it includes this event.
  await whenConditionHolds(
    dynamodb.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: sums,
        ConditionExpression: 'attribute_not_exists(#seq) OR #seq < :seq',
        ExpressionAttributeNames: { '#seq': SEQUENCE_ATTRIBUTE },
        ExpressionAttributeValues: { ':seq': sequence },
      }),
    ),
  );
}

/** The counters of one sums (or ledger) item (attributes `m_<name>`), by counter name. */
export function countersOf(item: Readonly<Record<string, unknown>>): Record<string, number> {
  const counters: Record<string, number> = {};
  for (const [attribute, value] of Object.entries(item)) {
    if (attribute.startsWith(COUNTER_PREFIX) && typeof value === 'number') {
      counters[attribute.slice(COUNTER_PREFIX.length)] = value;
    }
  }
  return counters;
}
