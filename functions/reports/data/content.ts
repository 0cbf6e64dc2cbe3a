import { gunzipSync, gzipSync } from 'node:zlib';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { WeeklyReport } from '#functions/reports/domain/types.ts';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';

/**
 * The built report (figures and every CSV row) between the build and the send step, kept out of the Step
 * Functions payload (256 KB) and stored gzipped: a creator row is ~150 bytes and compresses ~8x, so the 400 KB
 * item holds the rows of well over 10,000 active creators. Expires after 35 days (TTL).
 */
const CONTENT_TTL_DAYS = 35;

const keyOf = (partnerId: string, week: string) => ({
  pk: `REPORTS#${partnerId}`,
  sk: `WEEK#${week}#CONTENT`,
});

/** Stores the report a run built (replacing an earlier build of the same week). */
export async function putReportContent(report: WeeklyReport, builtBy: string, at: Date): Promise<number> {
  const body = gzipSync(JSON.stringify(report));
  await dynamodb.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        ...keyOf(report.figures.partner.partnerId, report.figures.week),
        type: 'WeeklyReportContent',
        body,
        builtBy,
        builtAt: at.toISOString(),
        expiresAt: Math.floor(at.getTime() / 1000) + CONTENT_TTL_DAYS * 86_400,
      },
    }),
  );
  return body.byteLength;
}

/** The report a run built, with who built it; undefined when there is none (or it expired). */
export async function getReportContent(
  partnerId: string,
  week: string,
): Promise<{ report: WeeklyReport; builtBy: string } | undefined> {
  const { Item } = await dynamodb.send(
    new GetCommand({ TableName: TABLE_NAME, Key: keyOf(partnerId, week), ConsistentRead: true }),
  );
  if (Item === undefined || !(Item.body instanceof Uint8Array)) return undefined;
  return {
    report: JSON.parse(gunzipSync(Item.body).toString('utf8')) as WeeklyReport,
    builtBy: String(Item.builtBy),
  };
}
