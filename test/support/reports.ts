/**
 * Seeds for the weekly report tests: business events as each area records them (through `recordBusinessEvent`,
 * with the counter names of functions/lib/metrics/report-counters.ts), creator profiles, and an independent
 * count of what a report must show, computed from the seeded list alone (not by the report's code).
 *
 * Load with `await import('#test/support/reports.ts')` after the runtime started (the repositories read
 * TABLE_NAME and the endpoints when they load).
 */
import type { BusinessEvent } from '#lib/metrics/weekly-counters.ts';
import { recordBusinessEvent } from '#lib/metrics/weekly-counters.ts';
import { type CreatorTier, putNewCreator } from '#lib/repositories/creators.ts';

export interface SeededEvent extends BusinessEvent {
  /** The week the test expects the event in (set by construction, not computed). */
  readonly expectedWeek: string;
}

export interface SeedCreator {
  readonly creatorId: string;
  readonly handle: string;
  readonly displayName: string;
  readonly tier: CreatorTier;
}

/** Stores an ACTIVE creator profile (what the report reads for handle, name and tier). */
export async function putCreatorProfile(partnerId: string, creator: SeedCreator): Promise<void> {
  await putNewCreator({
    creatorId: creator.creatorId,
    partnerId,
    handle: creator.handle,
    displayName: creator.displayName,
    email: `${creator.handle.replace(/[^a-z0-9]/g, '')}@example.com`,
    region: 'ID',
    categories: ['beauty'],
    followers: 10_000,
    avgViews: 1_000,
    engagementRate: 0.05,
    gmv30d: { amountMinor: 0, currency: 'USD' },
    birthDate: '1995-05-05',
    status: 'ACTIVE',
    tier: creator.tier,
    executionId: `${creator.creatorId}-onboarding`,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  });
}

/** Records every event, each `repeat` times (as retried steps would), a few at a time. */
export async function recordAll(events: readonly SeededEvent[], repeat = 1): Promise<void> {
  for (let index = 0; index < events.length; index += 20) {
    await Promise.all(
      events.slice(index, index + 20).flatMap((event) =>
        Array.from({ length: repeat }, () => {
          const { expectedWeek: _week, ...business } = event;
          return recordBusinessEvent(business);
        }),
      ),
    );
  }
}

/** Sums of one counter over the events expected in `week`, each event id once. */
export function expectedCount(events: readonly SeededEvent[], week: string, counter: string): number {
  const seen = new Set<string>();
  let total = 0;
  for (const event of events) {
    if (event.expectedWeek !== week || seen.has(event.eventId)) continue;
    seen.add(event.eventId);
    total += event.counters[counter] ?? 0;
  }
  return total;
}

/** Per creator, the sum of one counter over the events expected in `week`. */
export function expectedByCreator(
  events: readonly SeededEvent[],
  week: string,
  counter: string,
): Map<string, number> {
  const sums = new Map<string, number>();
  const seen = new Set<string>();
  for (const event of events) {
    if (event.expectedWeek !== week || event.creatorId === undefined || seen.has(event.eventId)) continue;
    seen.add(event.eventId);
    const value = event.counters[counter];
    if (value !== undefined) sums.set(event.creatorId, (sums.get(event.creatorId) ?? 0) + value);
  }
  return sums;
}

/**
 * A busy partner: `orders` affiliate orders over `creators` creators spread across the 7 days of `week` (dates
 * given as the week's Monday), plus `historyPerWeek` orders in each of the 7 weeks before. Returns the events.
 */
export function busyWeekEvents(options: {
  readonly partnerId: string;
  readonly timezone: string;
  readonly monday: string;
  readonly week: string;
  readonly orders: number;
  readonly creators: number;
  readonly historyPerWeek: number;
}): SeededEvent[] {
  const dayMs = 86_400_000;
  const mondayMs = Date.parse(`${options.monday}T12:00:00Z`);
  const order = (eventId: string, at: number, index: number, expectedWeek: string): SeededEvent => ({
    partnerId: options.partnerId,
    timezone: options.timezone,
    expectedWeek,
    eventId,
    occurredAt: new Date(at).toISOString(),
    creatorId: `cr_busy${index % options.creators}`,
    counters: { 'orders.affiliate': 1, 'gmv.USD': 1000 + (index % 97) * 10, 'commission.USD': 100 },
  });
  const events = Array.from({ length: options.orders }, (_, index) =>
    order(`order#busy-${index}`, mondayMs + (index % 7) * dayMs, index, options.week),
  );
  for (let back = 1; back <= 7; back += 1) {
    for (let index = 0; index < options.historyPerWeek; index += 1) {
      events.push(
        order(
          `order#busy-${back}-${index}`,
          mondayMs - back * 7 * dayMs + (index % 7) * dayMs,
          index,
          `-${back}`,
        ),
      );
    }
  }
  return events;
}
