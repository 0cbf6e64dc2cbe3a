/**
 * Renders a sample weekly report (test/support/report-fixtures.ts: a busy week, names with markup, two
 * currencies) and takes a headless Chromium screenshot of its HTML, as a mail client would show it:
 *
 *   node --import tsx scripts/screenshot-weekly-report.ts [out.png]     # default docs/weekly-report.png
 *
 * Needs Debian's chromium (`apt-get update && apt-get install -y chromium`; PARTNERFLOW_CHROMIUM overrides the
 * path). Not part of `npm test`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { buildWeeklyReport } from '#functions/reports/domain/figures.ts';
import { renderReportHtml } from '#functions/reports/render/html.ts';
import { sampleReportInputs } from '#test/support/report-fixtures.ts';

const CHROMIUM = process.env.PARTNERFLOW_CHROMIUM ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium floods the closed network with refused connections.
const FLAGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const out = resolve(process.argv[2] ?? 'docs/weekly-report.png');

if (!existsSync(CHROMIUM)) {
  process.stderr.write(`Chromium is not at ${CHROMIUM}: apt-get update && apt-get install -y chromium\n`);
  process.exit(1);
}
const html = renderReportHtml(buildWeeklyReport(sampleReportInputs()).figures);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  chromiumSandbox: false,
  args: FLAGS,
});
try {
  // About the width of a mail client's reading pane; JavaScript off, as in a mail client.
  const context = await browser.newContext({
    viewport: { width: 720, height: 900 },
    javaScriptEnabled: false,
  });
  const page = await context.newPage();
  await page.setContent(html, { waitUntil: 'load' });
  await page.screenshot({ path: out, fullPage: true });
  process.stdout.write(`Wrote ${out}\n`);
} finally {
  await browser.close();
}
