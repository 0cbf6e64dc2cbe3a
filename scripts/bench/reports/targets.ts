/**
 * What the report-scaling bench measures for one partner's week: the pre-aggregated weekly counters alone, and
 * the whole report build (8 weeks of counters, the week's creators, reviews; HTML, text and CSV) without the
 * email. The bench times each and meters its DynamoDB units at every week size; the 1,000-partner figures come
 * from a real scheduled run of the workflow instead (scripts/bench/reports/suite.ts).
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
    // `itemsRead` is what the build read.
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
