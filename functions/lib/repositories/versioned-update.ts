import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';

export interface VersionedChange {
  /** Fields to set; an undefined value leaves its field as it is. */
  readonly set?: Readonly<Record<string, unknown>>;
  readonly remove?: readonly string[];
}

/**
 * The write of a change to a versioned item, applied only over the version it was decided on (optimistic
 * locking without transactions): the version goes up by one, `updatedAt` becomes `at`, and the item as written
 * comes back.
 */
export function versionedUpdate(
  key: { readonly pk: string; readonly sk: string },
  version: number,
  change: VersionedChange,
  at: string,
): UpdateCommand {
  const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':version': version, ':one': 1, ':at': at };
  const sets = ['#version = #version + :one', '#updatedAt = :at'];
  Object.entries(change.set ?? {}).forEach(([field, value], index) => {
    if (value === undefined) return;
    names[`#s${index}`] = field;
    values[`:s${index}`] = value;
    sets.push(`#s${index} = :s${index}`);
  });
  const removes = (change.remove ?? []).map((field, index) => {
    names[`#r${index}`] = field;
    return `#r${index}`;
  });
  return new UpdateCommand({
    TableName: TABLE_NAME,
    Key: key,
    UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ConditionExpression: 'attribute_exists(pk) AND #version = :version',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ReturnValues: 'ALL_NEW',
  });
}
