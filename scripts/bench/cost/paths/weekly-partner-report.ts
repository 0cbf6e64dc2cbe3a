import { BENCH_TIME } from '#scripts/bench/cost/paths/fixtures.ts';
import type { WorkflowPath } from '#scripts/bench/cost/paths/types.ts';
import { createPartner, type TestRuntime } from '#test/support/runtime.ts';

const SWEEP = 'weekly-report-sweep';
const PARTNERS = 3;
/**
 * A time zone no other bench partner uses, so the sweep finds exactly these: Monday 08:00 in Kathmandu
 * (UTC+5:45) is 02:15 UTC.
 */
const TIMEZONE = 'Asia/Kathmandu';
const FIRST_MONDAY_SWEEP = Date.parse('2025-11-03T02:15:00Z');
const WEEK_MS = 7 * 86_400_000;
const PER_PARTNER = [
  'ClaimReportWeek',
  'WasWeekClaimed',
  'BuildReport',
  'SendReport',
  'MarkReportSent',
  'ReportSent',
];

interface Sweeps {
  /** How many sweeps ran on this runtime: each run sends an earlier week (a week is sent at most once). */
  runs: number;
  readonly partners: Promise<unknown>;
}
const sweeps = new WeakMap<TestRuntime, Sweeps>();

function sweepsOf(runtime: TestRuntime): Sweeps {
  let state = sweeps.get(runtime);
  if (state === undefined) {
    state = {
      runs: 0,
      partners: Promise.all(
        Array.from({ length: PARTNERS }, (_, index) =>
          createPartner(runtime, { name: `Bench Report Agency ${index + 1}`, timezone: TIMEZONE }),
        ),
      ),
    };
    sweeps.set(runtime, state);
  }
  return state;
}

/** The weekly partner report: one scheduled sweep that finds three partners due, as EventBridge Scheduler fires it. */
export const WEEKLY_PARTNER_REPORT_PATHS: readonly WorkflowPath[] = [
  {
    workflow: 'weekly-partner-report',
    name: `scheduled run, ${PARTNERS} partners due`,
    expectedStates: [
      'ListReportsDue',
      'AnyReportsDue',
      'SendEachReport',
      ...Array.from({ length: PARTNERS }, () => PER_PARTNER).flat(),
      'SummarizeReportRun',
      'AnyReportFailed',
      'ReportsDone',
    ],
    time: BENCH_TIME,
    perItem: { count: PARTNERS, unit: 'partner report' },
    run: async (context) => {
      const state = sweepsOf(context.runtime);
      await state.partners;
      const at = new Date(FIRST_MONDAY_SWEEP - state.runs * WEEK_MS);
      state.runs += 1;
      await context.beginMeasurement();
      const executionArn = await context.runtime.triggerSchedule(SWEEP, at);
      return executionArn.slice(executionArn.lastIndexOf(':') + 1);
    },
  },
];

export const WEEKLY_PARTNER_REPORT_NOTE =
  'No task only forwards a call. ClaimReportWeek is the closest: one conditional update that claims the week, but when the claim fails it reads the record to say why (already sent, in progress, outcome unknown), and DynamoDB returns the old item on a failed condition only with `ReturnValuesOnConditionCheckFailure`, which a direct `dynamodb:updateItem` could use in AWS but dynalite ignores, so the local runtime could not run it. It would save one Lambda request per partner (about $0.0002 per 1,000 partner reports) while its transition stays. MarkReportSent also reads the stored figures before it writes them into the sent record.';
