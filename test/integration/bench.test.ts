import { afterAll, describe, expect, it } from 'vitest';
import { functions } from '#catalog/index.ts';
import {
  acceptSection,
  FLOOR_ROUTE_NAME,
  measureAcceptPath,
  ONBOARDING_ROUTE,
} from '#scripts/bench/accept/suite.ts';
import { coldStartSection, measureColdStarts } from '#scripts/bench/cold-start/suite.ts';
import { ONBOARDING_PATHS, WORKFLOW_PATHS } from '#scripts/bench/cost/paths.ts';
import { costSection, MAX_HAPPY_PATH_TRANSITIONS, measurePaths } from '#scripts/bench/cost/suite.ts';
import { engineSection, measureEngine } from '#scripts/bench/engine/suite.ts';
import { measureReportScaling, reportScalingSection } from '#scripts/bench/reports/suite.ts';
import { QUICK } from '#scripts/bench/settings.ts';
import { closeBenchRuntime } from '#scripts/bench/support/runtime.ts';

afterAll(() => closeBenchRuntime());

// The benchmarks at tiny sizes: they run, and their figures are well formed. Timings are never asserted.
describe('npm run bench, quick sizes', () => {
  it('measures the accept path of the real route and of the floor behind the same API', async () => {
    const figures = await measureAcceptPath(QUICK.accept);

    for (const route of [ONBOARDING_ROUTE, FLOOR_ROUTE_NAME]) {
      const rows = figures.filter((figure) => figure.route === route);
      expect(rows.map((row) => row.concurrency)).toEqual([...QUICK.accept.concurrencies]);
      for (const row of rows) {
        expect(row.accepted).toBeGreaterThan(0);
        expect(row.failed).toBe(0);
        expect(row.p99Ms).toBeGreaterThanOrEqual(row.p50Ms);
      }
    }
    expect(acceptSection(figures, QUICK.accept).body).toContain('| floor: one conditional put');
  }, 60_000);

  it('bundles and times functions against their SDK clients alone', async () => {
    const selected = functions.filter((spec) => spec.id === 'onboarding-reserve-handle');

    const [figure] = await measureColdStarts({ functions: selected, runs: 1 });

    expect(figure?.bundle.sdkModules).toContain('@aws-sdk/client-dynamodb');
    expect(figure?.importMs).toBeGreaterThan(0);
    expect(figure?.tracedImportMs).toBeGreaterThan(0);
    expect(figure?.sdkOnlyMs).toBeGreaterThan(0);
    expect(figure?.ratios?.traced.median).toBeGreaterThan(0);
    expect(coldStartSection(figure === undefined ? [] : [figure], 1).body).toContain(
      '| onboarding-reserve-handle |',
    );
  }, 60_000);

  it(`bills the onboarding happy path at most ${MAX_HAPPY_PATH_TRANSITIONS} transitions, and transitions above Lambda on every path`, async () => {
    const measurements = await measurePaths(ONBOARDING_PATHS, { repeat: 1 });

    const happy = measurements.find((measurement) => measurement.path.name === 'approve');
    expect(happy?.usage.transitions).toBe(8);
    expect(happy?.usage.transitions).toBeLessThanOrEqual(MAX_HAPPY_PATH_TRANSITIONS);
    expect(measurements.map((m) => [m.path.name, m.usage.transitions])).toEqual([
      ['approve', 8],
      ['pilot', 8],
      ['reject', 8],
      ['review approve', 10],
      ['review time-out', 10],
    ]);
    for (const measurement of measurements) {
      expect(measurement.usage.lambda.writeUnits, measurement.path.name).toBeGreaterThan(0);
      expect(measurement.usage.emails, measurement.path.name).toBeGreaterThan(0);
      expect(measurement.lines.transitions).toBeGreaterThan(
        measurement.lines.lambdaRequests + measurement.lines.lambdaDuration,
      );
    }
    expect(costSection(measurements, 1).targets.every((target) => target.met)).toBe(true);
  }, 90_000);

  it('bills every path of the other workflows its exact transitions, above Lambda, and prices its waits, direct integrations and Maps', async () => {
    const paths = WORKFLOW_PATHS.filter((path) => path.workflow !== 'creator-onboarding');

    const measurements = await measurePaths(paths, { repeat: 1 });

    const billed = measurements.map((m) => [
      m.path.workflow,
      m.path.name,
      m.usage.transitions,
      m.usage.retries,
    ]);
    expect(billed).toEqual([
      ['seller-authorization', 'authorize (to the first refresh cycle waiting)', 16, 0],
      ['seller-authorization', 'invalid auth code', 9, 0],
      ['seller-authorization', 'refresh cycle (each further week)', 8, 0],
      ['seller-notification', 'deauthorization webhook', 3, 0],
      ['campaign-launch', 'launch to 2 creators, run to its end', 15, 0],
      ['campaign-launch', 'cancelled while ACTIVE (launch + compensation)', 19, 0],
      ['campaign-launch', 'TikTok fails the creation: retried, compensated', 12, 3],
      ['violation-handling', 'low: warning', 19, 0],
      ['violation-handling', 'medium: restriction that ends by itself', 22, 0],
      ['violation-handling', 'high: manager confirms, suspension ends by itself', 24, 0],
      ['violation-handling', 'critical: interim suspension, manager confirms the ban', 25, 0],
      ['weekly-partner-report', 'scheduled run, 3 partners due', 24, 0],
    ]);
    for (const m of measurements) {
      const name = `${m.path.workflow}: ${m.path.name}`;
      expect(m.usage.lambda.invocations, name).toBeGreaterThan(0);
      expect(m.lines.transitions, name).toBeGreaterThan(m.lines.lambdaRequests + m.lines.lambdaDuration);
    }
    const byName = new Map(measurements.map((m) => [m.path.name, m]));
    // The refresh cycle's Lambdas: its refresh and the next cycle's planning, nothing from other cycles.
    expect(byName.get('refresh cycle (each further week)')?.usage.lambda.invocations).toBe(2);
    expect(byName.get('scheduled run, 3 partners due')?.usage.emails).toBe(3);
    const savings = (name: string) =>
      byName
        .get(name)
        ?.perStep.savings.map((saving) => saving.what)
        .join(' / ') ?? '';
    expect(savings('refresh cycle (each further week)')).toMatch(
      /ContinueRefreshCycle \(states:startExecution\).*WaitUntilRefreshDue wait in Wait states.*144 polls/,
    );
    expect(savings('launch to 2 creators, run to its end')).toContain('InviteCreators (Map)');
    expect(savings('low: warning')).toContain('OpenAppealWindow wait on a task token');
    const section = costSection(measurements, 1);
    expect(section.targets.every((target) => target.met)).toBe(true);
    for (const workflow of new Set(paths.map((path) => path.workflow))) {
      expect(section.body).toContain(`### ${workflow}`);
    }
    expect(section.body).toContain(
      '| weekly-partner-report: scheduled run, 3 partners due | 3 | partner report |',
    );
  }, 120_000);

  it('reads weekly counters of growing weeks and of many partners', async () => {
    const figures = await measureReportScaling(QUICK.reports);

    // Every target (the counters, the whole report build) reads each seeded week.
    expect(new Set(figures.weeks.map((week) => `${week.events}:${week.seeded}`))).toEqual(
      new Set(['50:recorded', '200:stored shape']),
    );
    expect(figures.weeks.length % 2).toBe(0);
    const creators = QUICK.reports.creatorsPerWeek;
    for (const week of figures.weeks) {
      expect(week.readUnits).toBeGreaterThan(0);
      // 7 days × 4 shards of sums; the whole report also reads its creators (this week's, last week's top
      // ones, their profiles) and its stored report item.
      expect(week.itemsRead).toBeLessThanOrEqual(
        week.target.startsWith('weekly report') ? 28 + 3 * creators + 1 : 28,
      );
    }
    const [counters, run] = figures.fleet;
    expect(counters?.partners).toBe(QUICK.reports.partners);
    expect(run?.run?.reportsSent).toBe(QUICK.reports.partners);
    expect(run?.run?.transitions).toBeGreaterThan(QUICK.reports.partners);
    expect(run?.writeUnits).toBeGreaterThan(0);
    expect(reportScalingSection(figures, QUICK.reports).body).toContain('items read');
  }, 60_000);

  it('counts end-to-end onboardings per minute through the API and through the SDK', async () => {
    const figures = await measureEngine(QUICK.engine);

    expect(figures).toHaveLength(2);
    for (const figure of figures) expect(figure.perMinute).toBeGreaterThan(0);
    expect(engineSection(figures, QUICK.engine).body).toContain('onboardings per minute');
  }, 60_000);
});
