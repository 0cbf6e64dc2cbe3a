import { describe, expect, it } from 'vitest';
import { isIanaTimeZone, partnerProblems } from '#cli/admin.ts';

const valid = {
  partnerId: 'acme',
  name: 'Acme',
  managerEmails: ['ana@acme.example'],
  timezone: 'Asia/Jakarta',
};

describe('partnerProblems', () => {
  it('finds nothing wrong with a valid partner', () => {
    // Act / Assert
    expect(partnerProblems(valid)).toEqual([]);
  });

  it.each(['ab', 'a'.repeat(41), 'has space', 'slash/id', 'ünïcode'])('rejects the id %j', (partnerId) => {
    // Act / Assert
    expect(partnerProblems({ ...valid, partnerId }).map((problem) => problem.path)).toEqual(['id']);
  });

  it('reports each invalid manager email', () => {
    // Act
    const problems = partnerProblems({ ...valid, managerEmails: ['ok@acme.example', 'nope', 'a@b'] });

    // Assert
    expect(problems.map((problem) => problem.issue)).toEqual([
      "'nope' is not a valid email address",
      "'a@b' is not a valid email address",
    ]);
  });
});

describe('isIanaTimeZone', () => {
  it.each(['Asia/Jakarta', 'America/New_York', 'UTC', 'America/Argentina/Buenos_Aires'])(
    'accepts %s',
    (zone) => {
      // Act / Assert
      expect(isIanaTimeZone(zone)).toBe(true);
    },
  );

  it.each(['Mars/Olympus', '', 'Asia/Jakarta; rm -rf', '+07:00'])('rejects %j', (zone) => {
    // Act / Assert
    expect(isIanaTimeZone(zone)).toBe(false);
  });
});
