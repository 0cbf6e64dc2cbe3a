import { functions } from '#catalog/index.ts';
import { acceptSection, measureAcceptPath } from '#scripts/bench/accept/suite.ts';
import { coldStartSection, measureColdStarts } from '#scripts/bench/cold-start/suite.ts';
import { WORKFLOW_PATHS } from '#scripts/bench/cost/paths.ts';
import { costSection, measurePaths } from '#scripts/bench/cost/suite.ts';
import { engineSection, measureEngine } from '#scripts/bench/engine/suite.ts';
import { measureReportScaling, reportScalingSection } from '#scripts/bench/reports/suite.ts';
import type { BenchSizes } from '#scripts/bench/settings.ts';
import type { Section } from '#scripts/bench/support/markdown.ts';

/** One benchmark: a name for `--only`, and how to run it at the given sizes. */
export interface Suite {
  readonly name: string;
  run(sizes: BenchSizes): Promise<Section>;
}

/** Every benchmark, in the order docs/benchmarks.md shows them. */
export const SUITES: readonly Suite[] = [
  {
    name: 'accept',
    run: async (sizes) => acceptSection(await measureAcceptPath(sizes.accept), sizes.accept),
  },
  {
    name: 'cold-start',
    run: async (sizes) => {
      const selected = functions.filter(
        (spec) => sizes.coldStartFunctions === undefined || sizes.coldStartFunctions.includes(spec.id),
      );
      return coldStartSection(
        await measureColdStarts({ functions: selected, runs: sizes.coldStartRuns }),
        sizes.coldStartRuns,
      );
    },
  },
  {
    name: 'cost',
    run: async (sizes) =>
      costSection(await measurePaths(WORKFLOW_PATHS, { repeat: sizes.costRepeat }), sizes.costRepeat),
  },
  {
    name: 'reports',
    run: async (sizes) => reportScalingSection(await measureReportScaling(sizes.reports), sizes.reports),
  },
  {
    name: 'engine',
    run: async (sizes) => engineSection(await measureEngine(sizes.engine), sizes.engine),
  },
];
