import { SendRawEmailCommand } from '@aws-sdk/client-ses';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { executionArnFor, statePath } from '#test/support/executions.ts';
import {
  api,
  type CapturedEmail,
  createApiKey,
  createPartner,
  sentEmails,
  startTestRuntime,
  type TestRuntime,
  waitForExecution,
} from '#test/support/runtime.ts';

const SWEEP = 'weekly-report-sweep';
const FAILED_ITERATION = [
  'ClaimReportWeek',
  'WasWeekClaimed',
  'BuildReport',
  'SendReport',
  'RecordReportFailure',
  'ReportFailed',
];

let runtime: TestRuntime;
let ledger: typeof import('#functions/reports/data/ledger.ts');
let ses: typeof import('#lib/clients/ses.ts').ses;
let dynamodb: typeof import('#lib/clients/dynamodb.ts').dynamodb;

beforeAll(async () => {
  runtime = await startTestRuntime({ time: { timeScale: 0.001 } });
  ledger = await import('#functions/reports/data/ledger.ts');
  ses = (await import('#lib/clients/ses.ts')).ses;
  dynamodb = (await import('#lib/clients/dynamodb.ts')).dynamodb;
});
afterAll(() => runtime?.close());
afterEach(() => {
  vi.restoreAllMocks();
});

async function finishedRun(executionArn: string) {
  const execution = await waitForExecution(runtime, executionArn, 30_000);
  return {
    execution,
    output: JSON.parse(execution.output ?? '{}'),
    path: await statePath(runtime, executionArn),
  };
}

/** Emails to one address, optionally only those of one ISO week (a retry run at real time may be due elsewhere). */
const emailsTo = async (address: string, week?: string): Promise<CapturedEmail[]> =>
  (await sentEmails(runtime)).filter(
    (email) => email.destination.to.includes(address) && (week === undefined || email.subject.endsWith(week)),
  );

type Send = (command: unknown) => Promise<unknown>;

/** Makes SES throttle every raw email to `address` (what SES answers over its sending rate). */
function throttleSesFor(address: string) {
  const send = ses.send.bind(ses) as Send;
  return vi.spyOn(ses, 'send').mockImplementation((async (command: unknown) => {
    if (command instanceof SendRawEmailCommand && command.input.Destinations?.includes(address)) {
      throw Object.assign(new Error('Maximum sending rate exceeded.'), {
        name: 'Throttling',
        $metadata: { httpStatusCode: 400 },
      });
    }
    return send(command);
  }) as never);
}

/** Makes DynamoDB fail every update whose expression starts with `prefix` (a ledger write), not the others. */
function failLedgerUpdate(prefix: string, times = Number.POSITIVE_INFINITY, name = 'InternalServerError') {
  const send = dynamodb.send.bind(dynamodb) as Send;
  let failures = 0;
  return vi.spyOn(dynamodb, 'send').mockImplementation((async (command: unknown) => {
    if (
      command instanceof UpdateCommand &&
      (command.input.UpdateExpression ?? '').startsWith(prefix) &&
      failures < times
    ) {
      failures += 1;
      throw Object.assign(new Error(`${name} (injected)`), {
        name,
        $metadata: { httpStatusCode: name === 'InternalServerError' ? 500 : 400 },
      });
    }
    return send(command);
  }) as never);
}

describe("one partner's SES failure", () => {
  it('does not stop the other partners: it is retried, recorded with a later attempt, and the run fails (alarm)', async () => {
    // Arrange: two partners due in the same slot (Monday 08:00 in Tokyo is Sunday 23:00 UTC).
    const failing = await createPartner(runtime, { timezone: 'Asia/Tokyo' });
    const healthy = await createPartner(runtime, { timezone: 'Asia/Tokyo' });
    const failingManager = failing.managerEmails[0] ?? '';
    const spy = throttleSesFor(failingManager);

    // Act
    const executionArn = await runtime.triggerSchedule(SWEEP, new Date('2025-11-02T23:00:00Z'));
    const run = await finishedRun(executionArn);
    const record = await ledger.getReportRecord(failing.partnerId, '2025-W44');

    // Assert
    expect(run.execution.status).toBe('FAILED');
    expect(run.execution.error).toBe('PartnerFlow.ReportsFailed');
    expect(await emailsTo(healthy.managerEmails[0] ?? '')).toHaveLength(1);
    expect(await emailsTo(failingManager)).toHaveLength(0);
    const rawSendsToFailing = spy.mock.calls.filter(
      ([command]) =>
        command instanceof SendRawEmailCommand && command.input.Destinations?.includes(failingManager),
    );
    // The first attempt and SendReport's 6 retries.
    expect(rawSendsToFailing).toHaveLength(7);
    expect(run.path).toEqual(expect.arrayContaining([...FAILED_ITERATION, 'ReportSent', 'ReportsFailed']));
    expect(record).toMatchObject({
      status: 'FAILED',
      sendCount: 0,
      lastError: { code: 'PartnerFlow.Transient' },
    });
    expect(Date.parse(record?.nextAttemptAt ?? '')).toBeGreaterThan(Date.now());
    expect((await ledger.getReportRecord(healthy.partnerId, '2025-W44'))?.status).toBe('SENT');

    // Act: SES is back, and a later run of the sweep reaches the retry's time.
    spy.mockRestore();
    const retry = await finishedRun(
      await runtime.triggerSchedule(SWEEP, new Date(Date.parse(record?.nextAttemptAt ?? '') + 60_000)),
    );

    // Assert: the report was not lost.
    expect(retry.output.sent).toContainEqual({
      partnerId: failing.partnerId,
      week: '2025-W44',
      status: 'SENT',
    });
    expect(await emailsTo(failingManager, '2025-W44')).toHaveLength(1);
    expect(await emailsTo(healthy.managerEmails[0] ?? '', '2025-W44')).toHaveLength(1);
  });

  it('still ends the iteration (and fails the run) when the failure cannot even be recorded', async () => {
    // Arrange
    const partner = await createPartner(runtime, { timezone: 'Asia/Seoul' });
    const managerKey = await createApiKey(runtime, { role: 'manager', partnerId: partner.partnerId });
    throttleSesFor(partner.managerEmails[0] ?? '');
    failLedgerUpdate('SET #status = :status, lastError');

    // Act
    const answer = await api(runtime, managerKey).post<{ executionId: string }>('/v1/reports/weekly', {
      week: '2025-W30',
    });
    const run = await finishedRun(executionArnFor('weekly-partner-report', answer.body.executionId));

    // Assert
    expect(run.execution.status).toBe('FAILED');
    expect(run.path).toEqual([
      'ListReportsDue',
      'AnyReportsDue',
      'SendEachReport',
      ...FAILED_ITERATION.slice(0, -1),
      'ReportFailureNotRecorded',
      'SummarizeReportRun',
      'AnyReportFailed',
      'ReportsFailed',
    ]);
  });
});

