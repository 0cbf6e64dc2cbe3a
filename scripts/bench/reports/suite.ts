import {
  type Meter,
  OUTSIDE_FUNCTIONS,
  startMeter,
  totalOf,
  usageBetween,
} from '#scripts/bench/cost/meter.ts';
import { PRICES } from '#scripts/bench/cost/prices.ts';
import { transitionsOf } from '#scripts/bench/cost/suite.ts';
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
import { historyOf } from '#test/support/executions.ts';
import { createPartner, type TestRuntime, waitForExecution } from '#test/support/runtime.ts';

export interface ReportScalingOptions {
  /** Events in one partner's week, each measured separately. */
  readonly weekSizes: readonly number[];
  /** Sizes up to this many events are recorded one by one through recordBusinessEvent; bigger ones are seeded. */
  readonly recordUpTo: number;
  /** Creators the events of one partner's week go round (the report reads one item per creator). */
  readonly creatorsPerWeek: number;
  /** Partners in the one-run measurement, and events and creators in each one's week. */
  readonly partners: number;
  readonly eventsPerPartner: number;
  readonly creatorsPerPartner: number;
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
  /** Write units DynamoDB reported for recording the week, when it was recorded event by event. */
  readonly recordingWriteUnits: number | undefined;
}

export interface FleetFigure {
  readonly target: string;
  readonly partners: number;
  readonly eventsPerPartner: number;
  readonly totalMs: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  /** Only for the scheduled run: what the workflow itself billed. */
  readonly run?: {
    readonly reportsSent: number;
    readonly transitions: number;
    readonly lambdaInvocations: number;
    readonly gbSeconds: number;
  };
}

export interface ReportScalingFigures {
  readonly weeks: readonly WeekFigure[];
  readonly fleet: readonly FleetFigure[];
}

/** Reads the counters in parallel lanes (bounded, so DynamoDB is not flooded). */
const FLEET_CONCURRENCY = 10;
/** The Monday 08:00 UTC right after SEEDED_WEEK: the slot in which partners in UTC get that week's report. */
const REPORT_SLOT = new Date('2026-11-23T08:00:00.000Z');
const REPORT_SWEEP = 'weekly-report-sweep';

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
        const beforeSeeding = meter.snapshot();
        if (seeded === 'recorded') await recordEvents(partnerId, events, options.creatorsPerWeek);
        else await seedStoredShape(partnerId, events, options.creatorsPerWeek);
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
            recordingWriteUnits:
              seeded === 'recorded'
                ? totalOf(usageBetween(beforeSeeding, meter.snapshot()), [OUTSIDE_FUNCTIONS]).writeUnits
                : undefined,
          };
          progress(
            `report scaling: ${target.name} at ${count(events)} events: ${ms(figure.medianMs)}, ${readUnits} read units`,
          );
          weeks.push(figure);
        }
      }
      await seedFleet(runtime, options);
      const fleet = [
        await measureCountersOfFleet(options, meter),
        await measureScheduledRun(runtime, options, meter),
      ];
      return { weeks, fleet };
    } finally {
      meter.stop();
    }
  } finally {
    runtime.sfn.setTimeOverrides({ timeScale: 0.001 });
  }
}

const fleetPartnerId = (index: number) => `bench-fleet-${index}`;

/** Seeds the fleet: partners in UTC (due in REPORT_SLOT), each with a week of events over a few creators. */
async function seedFleet(runtime: TestRuntime, options: ReportScalingOptions): Promise<void> {
  progress(
    `report scaling: seeding ${count(options.partners)} partners × ${options.eventsPerPartner} events`,
  );
  for (let start = 0; start < options.partners; start += FLEET_CONCURRENCY) {
    await Promise.all(
      Array.from({ length: Math.min(FLEET_CONCURRENCY, options.partners - start) }, async (_, offset) => {
        const partnerId = fleetPartnerId(start + offset);
        await createPartner(runtime, { partnerId, timezone: 'UTC' });
        await seedStoredShape(partnerId, options.eventsPerPartner, options.creatorsPerPartner);
      }),
    );
  }
}

