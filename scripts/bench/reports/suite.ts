import { OUTSIDE_FUNCTIONS, startMeter, totalOf, usageBetween } from '#scripts/bench/cost/meter.ts';
import { PRICES } from '#scripts/bench/cost/prices.ts';
import {
  EVENT_COUNTERS,
  recordEvents,
  SEEDED_WEEK,
  seedStoredShape,
} from '#scripts/bench/reports/seeding.ts';
import { REPORT_SCALING_TARGETS } from '#scripts/bench/reports/targets.ts';
import { type Section, type TargetCheck, table } from '#scripts/bench/support/markdown.ts';
import { progress } from '#scripts/bench/support/progress.ts';
import { benchRuntime } from '#scripts/bench/support/runtime.ts';
import { count, median, ms, usd } from '#scripts/bench/support/stats.ts';

export interface ReportScalingOptions {
  /** Events in one partner's week, each measured separately. */
  readonly weekSizes: readonly number[];
  /** Sizes up to this many events are recorded one by one through recordBusinessEvent; bigger ones are seeded. */
  readonly recordUpTo: number;
  /** Partners in the one-run measurement, and events in each one's week. */
  readonly partners: number;
  readonly eventsPerPartner: number;
  /** Reads per measurement (the median time is kept). */
  readonly reads: number;
}

export interface WeekFigure {
  readonly target: string;
  readonly events: number;
  readonly seeded: 'recorded' | 'stored shape';
  readonly medianMs: number;
  readonly readUnits: number;
  readonly itemsRead: number | undefined;
}

export interface FleetFigure {
  readonly target: string;
  readonly partners: number;
  readonly eventsPerPartner: number;
  readonly totalMs: number;
  readonly readUnits: number;
}

export interface ReportScalingFigures {
  readonly weeks: readonly WeekFigure[];
  readonly fleet: readonly FleetFigure[];
}

/** Reads the week in parallel lanes, as a scheduled run would (bounded, so DynamoDB is not flooded). */
const FLEET_CONCURRENCY = 10;

function itemsReadOf(result: unknown): number | undefined {
  const items = (result as { itemsRead?: unknown } | undefined)?.itemsRead;
  return typeof items === 'number' ? items : undefined;
}

/** Seeds weeks of growing size and 1,000 partners, then times and meters each per-partner target on them. */
export async function measureReportScaling(options: ReportScalingOptions): Promise<ReportScalingFigures> {
  const runtime = await benchRuntime();
  try {
    const { dynamodbClient } = await import('#lib/clients/dynamodb.ts');
    const meter = startMeter(dynamodbClient);
    try {
      const weeks: WeekFigure[] = [];
      for (const events of options.weekSizes) {
        const partnerId = `bench-week-${events}`;
        const seeded = events <= options.recordUpTo ? 'recorded' : 'stored shape';
        progress(`report scaling: seeding ${count(events)} events (${seeded})`);
        if (seeded === 'recorded') await recordEvents(partnerId, events);
        else await seedStoredShape(partnerId, events);
        for (const target of REPORT_SCALING_TARGETS) {
          const times: number[] = [];
          let readUnits = 0;
          let result: unknown;
          for (let read = 0; read < options.reads; read += 1) {
            const before = meter.snapshot();
            const started = performance.now();
            result = await target.measureOnePartner(partnerId, SEEDED_WEEK);
            times.push(performance.now() - started);
            readUnits = totalOf(usageBetween(before, meter.snapshot()), [OUTSIDE_FUNCTIONS]).readUnits;
          }
          checkSums(result, events);
          const figure: WeekFigure = {
            target: target.name,
            events,
            seeded,
            medianMs: median(times),
            readUnits,
            itemsRead: itemsReadOf(result),
          };
          progress(
            `report scaling: ${target.name} at ${count(events)} events: ${ms(figure.medianMs)}, ${readUnits} read units`,
          );
          weeks.push(figure);
        }
      }
      progress(
        `report scaling: seeding ${count(options.partners)} partners × ${options.eventsPerPartner} events`,
      );
      const partnerIds = Array.from({ length: options.partners }, (_, index) => `bench-fleet-${index}`);
      for (let start = 0; start < partnerIds.length; start += FLEET_CONCURRENCY) {
        await Promise.all(
          partnerIds
            .slice(start, start + FLEET_CONCURRENCY)
            .map((partnerId) => seedStoredShape(partnerId, options.eventsPerPartner)),
        );
      }
      const fleet: FleetFigure[] = [];
      for (const target of REPORT_SCALING_TARGETS) {
        const before = meter.snapshot();
        const started = performance.now();
        let next = 0;
        const lane = async () => {
          while (next < partnerIds.length) {
            const partnerId = partnerIds[next] as string;
            next += 1;
            await target.measureOnePartner(partnerId, SEEDED_WEEK);
          }
        };
        await Promise.all(Array.from({ length: FLEET_CONCURRENCY }, lane));
        const figure: FleetFigure = {
          target: target.name,
          partners: options.partners,
          eventsPerPartner: options.eventsPerPartner,
          totalMs: performance.now() - started,
          readUnits: totalOf(usageBetween(before, meter.snapshot()), [OUTSIDE_FUNCTIONS]).readUnits,
        };
        progress(
          `report scaling: ${target.name} for ${count(options.partners)} partners: ${ms(figure.totalMs)}`,
        );
        fleet.push(figure);
      }
      return { weeks, fleet };
    } finally {
      meter.stop();
    }
  } finally {
    runtime.sfn.setTimeOverrides({ timeScale: 0.001 });
  }
}

