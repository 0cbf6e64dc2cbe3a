import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScheduleSpec } from '#catalog/types.ts';
import { nextScheduledRun, scheduledInput, startScheduler, toCronerPattern } from '#local/scheduler.ts';

describe('toCronerPattern', () => {
  it.each([
    ['0 8 ? * MON *', '0 8 * * MON'],
    ['15 10 ? * 2 *', '15 10 * * 1'],
    ['0 9 ? * 1-7 *', '0 9 * * 0-6'],
    ['0 9 ? * MON-FRI *', '0 9 * * MON-FRI'],
    ['0 9 ? * 2,4,6 *', '0 9 * * 1,3,5'],
    ['0 12 ? * 6#3 *', '0 12 * * 5#3'],
    ['0 12 ? * 6L *', '0 12 * * 5#L'],
    ['0/15 * * * ? *', '0/15 * * * *'],
    ['0 0 L * ? *', '0 0 L * *'],
    ['30 6 1 JAN,JUL ? *', '30 6 1 JAN,JUL *'],
  ])('converts the EventBridge expression %s to %s', (eventBridge, croner) => {
    // Act
    const pattern = toCronerPattern(eventBridge);

    // Assert
    expect(pattern).toBe(croner);
  });

  it.each([
    ['0 8 ? * MON', /6 fields/],
    ['0 8 ? * MON 2027', /year/],
    ['0 8 15W * ? *', /nearest weekday/],
    ['0 8 1 * MON *', /must be '\?'/],
    ['0 8 ? * 8 *', /1-7 or SUN-SAT/],
  ])('rejects %s with a message that says why', (eventBridge, reason) => {
    // Act / Assert
    expect(() => toCronerPattern(eventBridge)).toThrow(reason);
  });
});

describe('nextScheduledRun', () => {
  const weeklyReport = { cron: '0 8 ? * MON *', timezone: 'America/New_York' };

  it('fires at 08:00 New York time on Mondays in daylight saving time (UTC-4)', () => {
    // Arrange
    const wednesdayInOctober = new Date('2026-10-21T15:00:00Z');

    // Act
    const next = nextScheduledRun(weeklyReport, wednesdayInOctober);

    // Assert
    expect(next?.toISOString()).toBe('2026-10-26T12:00:00.000Z');
  });

  it('keeps 08:00 local time across the November DST change (UTC-5 afterwards)', () => {
    // Arrange: DST ends on Sunday 2026-11-01, between these two Mondays.
    const justAfterTheLastDaylightMonday = new Date('2026-10-26T12:00:00Z');

    // Act
    const next = nextScheduledRun(weeklyReport, justAfterTheLastDaylightMonday);

    // Assert
    expect(next?.toISOString()).toBe('2026-11-02T13:00:00.000Z');
  });

  it('follows each partner time zone, e.g. Jakarta (UTC+7, no DST)', () => {
    // Arrange
    const sundayNightUtc = new Date('2026-11-01T23:00:00Z');

    // Act
    const next = nextScheduledRun({ cron: '0 8 ? * MON *', timezone: 'Asia/Jakarta' }, sundayNightUtc);

    // Assert: Monday 08:00 in Jakarta is 01:00 UTC the same Monday.
    expect(next?.toISOString()).toBe('2026-11-02T01:00:00.000Z');
  });

  it('rejects an unknown time zone', () => {
    // Act / Assert
    expect(() => nextScheduledRun({ cron: '0 8 ? * MON *', timezone: 'Mars/Olympus' }, new Date())).toThrow();
  });
});

describe('scheduledInput', () => {
  it("adds the due time to the schedule's own input", () => {
    // Arrange
    const schedule: ScheduleSpec = {
      id: 'weekly-report-new-york',
      description: 'test',
      cron: '0 8 ? * MON *',
      timezone: 'America/New_York',
      target: { workflow: 'weekly-partner-report', input: { timezone: 'America/New_York' } },
    };

    // Act
    const input = scheduledInput(schedule, new Date('2026-11-02T13:00:00Z'));

    // Assert
    expect(input).toEqual({ timezone: 'America/New_York', scheduledTime: '2026-11-02T13:00:00.000Z' });
  });
});

describe('startScheduler', () => {
  const schedule: ScheduleSpec = {
    id: 'weekly-report-jakarta',
    description: 'test',
    cron: '0 8 ? * MON *',
    timezone: 'Asia/Jakarta',
    target: { workflow: 'weekly-partner-report', input: { timezone: 'Asia/Jakarta' } },
  };
  const sfn = mockClient(SFNClient);
  const reportArn = 'arn:aws:states:us-east-1:000000000000:stateMachine:partnerflow-weekly-partner-report';

  beforeEach(() => {
    sfn.reset();
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${reportArn}:run-1`, startDate: new Date() });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("starts the schedule's workflow on demand with its input and the due time", async () => {
    // Arrange
    const scheduler = startScheduler({
      schedules: [schedule],
      client: new SFNClient({}),
      armed: false,
      log: () => {},
    });

    // Act
    const executionArn = await scheduler.triggerSchedule(schedule.id, new Date('2026-11-02T01:00:00Z'));

    // Assert
    expect(executionArn).toBe(`${reportArn}:run-1`);
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toEqual({
      stateMachineArn: reportArn,
      input: JSON.stringify({ timezone: 'Asia/Jakarta', scheduledTime: '2026-11-02T01:00:00.000Z' }),
    });
    scheduler.close();
  });

  it('fires an armed timer at the due minute', async () => {
    // Arrange: a schedule due every minute, 30 s before the next one.
    vi.useFakeTimers({ now: new Date('2026-11-01T17:59:30Z') });
    const everyMinute: ScheduleSpec = { ...schedule, id: 'every-minute', cron: '* * ? * * *' };
    const lines: string[] = [];
    const scheduler = startScheduler({
      schedules: [everyMinute],
      client: new SFNClient({}),
      armed: true,
      log: (line) => lines.push(line),
    });

    // Act
    await vi.advanceTimersByTimeAsync(31_000);
    scheduler.close();

    // Assert
    const calls = sfn.commandCalls(StartExecutionCommand);
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0]?.args[0].input.input ?? '{}')).toMatchObject({
      scheduledTime: '2026-11-01T18:00:00.000Z',
    });
    expect(lines).toEqual([`Schedule every-minute started ${reportArn}:run-1`]);
  });

  it('refuses to start with a schedule it cannot run, naming it', () => {
    // Act / Assert
    expect(() =>
      startScheduler({
        schedules: [{ ...schedule, cron: '0 8 ? * MON 2027' }],
        client: new SFNClient({}),
        armed: false,
        log: () => {},
      }),
    ).toThrow(/^Schedule 'weekly-report-jakarta': .*year/);
  });

  it('rejects an unknown schedule id', async () => {
    // Arrange
    const scheduler = startScheduler({
      schedules: [schedule],
      client: new SFNClient({}),
      armed: false,
      log: () => {},
    });

    // Act / Assert
    await expect(scheduler.triggerSchedule('nope', new Date())).rejects.toThrow("No schedule 'nope'");
  });
});