describe('a report sent but not marked at first', () => {
  it('is marked by the failure step instead, and counts as sent', async () => {
    // Arrange: the SENT update fails once with an error no retry can help with, then works.
    const partner = await createPartner(runtime, { timezone: 'Asia/Seoul' });
    const managerKey = await createApiKey(runtime, { role: 'manager', partnerId: partner.partnerId });
    failLedgerUpdate('SET #status = :sent', 1, 'ValidationException');

    // Act
    const answer = await api(runtime, managerKey).post<{ executionId: string }>('/v1/reports/weekly', {
      week: '2025-W31',
    });
    const run = await finishedRun(executionArnFor('weekly-partner-report', answer.body.executionId));

    // Assert
    expect(run.execution.status).toBe('SUCCEEDED');
    expect(run.path).toEqual(
      expect.arrayContaining(['MarkReportSent', 'RecordReportFailure', 'ReportFailed', 'ReportsDone']),
    );
    expect(run.output.sent).toEqual([
      { partnerId: partner.partnerId, week: '2025-W31', status: 'SENT', reason: 'MARKED_AFTER_RETRY' },
    ]);
    expect(await ledger.getReportRecord(partner.partnerId, '2025-W31')).toMatchObject({
      status: 'SENT',
      sendCount: 1,
    });
    expect(await emailsTo(partner.managerEmails[0] ?? '')).toHaveLength(1);
  });
});

describe('POST /v1/reports/weekly with an Idempotency-Key', () => {
  it('answers a retried request with the first answer and starts one run', async () => {
    // Arrange
    const partner = await createPartner(runtime, { timezone: 'Europe/Paris' });
    const managerKey = await createApiKey(runtime, { role: 'manager', partnerId: partner.partnerId });
    const headers = { 'idempotency-key': `weekly-${partner.partnerId}` };

    // Act
    const first = await api(runtime, managerKey).post<{ executionId: string }>(
      '/v1/reports/weekly',
      { week: '2025-W21' },
      headers,
    );
    const retried = await api(runtime, managerKey).post<{ executionId: string }>(
      '/v1/reports/weekly',
      { week: '2025-W21' },
      headers,
    );
    await finishedRun(executionArnFor('weekly-partner-report', first.body.executionId));

    // Assert
    expect(first.status).toBe(202);
    expect(retried.status).toBe(202);
    expect(retried.body.executionId).toBe(first.body.executionId);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(await emailsTo(partner.managerEmails[0] ?? '')).toHaveLength(1);
  });
});

describe('POST /v1/reports/weekly for ops', () => {
  it('covers every partner for the last week ended everywhere, and leaves out those already sent', async () => {
    // Arrange
    const opsKey = await createApiKey(runtime, { role: 'ops' });
    const partner = await createPartner(runtime, { timezone: 'Europe/Lisbon' });

    // Act
    const first = await api(runtime, opsKey).post<{ executionId: string; partners: string[]; week: string }>(
      '/v1/reports/weekly',
      { partnerId: partner.partnerId, week: '2025-W20' },
    );
    await finishedRun(executionArnFor('weekly-partner-report', first.body.executionId));
    const second = await api(runtime, opsKey).post<{
      executionId: string;
      partners: string[];
      skipped: { partnerId: string }[];
    }>('/v1/reports/weekly', { week: '2025-W20' });
    await finishedRun(executionArnFor('weekly-partner-report', second.body.executionId));
    const future = await api(runtime, opsKey).post('/v1/reports/weekly', { week: '2099-W01' });
    const invalid = await api(runtime, opsKey).post('/v1/reports/weekly', { week: '2025-W54' });

    // Assert
    expect(first.status).toBe(202);
    expect(first.body.partners).toEqual([partner.partnerId]);
    expect(second.status).toBe(202);
    expect(second.body.skipped).toContainEqual({ partnerId: partner.partnerId, reason: 'ALREADY_SENT' });
    expect(second.body.partners).not.toContain(partner.partnerId);
    expect(future.status).toBe(422);
    expect(invalid.status).toBe(400);
  });
});