/** A read that does not add up to what was seeded means the seeding and the code disagree on the shape. */
function checkSums(result: unknown, events: number): void {
  const counters = (result as { counters?: Record<string, number> } | undefined)?.counters;
  if (counters === undefined) return;
  for (const [name, perEvent] of Object.entries(EVENT_COUNTERS)) {
    if (counters[name] !== perEvent * events) {
      throw new Error(`Read ${counters[name]} for ${name}, seeded ${perEvent * events}`);
    }
  }
}

/** DynamoDB's item size limit. */
const MAX_ITEM_BYTES = 400 * 1024;

function whatTheFiguresShow(largest: WeekFigure | undefined): string {
  const items = largest?.itemsRead ?? 0;
  // An eventually consistent Query bills 0.5 read unit per 4 KB returned: bytes ≈ units × 8 KB.
  const bytesPerItem = largest === undefined || items === 0 ? 0 : (largest.readUnits * 8192) / items;
  const limitEvents =
    bytesPerItem === 0 || largest === undefined ? 0 : (largest.events * MAX_ITEM_BYTES) / bytesPerItem;
  const perEvent = largest === undefined || largest.readUnits === 0 ? 0 : largest.events / largest.readUnits;
  return [
    `**What the figures show.** The counters are pre-aggregated, so the items read stay at most 4 per day (28 a week) whatever the volume. The read units do not: DynamoDB bills a Query by the bytes of the items it returns, and each day item also holds the ids of the events it counted (the set that makes a retried step count once). Those ids grow with the week's events, so read units grow in proportion to them: about one read unit per ${count(perEvent)} events here. A busy partner's report at ${count(largest?.events ?? 0)} events still costs a fraction of a cent, but its day items are already ~${Math.round(bytesPerItem / 1024)} KB each, so they would reach DynamoDB's 400 KB item limit at about ${count(limitEvents)} events in a week, and the recording write then fails.`,
    'Keeping the id sets out of the items the report reads (a small conditional "counted" marker item per event, beside counter items that hold only sums) would make report reads constant; it costs a second write per event, ordered so that a crash between the two writes can only delay a count until the step is retried, never double it. That change belongs with the weekly report (issue 7), which owns these items now.',
  ].join(' ');
}

/** The report-scaling section of docs/benchmarks.md. */
export function reportScalingSection(figures: ReportScalingFigures, options: ReportScalingOptions): Section {
  const weekRows = figures.weeks.map((week) => [
    week.target,
    count(week.events),
    week.seeded,
    week.itemsRead ?? '-',
    week.readUnits,
    (week.readUnits / (week.events / 1000)).toFixed(2),
    ms(week.medianMs),
  ]);
  const fleetRows = figures.fleet.map((fleet) => [
    fleet.target,
    count(fleet.partners),
    fleet.eventsPerPartner,
    ms(fleet.totalMs),
    fleet.readUnits,
    usd(fleet.readUnits * PRICES.dynamodbReadUnit),
  ]);
  const counters = figures.weeks.filter((week) => week.target === REPORT_SCALING_TARGETS[0]?.name);
  const smallest = counters[0];
  const largest = counters[counters.length - 1];
  const targets: TargetCheck[] = [];
  if (smallest !== undefined && largest !== undefined && largest.events > smallest.events) {
    const eventGrowth = largest.events / smallest.events;
    const unitGrowth = largest.readUnits / Math.max(smallest.readUnits, 0.5);
    targets.push({
      target: 'Read units per report grow far slower than events',
      met: unitGrowth <= eventGrowth / 10,
      detail: `events ×${count(eventGrowth)}, read units ×${unitGrowth.toFixed(1)}, items read ${smallest.itemsRead ?? '?'} → ${largest.itemsRead ?? '?'}`,
    });
  }
  const body = [
    `One partner's week at ${options.weekSizes.map(count).join(', ')} events: each target below run ${options.reads} times (median time), with the DynamoDB read units DynamoDB reports for one run (\`ReturnConsumedCapacity\` on the shared client). Weeks up to ${count(options.recordUpTo)} events are recorded one event at a time through \`recordBusinessEvent\`, exactly as the workflows count them; bigger weeks are written directly in the items' stored shape (per day and shard: the counted event ids and the counter sums), because recording them one by one through dynalite would take minutes. Every read is checked against the seeded totals.`,
    '',
    table(
      ['target', 'events', 'seeded', 'items read', 'read units', 'read units per 1,000 events', 'time'],
      weekRows,
    ),
    '',
    `Then ${count(options.partners)} partners with ${options.eventsPerPartner} events each in one run, ${FLEET_CONCURRENCY} partners at a time (stored shape):`,
    '',
    table(['target', 'partners', 'events each', 'total time', 'read units', 'read cost'], fleetRows),
    '',
    whatTheFiguresShow(largest),
    '',
    'The full weekly report run (render and email per partner) is not measured yet: `scripts/bench/reports/targets.ts` holds the hook where issue 7 adds it.',
  ].join('\n');
  return { title: 'Report scaling: weekly counters', body, targets };
}
