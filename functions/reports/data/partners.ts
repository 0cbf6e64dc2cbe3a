import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SchedulablePartner } from '#functions/reports/domain/schedule.ts';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';

/**
 * Every partner with its time zone (the byState index lists partner profiles under `PARTNERS`), projected to the
 * two attributes the due-selection needs. The sweep reads it only in the slots where a Monday 08:00 can fall.
 */
export async function listSchedulablePartners(): Promise<SchedulablePartner[]> {
  const partners: SchedulablePartner[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamodb.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        IndexName: 'byState',
        KeyConditionExpression: 'gsi2pk = :partners',
        ExpressionAttributeValues: { ':partners': 'PARTNERS' },
        ProjectionExpression: 'partnerId, #timezone',
        // TIMEZONE is one of DynamoDB's reserved words.
        ExpressionAttributeNames: { '#timezone': 'timezone' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      partners.push({ partnerId: String(item.partnerId), timezone: String(item.timezone) });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return partners;
}