/** The counters alone for every partner of the fleet, 10 partners at a time. */
async function measureCountersOfFleet(options: ReportScalingOptions, meter: Meter): Promise<FleetFigure> {
  const { readWeeklyCounters } = await import('#lib/metrics/weekly-counters.ts');
  const before = meter.snapshot();
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < options.partners) {
      const partnerId = fleetPartnerId(next);
      next += 1;
      checkSums(await readWeeklyCounters(partnerId, SEEDED_WEEK), options.eventsPerPartner);
    }
  };
  await Promise.all(Array.from({ length: FLEET_CONCURRENCY }, lane));
  const used = totalOf(usageBetween(before, meter.snapshot()), [OUTSIDE_FUNCTIONS]);
  const figure: FleetFigure = {
    target: 'weekly counters (readWeeklyCounters)',
    partners: options.partners,
    eventsPerPartner: options.eventsPerPartner,
    totalMs: performance.now() - started,
    readUnits: used.readUnits,
    writeUnits: used.writeUnits,
  };
  progress(`report scaling: counters of ${count(options.partners)} partners: ${ms(figure.totalMs)}`);
  return figure;
}

/**
 * The whole fleet's reports in one scheduled run, as in production: the schedule fires at Monday 08:00 UTC and
 * the weekly-partner-report workflow lists the partners due, then claims, builds, renders, emails (local SES)
 * and marks each one, 5 at a time. Metered like the cost bench: the functions' DynamoDB units and durations, and
 * the transitions from the execution history.
 */
