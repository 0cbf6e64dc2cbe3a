import type { AcceptOptions } from '#scripts/bench/accept/suite.ts';
import type { EngineOptions } from '#scripts/bench/engine/suite.ts';
import type { ReportScalingOptions } from '#scripts/bench/reports/suite.ts';

/** How big each benchmark runs. `full` is what docs/benchmarks.md publishes; `quick` checks the bench works. */
export interface BenchSizes {
  readonly coldStartRuns: number;
  /** Limits the cold-start bench to these function ids (all when undefined). */
  readonly coldStartFunctions?: readonly string[];
  readonly accept: AcceptOptions;
  readonly costRepeat: number;
  readonly reports: ReportScalingOptions;
  readonly engine: EngineOptions;
}

export const FULL: BenchSizes = {
  coldStartRuns: 5,
  accept: { concurrencies: [1, 10, 50], seconds: 8 },
  costRepeat: 3,
  reports: {
    weekSizes: [1_000, 10_000, 100_000],
    // Recording through dynalite runs ~150 events/s: 10,000 would take a tenth of the bench's 10-minute budget.
    recordUpTo: 1_000,
    creatorsPerWeek: 50,
    partners: 1_000,
    eventsPerPartner: 50,
    creatorsPerPartner: 5,
    reads: 5,
  },
  engine: { onboardings: 200, concurrency: 10 },
};

export const QUICK: BenchSizes = {
  coldStartRuns: 1,
  coldStartFunctions: ['onboarding-reserve-handle', 'onboarding-score-and-tier'],
  accept: { concurrencies: [1, 2], seconds: 1 },
  costRepeat: 1,
  reports: {
    weekSizes: [50, 200],
    recordUpTo: 50,
    creatorsPerWeek: 5,
    partners: 5,
    eventsPerPartner: 10,
    creatorsPerPartner: 2,
    reads: 1,
  },
  engine: { onboardings: 3, concurrency: 2 },
};
