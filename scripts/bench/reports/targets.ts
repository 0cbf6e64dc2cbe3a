/**
 * What the report-scaling bench measures for one partner's week. Today: the pre-aggregated weekly counters.
 *
 * HOOK for the weekly partner report (issue 7): when the report workflow lands, add an entry here that runs the
 * whole report for one partner and week (read the counters and lists, render HTML + text + CSV) without sending
 * the email, e.g. `{ name: 'weekly report run', measureOnePartner: (partnerId, week) => buildWeeklyReport(...) }`.
 * The bench then times it and meters its DynamoDB units at every scale, and in the 1,000-partner run.
 */
export interface ReportScalingTarget {
  readonly name: string;
  /** Does the per-partner work once; loaded lazily, after the runtime has set the table and endpoints. */
  measureOnePartner(partnerId: string, isoWeek: string): Promise<unknown>;
}

export const REPORT_SCALING_TARGETS: readonly ReportScalingTarget[] = [
  {
    name: 'weekly counters (readWeeklyCounters)',
    measureOnePartner: async (partnerId, isoWeek) => {
      const { readWeeklyCounters } = await import('#lib/metrics/weekly-counters.ts');
      return readWeeklyCounters(partnerId, isoWeek);
    },
  },
  {
    // Issue 7: the whole report for one partner and week (8 weeks of counters, creators, reviews; HTML, text and
    // CSV), without the email; `itemsRead` is what the build read.
    name: 'weekly report build and render (no email)',
    measureOnePartner: async (partnerId, isoWeek) => {
      const [{ loadWeeklyReport }, { renderReportEmail }] = await Promise.all([
        import('#functions/reports/data/report-inputs.ts'),
        import('#functions/reports/render/message.ts'),
      ]);
      const at = '2026-01-01T00:00:00.000Z';
      const partner = {
        partnerId,
        name: partnerId,
        timezone: 'UTC',
        managerEmails: [],
        settings: {},
        createdAt: at,
        updatedAt: at,
      };
      const { report, itemsRead } = await loadWeeklyReport(partner, isoWeek, new Date());
      renderReportEmail(report, ['manager@example.com']);
      return { itemsRead };
    },
  },
];
