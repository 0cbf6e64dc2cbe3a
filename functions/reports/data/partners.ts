import type { SchedulablePartner } from '#functions/reports/domain/schedule.ts';
import { queryAll } from '#lib/repositories/query-all.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';

/**
 * Every partner with its time zone (the byState index lists partner profiles under `PARTNERS`), projected to the
 * two attributes the due-selection needs. The sweep reads it only in the slots where a Monday 08:00 can fall.
 */
export async function listSchedulablePartners(): Promise<SchedulablePartner[]> {
  const items = await queryAll({
    TableName: TABLE_NAME,
    IndexName: 'byState',
    KeyConditionExpression: 'gsi2pk = :partners',
    ExpressionAttributeValues: { ':partners': 'PARTNERS' },
    ProjectionExpression: 'partnerId, #timezone',
    // TIMEZONE is one of DynamoDB's reserved words.
    ExpressionAttributeNames: { '#timezone': 'timezone' },
  });
  return items.map((item) => ({ partnerId: String(item.partnerId), timezone: String(item.timezone) }));
}
