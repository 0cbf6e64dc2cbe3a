// `npm run audit:prod` (run by .ci/run before the tests): production dependencies with no high or critical advisory.
import { spawnSync } from 'node:child_process';
import { auditVerdict } from '#scripts/security/audit-verdict.ts';

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', timeout: 120_000 });
const verdict = auditVerdict(run.stdout ?? '');
const summary = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([severity, count]) => `${count} ${severity}`)
    .join(', ');

switch (verdict.kind) {
  case 'clean':
    console.log(
      `npm audit (production dependencies): no high or critical advisory (${summary(verdict.counts)}).`,
    );
    break;
  case 'findings':
    console.error(
      `npm audit (production dependencies): ${verdict.counts.high} high and ${verdict.counts.critical} critical advisories:`,
    );
    for (const line of verdict.packages) console.error(`  - ${line}`);
    console.error(
      'Upgrade or replace these packages (npm audit fix --omit=dev shows how), then run CI again.',
    );
    process.exitCode = 1;
    break;
  case 'unavailable':
    // Not a finding: the registry (or the network) refused the audit request, so there is nothing to judge.
    console.log(
      `npm audit NOT checked: the registry did not answer the audit request (${verdict.reason}). ` +
        'Production dependencies were not checked for advisories in this run; CI goes on.',
    );
    break;
}