async function measureScheduledRun(
  runtime: TestRuntime,
  options: ReportScalingOptions,
  meter: Meter,
): Promise<FleetFigure> {
  const before = meter.snapshot();
  const started = performance.now();
  progress(`report scaling: one scheduled run for ${count(options.partners)} partners`);
  const executionArn = await runtime.triggerSchedule(REPORT_SWEEP, REPORT_SLOT);
  const execution = await waitForExecution(runtime, executionArn, 20 * 60_000);
  const totalMs = performance.now() - started;
  const output = JSON.parse(execution.output ?? '{}') as { sent?: { partnerId: string }[] };
  const sent = (output.sent ?? []).filter((report) => report.partnerId.startsWith('bench-fleet-'));
  if (execution.status !== 'SUCCEEDED' || sent.length !== options.partners) {
    throw new Error(
      `The scheduled run ended ${execution.status} with ${sent.length} of ${options.partners} fleet reports sent`,
    );
  }
  const used = totalOf(usageBetween(before, meter.snapshot()));
  const { transitions } = transitionsOf(
    (await historyOf(runtime, executionArn)).map((event) => event.type ?? ''),
  );
  const figure: FleetFigure = {
    target: 'scheduled run of the weekly-partner-report workflow (build, render, email, mark sent)',
    partners: options.partners,
    eventsPerPartner: options.eventsPerPartner,
    totalMs,
    readUnits: used.readUnits,
    writeUnits: used.writeUnits,
    run: {
      reportsSent: sent.length,
      transitions,
      lambdaInvocations: used.invocations,
      gbSeconds: used.gbSeconds,
    },
  };
  progress(`report scaling: scheduled run for ${count(options.partners)} partners: ${ms(totalMs)}`);
  return figure;
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

function writeCost(weeks: readonly WeekFigure[]): string {
  const recorded = weeks.find((week) => week.recordingWriteUnits !== undefined);
  if (recorded?.recordingWriteUnits === undefined) return '';
  const perEvent = recorded.recordingWriteUnits / recorded.events;
  return ` Recording the ${count(recorded.events)}-event week event by event (each event also counted on its creator's bucket) cost ${count(recorded.recordingWriteUnits)} write units: ${perEvent.toFixed(1)} per event, ${usd(perEvent * PRICES.dynamodbWriteUnit * 1_000_000)} per million events.`;
}

function whatTheFiguresShow(
  smallest: WeekFigure | undefined,
  largest: WeekFigure | undefined,
  weeks: readonly WeekFigure[],
): string {
  return [
    `**What the figures show.** The counters are pre-aggregated: a week is at most 4 sums items per day (28) plus one per creator with events, whatever the volume, and those items hold only sums, so the read units stay flat (${smallest?.readUnits ?? '?'} at ${count(smallest?.events ?? 0)} events, ${largest?.readUnits ?? '?'} at ${count(largest?.events ?? 0)}).`,
    'What makes the counts exact is kept apart: each sums item has a ledger twin in another partition that also holds the marks of the events it counted (10 bytes each), updated with the sums and a sequence number in one conditional write, so a retried step never counts twice; the sums are then copied over an older sequence only, and a retry after a crash between the two writes repairs the copy (functions/lib/metrics/counted-once.ts). The report never reads a ledger.',
    `The price is on the write side: each event writes its ledger (billed by the ledger's size, which grows with the marks: about 1 write unit more per 100 events already in the same bucket) and one small sums item.${writeCost(weeks)} A ledger item reaches DynamoDB's 400 KB item limit at about 35,000 events in one day shard, some 980,000 events in one partner's week.`,
  ].join(' ');
}

function fleetRow(fleet: FleetFigure): (string | number)[] {
  const cost = fleet.readUnits * PRICES.dynamodbReadUnit + fleet.writeUnits * PRICES.dynamodbWriteUnit;
  const run = fleet.run;
  const runCost =
    run === undefined
      ? 0
      : run.transitions * PRICES.stateTransition +
        run.lambdaInvocations * PRICES.lambdaRequest +
        run.gbSeconds * PRICES.lambdaGbSecondArm +
        run.reportsSent * PRICES.sesEmail;
  return [
    fleet.target,
    count(fleet.partners),
    fleet.eventsPerPartner,
    ms(fleet.totalMs),
    count(Math.round(fleet.readUnits)),
    count(Math.round(fleet.writeUnits)),
    run === undefined ? '-' : count(run.transitions),
    run === undefined ? '-' : count(run.lambdaInvocations),
    usd(cost + runCost),
    usd(((cost + runCost) / fleet.partners) * 1000),
  ];
}

/** The report-scaling section of docs/benchmarks.md. */
export function reportScalingSection(figures: ReportScalingFigures, options: ReportScalingOptions): Section {
  const weekRows = figures.weeks.map((week) => [
    week.target,
    count(week.events),
    week.seeded,
    week.itemsRead ?? '-',
    week.readUnits,
    (week.readUnits / (week.events / 1000)).toFixed(3),
    ms(week.medianMs),
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
    `One partner's week at ${options.weekSizes.map(count).join(', ')} events (affiliate orders spread over ${options.creatorsPerWeek} creators): each target below run ${options.reads} times (median time), with the DynamoDB read units DynamoDB reports for one run (\`ReturnConsumedCapacity\` on the shared client). Weeks up to ${count(options.recordUpTo)} events are recorded one event at a time through \`recordBusinessEvent\`, exactly as the workflows count them; bigger weeks are written directly in the items' stored shape (per day shard and per creator: the ledger with the events' marks and its sums twin), because recording them one by one through dynalite would take minutes. Every counters read is checked against the seeded totals.`,
    '',
    table(
      ['target', 'events', 'seeded', 'items read', 'read units', 'read units per 1,000 events', 'time'],
      weekRows,
    ),
    '',
    `Then ${count(options.partners)} partners in UTC, each with ${options.eventsPerPartner} events over ${options.creatorsPerPartner} creators (stored shape): their counters read ${FLEET_CONCURRENCY} partners at a time, then the real thing, one scheduled run of the weekly-partner-report workflow at Monday 08:00 UTC through the local runtime (list due, then per partner, 5 at a time: claim, build, render, email through the local SES, mark sent). The cost column prices DynamoDB units, and for the run also its transitions, Lambda requests and GB-seconds and one email per partner, at the prices of the cost section.`,
    '',
    table(
      [
        'target',
        'partners',
        'events each',
        'total time',
        'read units',
        'write units',
        'transitions',
        'Lambda requests',
        'cost',
        'cost per 1,000 partners',
      ],
      figures.fleet.map(fleetRow),
    ),
    '',
    whatTheFiguresShow(smallest, largest, counters),
  ].join('\n');
  return { title: 'Report scaling: weekly counters and the weekly report run', body, targets };
}
