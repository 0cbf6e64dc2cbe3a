import { describe, expect, it } from 'vitest';
import { auditVerdict } from '#scripts/security/audit-verdict.ts';

const report = (counts: Record<string, number>, vulnerabilities: Record<string, unknown> = {}) =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities,
    metadata: {
      vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...counts },
      dependencies: { prod: 120, dev: 0, total: 120 },
    },
  });

describe('npm audit verdict (CI step audit:prod)', () => {
  it('passes a report without high or critical advisories', () => {
    // Act
    const verdict = auditVerdict(report({ low: 2, moderate: 1 }));

    // Assert
    expect(verdict).toEqual({
      kind: 'clean',
      counts: { info: 0, low: 2, moderate: 1, high: 0, critical: 0 },
    });
  });

  it('fails on a high or critical advisory and names the package and the advisory', () => {
    // Arrange
    const stdout = report(
      { high: 1, critical: 1, low: 1 },
      {
        'fast-xml-parser': {
          severity: 'critical',
          via: [{ title: 'Prototype pollution', url: 'https://advisories.example/1' }],
        },
        'some-lib': { severity: 'high', via: ['fast-xml-parser'] },
        'harmless-lib': { severity: 'low', via: [{ title: 'ReDoS in a dev path' }] },
      },
    );

    // Act
    const verdict = auditVerdict(stdout);

    // Assert
    expect(verdict).toMatchObject({
      kind: 'findings',
      packages: ['fast-xml-parser (critical): Prototype pollution', 'some-lib (high)'],
    });
  });

  it('reports a refused audit request as unavailable, not as a finding or a clean audit', () => {
    // Arrange: what npm prints when the registry refuses the bulk advisory endpoint.
    const refused = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.invalid/-/npm/v1/security/advisories/bulk',
      method: 'POST',
      statusCode: 405,
      error: { summary: '', detail: '' },
    });

    // Act
    const verdicts = [auditVerdict(refused), auditVerdict(''), auditVerdict('npm ERR! network ETIMEDOUT')];

    // Assert
    expect(verdicts).toEqual([
      { kind: 'unavailable', reason: '405 Method Not Allowed' },
      { kind: 'unavailable', reason: 'npm audit printed no report' },
      { kind: 'unavailable', reason: 'npm audit printed no report' },
    ]);
  });
});
