import { readAttention, readCampaignsActive } from '#functions/reports/data/attention.ts';
import { batchGetItems } from '#functions/reports/data/batch-get.ts';
import { getReportRecord } from '#functions/reports/data/ledger.ts';
import {
  buildWeeklyReport,
  CHART_WEEKS,
  type CreatorProfile,
  type CreatorWeek,
  topCreatorIds,
} from '#functions/reports/domain/figures.ts';
import type { WeeklyReport } from '#functions/reports/domain/types.ts';
import { currentWeek, datesOf, weeksBefore, weeksEndingWith } from '#functions/reports/domain/weeks.ts';
import {
  countersOf,
  creatorWeeklyMetricsPk,
  creatorWeeklyMetricsSk,
  readWeeklyCounters,
} from '#lib/metrics/weekly-counters.ts';
import { creatorKey } from '#lib/repositories/creators.ts';
import type { Partner } from '#lib/repositories/partners.ts';
import { queryAll } from '#lib/repositories/query-all.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';

/**
 * Reads what one partner's report is built from. Every read is of pre-aggregated items, so the cost is bounded
 * by the calendar and by the creators active in the week, never by the number of events:
 *
 * - the week's counters and the 7 weeks before it (the chart): at most 8 x 7 days x 4 shards = 224 items;
 * - one item per creator with events in the week, plus last week's items of the top creators (at most 10 per
 *   currency) and the profiles of the creators in the week;
 * - the pending reviews (bounded, see attention.ts) and last week's ledger item (for the active-campaign gauge).
 */
export interface LoadedReport {
  readonly report: WeeklyReport;
  /** Items read to build it (what the reading-cost test compares with the events the week had). */
  readonly itemsRead: number;
}

async function readCreatorWeeks(partnerId: string, week: string): Promise<CreatorWeek[]> {
  const items = await queryAll({
    TableName: TABLE_NAME,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': creatorWeeklyMetricsPk(partnerId, week) },
  });
  return items.map((item) => ({ creatorId: String(item.creatorId), counters: countersOf(item) }));
}

async function readCreatorWeeksOf(partnerId: string, week: string, creatorIds: readonly string[]) {
  const items = await batchGetItems(
    creatorIds.map((creatorId) => ({
      pk: creatorWeeklyMetricsPk(partnerId, week),
      sk: creatorWeeklyMetricsSk(creatorId),
    })),
  );
  return items.map(
    (item): CreatorWeek => ({ creatorId: String(item.creatorId), counters: countersOf(item) }),
  );
}

async function readProfiles(creatorIds: readonly string[]): Promise<Record<string, CreatorProfile>> {
  const items = await batchGetItems(creatorIds.map(creatorKey), {
    expression: 'creatorId, handle, displayName, tier, #status',
    names: { '#status': 'status' },
  });
  return Object.fromEntries(
    items.map((item) => [
      String(item.creatorId),
      {
        creatorId: String(item.creatorId),
        handle: String(item.handle ?? item.creatorId),
        displayName: String(item.displayName ?? ''),
        ...(typeof item.tier === 'string' ? { tier: item.tier as CreatorProfile['tier'] } : {}),
        status: item.status as CreatorProfile['status'],
      },
    ]),
  );
}

/** Reads and builds one partner's report for `week`, as of `now` (the "needs attention" lists are about now). */
export async function loadWeeklyReport(partner: Partner, week: string, now: Date): Promise<LoadedReport> {
  const previousWeek = weeksBefore(week, 1);
  const [history, creators, previousRecord, attention] = await Promise.all([
    Promise.all(
      weeksEndingWith(week, CHART_WEEKS).map(async (each) => ({
        week: each,
        ...(await readWeeklyCounters(partner.partnerId, each)),
      })),
    ),
    readCreatorWeeks(partner.partnerId, week),
    getReportRecord(partner.partnerId, previousWeek),
    readAttention(partner.partnerId, now, datesOf(currentWeek(now, partner.timezone))),
  ]);
  const topIds = topCreatorIds(creators);
  const [previousCreators, profiles, campaignsActive] = await Promise.all([
    readCreatorWeeksOf(partner.partnerId, previousWeek, topIds),
    readProfiles(creators.map((creator) => creator.creatorId)),
    readCampaignsActive(
      partner.partnerId,
      now,
      previousRecord?.figures?.headline.campaignsActive.current ?? null,
    ),
  ]);
  const report = buildWeeklyReport({
    partner: { partnerId: partner.partnerId, name: partner.name, timezone: partner.timezone },
    week,
    generatedAt: now.toISOString(),
    weeklyCounters: Object.fromEntries(history.map((each) => [each.week, each.counters])),
    creators,
    previousCreators,
    profiles,
    attention: attention.attention,
    campaignsActive,
  });
  const itemsRead =
    history.reduce((sum, each) => sum + each.itemsRead, 0) +
    creators.length +
    previousCreators.length +
    Object.keys(profiles).length +
    attention.itemsRead +
    1;
  return { report, itemsRead };
}
