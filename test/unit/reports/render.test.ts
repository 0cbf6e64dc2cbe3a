import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildWeeklyReport } from '#functions/reports/domain/figures.ts';
import { barPercent } from '#functions/reports/render/chart.ts';
import { creatorTable, neutralizeFormula, renderCreatorCsv, toCsv } from '#functions/reports/render/csv.ts';
import { formatChange, formatMoney } from '#functions/reports/render/format.ts';
import { renderReportHtml } from '#functions/reports/render/html.ts';
import { renderReportEmail } from '#functions/reports/render/message.ts';
import { renderReportText } from '#functions/reports/render/text.ts';
import { composeRawEmail } from '#lib/email/raw.ts';
import { sampleReportInputs } from '#test/support/report-fixtures.ts';

const report = buildWeeklyReport(sampleReportInputs());

describe('the HTML report', () => {
  const html = renderReportHtml(report.figures);

  it('escapes every user-supplied name', () => {
    // Assert
    expect(html).toContain('Acme &lt;Agency&gt; &amp; &quot;Sons&quot;');
    expect(html).toContain('Siti &lt;b&gt;Rahma&lt;/b&gt;');
    expect(html).toContain('@late&lt;script&gt;');
    expect(html).not.toContain('<Agency>');
    expect(html).not.toContain('<b>Rahma');
    expect(html).not.toContain('<script>');
  });

  it('uses table layout and inline styles only: no style sheet, no remote image, no SVG, no script', () => {
    // Assert
    expect(html).not.toMatch(/<style|<link|<img|<svg|<script|<div[^>]*class=|https?:\/\//i);
    expect(html).toMatch(/<table role="presentation"/);
  });

  it('draws the 8-week chart as table cells sized in percent', () => {
    // Assert: the best week is the full width, and every week has a row.
    expect(html).toContain('<td width="100%" style="background:#2563eb');
    expect(html.match(/Nov|Oct|Sep/g)?.length).toBeGreaterThanOrEqual(8);
    expect(barPercent(0, 10)).toBe(0);
    expect(barPercent(1, 1000)).toBe(2);
    expect(barPercent(10, 10)).toBe(100);
  });

  it('shows the headline numbers the figures hold', () => {
    // Assert
    expect(html).toContain(formatMoney(4_860_000, 'USD'));
    expect(html).toContain(
      formatChange(report.figures.headline.gmv[0] ?? report.figures.headline.affiliateOrders, 'USD'),
    );
    expect(html).toContain('77.8%');
  });

  it('is a short quiet-week note when nothing happened', () => {
    // Arrange
    const quiet = buildWeeklyReport(
      sampleReportInputs({ weeklyCounters: {}, creators: [], previousCreators: [] }),
    );

    // Act
    const quietHtml = renderReportHtml(quiet.figures);

    // Assert
    expect(quietHtml).toContain('A quiet week.');
    expect(quietHtml).not.toContain('Top creators by GMV');
    expect(quietHtml.length).toBeLessThan(html.length / 2);
  });
});

describe('the text report', () => {
  it('holds the same figures in aligned columns', () => {
    // Act
    const text = renderReportText(report.figures);

    // Assert
    expect(text).toContain('Weekly report — Acme <Agency> & "Sons" — 2026-W45');
    expect(text).toMatch(/Creators onboarded\s+14\s+13\s+\+1 \(\+7\.7%\)/);
    expect(text).toMatch(/Approval rate\s+77\.8%\s+76\.5%\s+\+1\.3 pts/);
    expect(text).toContain('@creator.0');
  });
});

describe('the CSV attachment', () => {
  it('parses back to the same rows, quotes and all', () => {
    // Arrange
    const table = creatorTable(report.creatorRows);

    // Act
    const parsed: string[][] = parse(renderCreatorCsv(report.creatorRows), { bom: true });

    // Assert
    expect(parsed).toEqual(table);
    expect(parsed).toHaveLength(16);
    expect(parsed[0]).toEqual([
      'creator_id',
      'handle',
      'display_name',
      'tier',
      'status',
      'onboarded_this_week',
      'orders',
      'gmv_IDR',
      'commission_IDR',
      'gmv_USD',
      'commission_USD',
    ]);
    expect(parsed.find((row) => row[0] === 'cr_01')?.[2]).toBe('Budi "BB" Santoso');
    expect(parsed.find((row) => row[0] === 'cr_00')?.slice(-2)).toEqual(['4800.00', '480.00']);
  });

  it('neutralizes cells a spreadsheet would run as a formula', () => {
    // Act / Assert
    expect(neutralizeFormula('=cmd|calc')).toBe("'=cmd|calc");
    expect(neutralizeFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralizeFormula('Dewi')).toBe('Dewi');
    expect(creatorTable(report.creatorRows).find((row) => row[0] === 'cr_02')?.[2]).toBe("'=cmd|calc");
  });

  it('writes RFC 4180: CRLF line ends, doubled quotes, quoted line breaks', () => {
    // Act / Assert
    expect(
      toCsv([
        ['a', 'b,c'],
        ['say "hi"', 'two\nlines'],
      ]),
    ).toBe('a,"b,c"\r\n"say ""hi""","two\nlines"\r\n');
  });
});

describe('the email', () => {
  it('is a MIME message built by the library: encoded subject, text and HTML alternatives, the CSV attached', async () => {
    // Arrange
    const message = renderReportEmail(report, ['ana@acme.example', 'budi@acme.example']);

    // Act
    const raw = (await composeRawEmail(message, 'no-reply@partnerflow.local')).toString('utf8');

    // Assert
    expect(message.subject).toBe('PartnerFlow weekly report — Acme <Agency> & "Sons" — 2026-W45');
    expect(raw).toMatch(/^Subject: =\?UTF-8\?Q\?PartnerFlow_weekly_report_=E2=80=94_Acme/m);
    expect(raw).toContain('To: ana@acme.example, budi@acme.example');
    expect(raw).toMatch(/Content-Type: multipart\/mixed;/);
    expect(raw).toMatch(/Content-Type: multipart\/alternative;/);
    expect(raw).toMatch(/Content-Type: text\/plain; charset=utf-8/);
    expect(raw).toMatch(/Content-Type: text\/html; charset=utf-8/);
    expect(raw).toMatch(
      /Content-Type: text\/csv; charset=utf-8;\s+name=partnerflow-acme-2026-W45-creators\.csv/,
    );
    expect(raw).toMatch(
      /Content-Disposition: attachment;\s+filename=partnerflow-acme-2026-W45-creators\.csv/,
    );
    expect(raw).toMatch(/^X-PartnerFlow-Report: acme\/2026-W45/im);
  });
});
