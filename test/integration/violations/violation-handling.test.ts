/**
 * Violation handling through the local runtime: each severity's path, escalation by repeat count up to the ban,
 * duplicate reports, appeals upheld and overturned, the API's answers and one violation's audit trail. Waits
 * here are real-length (scaled by 0.001): reviews and appeals are decided through the API long before they time
 * out, and restrictions do not end during a test (violation-timers.test.ts shortens those). Every test has subjects
 * of its own, so they run concurrently.
 */
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStateMachineArn } from '#catalog/naming.ts';
import { executionArnFor } from '#test/support/executions.ts';
import {
  api,
  createApiKey,
  createPartner,
  pollUntil,
  sentEmails,
  startTestRuntime,
  type TestRuntime,
  waitForExecution,
} from '#test/support/runtime.ts';
import {
  appealReviewId,
  decide,
  pathOf,
  pendingReviewOf,
  reachState,
  report,
  reportBody,
  seedCreator,
  seedSeller,
  subjectOf,
  type ViolationAnswer,
  violationOf,
  violationReviewId,
} from '#test/support/violations.ts';

const DECIDED = ['RecordViolation', 'IsDuplicateReport', 'CountStrikes', 'DecideAction', 'RouteBySeverity'];
const ENFORCED = ['ConfirmViolation', 'EnforceAction', 'PauseSubjectCampaigns', 'AfterEnforcement'];
const NOTIFIED = ['NotifySubject', 'IsAppealable', 'AwaitAppealAndEnforcementEnd'];
const INTERIM = ['EnforceAction', 'PauseSubjectCampaigns', 'AfterEnforcement', 'NotifyInterimSuspension'];

let runtime: TestRuntime;
let partnerId: string;
let partnerKey: string;
let managerKey: string;
let otherKey: string;

beforeAll(async () => {
  runtime = await startTestRuntime({ time: { timeScale: 0.001 } });
  const partner = await createPartner(runtime, { name: 'Acme <Agency>' });
  partnerId = partner.partnerId;
  partnerKey = await createApiKey(runtime, { role: 'partner', partnerId });
  managerKey = await createApiKey(runtime, { role: 'manager', partnerId });
  const other = await createPartner(runtime);
  otherKey = await createApiKey(runtime, { role: 'partner', partnerId: other.partnerId });
});
afterAll(() => runtime?.close());

const creatorSubject = async () => ({
  type: 'creator' as const,
  id: (await seedCreator(partnerId)).creatorId,
});

/** Reports, then waits until the execution enters `state`; answers the report and the path so far. */
async function reportAndReach(
  subject: { type: 'creator' | 'seller'; id: string },
  severity: 'low' | 'medium' | 'high' | 'critical',
  state: string,
) {
  const answer = await report(runtime, partnerKey, { subject, severity });
  const path = await reachState(runtime, answer.executionId, state);
  return { answer, path };
}

async function emailsTo(address: string) {
  return (await sentEmails(runtime)).filter((email) => email.destination.to.includes(address));
}

async function historyOf(handle: string) {
  const { listHandleViolations } = await import('#lib/repositories/violation-history.ts');
  return listHandleViolations(handle);
}

describe.concurrent('each severity', () => {
  it('low: a warning email with the policy in plain words and how to appeal; the status stays ACTIVE', async () => {
    // Arrange
    const creator = await seedCreator(partnerId);
    const subject = { type: 'creator' as const, id: creator.creatorId };

    // Act
    const { answer, path } = await reportAndReach(subject, 'low', 'NoEndToWaitFor');

    // Assert
    expect(path.slice(0, 12)).toEqual([...DECIDED, ...ENFORCED, ...NOTIFIED]);
    expect(path).toEqual(expect.arrayContaining(['OpenAppealWindow', 'HasEnforcementEnd', 'NoEndToWaitFor']));
    const violation = await violationOf(runtime, partnerKey, answer.violationId);
    expect(violation).toMatchObject({
      status: 'CONFIRMED',
      effectiveSeverity: 'low',
      confirmation: { action: 'WARNING', strikesInWindow: 1 },
      appealable: true,
    });
    expect(violation.enforcement).toBeUndefined();
    expect((await subjectOf(runtime, partnerKey, subject)).status).toBe('ACTIVE');
    const [notice] = await emailsTo(creator.email);
    expect(notice?.subject).toBe('Warning about TikTok Shop policy: Misleading claims');
    expect(notice?.body.text).toContain('Describe products truthfully');
    expect(notice?.body.text).toContain(`appeal until ${violation.appealDeadline?.slice(0, 10)}`);
    expect(notice?.body.text).toContain(answer.violationId);
    expect(notice?.replyTo).toEqual([`manager@${partnerId}.example.com`]);
    expect(await historyOf(creator.handle)).toMatchObject([
      { violationId: answer.violationId, severity: 'low', state: 'CONFIRMED' },
    ]);
  });

  it('medium: the creator is RESTRICTED for 7 days, with its end time on the creator', async () => {
    // Arrange
    const subject = await creatorSubject();

    // Act
    const { answer, path } = await reportAndReach(subject, 'medium', 'WaitForEnforcementEnd');

    // Assert
    expect(path.slice(0, 12)).toEqual([...DECIDED, ...ENFORCED, ...NOTIFIED]);
    const violation = await violationOf(runtime, partnerKey, answer.violationId);
    const days = (Date.parse(violation.enforcement?.endsAt ?? '') - Date.now()) / 86_400_000;
    expect(violation.enforcement).toMatchObject({ status: 'RESTRICTED', state: 'ACTIVE', interim: false });
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);
    expect(await subjectOf(runtime, partnerKey, subject)).toMatchObject({
      status: 'RESTRICTED',
      enforcement: {
        status: 'RESTRICTED',
        until: violation.enforcement?.endsAt,
        violationIds: [answer.violationId],
      },
    });
  });

  it('medium on a seller: the seller is RESTRICTED too (its campaigns pause: see violation-timers.test.ts)', async () => {
    // Arrange
    const seller = await seedSeller(partnerId);
    const subject = { type: 'seller' as const, id: seller.sellerId };

    // Act
    await reportAndReach(subject, 'medium', 'WaitForEnforcementEnd');

    // Assert
    expect((await subjectOf(runtime, partnerKey, subject)).status).toBe('RESTRICTED');
    const [notice] = await emailsTo(seller.email);
    expect(notice?.subject).toMatch(/^Your account Shop \S+ is restricted until /);
  });

  it('high, confirmed by a manager: suspended for 30 days', async () => {
    // Arrange
    const subject = await creatorSubject();
    const { answer } = await reportAndReach(subject, 'high', 'RequestViolationReview');
    const reviewId = await pendingReviewOf(runtime, managerKey, violationReviewId(answer.violationId));
    const waiting = await pollUntil(
      async () => {
        const execution = await api(runtime, partnerKey).get<{ status: string }>(
          `/v1/executions/${answer.executionId}`,
        );
        return execution.body.status === 'WAITING_FOR_REVIEW' ? execution.body : undefined;
      },
      { timeoutMs: 10_000, describe: () => `${answer.executionId} never showed WAITING_FOR_REVIEW` },
    );
    expect(waiting).toMatchObject({ status: 'WAITING_FOR_REVIEW' });

    // Act
    const decided = await decide(runtime, managerKey, reviewId, 'approve');
    const path = await reachState(runtime, answer.executionId, 'WaitForEnforcementEnd');

    // Assert
    expect(decided.status).toBe(200);
    const expected = [...DECIDED, 'RequestViolationReview', 'ReviewOutcome', ...ENFORCED, ...NOTIFIED];
    expect(path.slice(0, expected.length)).toEqual(expected);
    const violation = await violationOf(runtime, partnerKey, answer.violationId);
    expect(violation).toMatchObject({
      status: 'CONFIRMED',
      review: { reviewId, decision: 'approve' },
      confirmation: { action: 'SUSPENSION' },
      enforcement: { status: 'SUSPENDED' },
    });
    expect((await subjectOf(runtime, partnerKey, subject)).status).toBe('SUSPENDED');
  });

  it('high, dismissed by a manager: no strike, no action, the execution ends', async () => {
    // Arrange
    const creator = await seedCreator(partnerId);
    const subject = { type: 'creator' as const, id: creator.creatorId };
    const { answer } = await reportAndReach(subject, 'high', 'RequestViolationReview');
    const reviewId = await pendingReviewOf(runtime, managerKey, violationReviewId(answer.violationId));

    // Act
    await decide(runtime, managerKey, reviewId, 'reject', 'The video was a parody');
    const execution = await waitForExecution(
      runtime,
      executionArnFor('violation-handling', answer.executionId),
    );

    // Assert
    expect(execution.status).toBe('SUCCEEDED');
    expect(await pathOf(runtime, answer.executionId)).toEqual([
      ...DECIDED,
      'RequestViolationReview',
      'ReviewOutcome',
      'DismissViolation',
      'ResolveViolation',
    ]);
    expect(JSON.parse(execution.output ?? '{}')).toMatchObject({ status: 'DISMISSED', severity: 'high' });
    expect((await subjectOf(runtime, partnerKey, subject)).status).toBe('ACTIVE');
    expect(await historyOf(creator.handle)).toMatchObject([{ severity: 'high', state: 'DISMISSED' }]);
    expect(await emailsTo(creator.email)).toEqual([]);
  });

  it('critical: suspended at once and told so; a manager confirms: banned', async () => {
    // Arrange
    const creator = await seedCreator(partnerId);
    const subject = { type: 'creator' as const, id: creator.creatorId };
    const { answer } = await reportAndReach(subject, 'critical', 'RequestViolationReview');
    const reviewId = await pendingReviewOf(runtime, managerKey, violationReviewId(answer.violationId));
    const interim = await subjectOf(runtime, partnerKey, subject);

    // Act
    await decide(runtime, managerKey, reviewId, 'approve');
    const path = await reachState(runtime, answer.executionId, 'NoEndToWaitFor');

    // Assert
    expect(interim).toMatchObject({ status: 'SUSPENDED', enforcement: { status: 'SUSPENDED' } });
    expect(interim.enforcement?.until).toBeUndefined();
    const expected = [
      ...DECIDED,
      ...INTERIM,
      'RequestViolationReview',
      'ReviewOutcome',
      ...ENFORCED,
      ...NOTIFIED,
    ];
    expect(path.slice(0, expected.length)).toEqual(expected);
    expect(await subjectOf(runtime, partnerKey, subject)).toMatchObject({ status: 'BANNED' });
    const subjects = (await emailsTo(creator.email)).map((email) => email.subject);
    expect(subjects).toEqual([
      `Your account @${creator.handle} is suspended while a report is reviewed`,
      `Your account @${creator.handle} is banned`,
    ]);
  });

  it('critical: a manager lifts the interim suspension: ACTIVE again, no strike, the execution ends', async () => {
    // Arrange
    const creator = await seedCreator(partnerId);
    const subject = { type: 'creator' as const, id: creator.creatorId };
    const { answer } = await reportAndReach(subject, 'critical', 'RequestViolationReview');
    const reviewId = await pendingReviewOf(runtime, managerKey, violationReviewId(answer.violationId));

    // Act
    await decide(runtime, managerKey, reviewId, 'reject', 'Mistaken identity');
    const execution = await waitForExecution(
      runtime,
      executionArnFor('violation-handling', answer.executionId),
    );

    // Assert
    expect(execution.status).toBe('SUCCEEDED');
    expect(await pathOf(runtime, answer.executionId)).toEqual([
      ...DECIDED,
      ...INTERIM,
      'RequestViolationReview',
      'ReviewOutcome',
      'LiftInterimSuspension',
      'ResumeCampaignsAfterLift',
      'NotifySubject',
      'IsAppealable',
      'ResolveViolation',
    ]);
    const violation = await violationOf(runtime, partnerKey, answer.violationId);
    expect(violation).toMatchObject({
      status: 'DISMISSED',
      enforcement: { state: 'LIFTED' },
      appealable: false,
    });
    expect((await subjectOf(runtime, partnerKey, subject)).status).toBe('ACTIVE');
    expect(await historyOf(creator.handle)).toMatchObject([{ severity: 'critical', state: 'DISMISSED' }]);
    expect((await emailsTo(creator.email)).map((email) => email.subject)).toContain(
      `The suspension of @${creator.handle} is lifted`,
    );
  });
});

describe.concurrent('escalation by repeat count', () => {
  it('turns repeated lows into mediums, the third medium into a high, and bans at the sixth strike', async () => {
    // Arrange
    const subject = await creatorSubject();
    const outcomes: { severity?: string; action?: string; strikes?: number }[] = [];

    // Act
    for (let index = 0; index < 6; index += 1) {
      const answer = await report(runtime, partnerKey, { subject, severity: 'low' });
      await reachState(runtime, answer.executionId, 'RouteBySeverity');
      if ((await violationOf(runtime, partnerKey, answer.violationId)).decision?.route === 'review') {
        const reviewId = await pendingReviewOf(runtime, managerKey, violationReviewId(answer.violationId));
        await decide(runtime, managerKey, reviewId, 'approve');
      }
      // Enforced and told: the next report counts this one's strike.
      await reachState(runtime, answer.executionId, 'NotifySubject');
      const violation = await violationOf(runtime, partnerKey, answer.violationId);
      outcomes.push({
        severity: violation.effectiveSeverity,
        action: violation.confirmation?.action,
        strikes: violation.confirmation?.strikesInWindow,
      });
    }

    // Assert
    expect(outcomes).toEqual([
      { severity: 'low', action: 'WARNING', strikes: 1 },
      { severity: 'low', action: 'WARNING', strikes: 2 },
      { severity: 'medium', action: 'RESTRICTION', strikes: 3 },
      { severity: 'medium', action: 'RESTRICTION', strikes: 4 },
      { severity: 'high', action: 'SUSPENSION', strikes: 5 },
      { severity: 'high', action: 'BAN', strikes: 6 },
    ]);
    expect(await subjectOf(runtime, partnerKey, subject)).toMatchObject({ status: 'BANNED' });
  });
});

describe.concurrent('a report sent twice', () => {
  it('answers the first answer and starts one workflow', async () => {
    // Arrange
    const body = reportBody({ subject: await creatorSubject(), severity: 'low' });

    // Act
    const first = await api(runtime, partnerKey).post<{ executionId: string }>('/v1/violations', body);
    const again = await api(runtime, partnerKey).post('/v1/violations', { ...body, severity: 'high' });
    await reachState(runtime, first.body.executionId, 'NotifySubject');
    const later = await api(runtime, partnerKey).post('/v1/violations', body);

    // Assert
    expect(first.status).toBe(202);
    expect(again).toMatchObject({ status: 202, body: first.body });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(later).toMatchObject({ status: 202, body: first.body });
    const executions = await runtime.sfnClient.send(
      new ListExecutionsCommand({
        stateMachineArn: localStateMachineArn('violation-handling'),
        maxResults: 1000,
      }),
    );
    expect(
      (executions.executions ?? []).filter((execution) => execution.name === first.body.executionId),
    ).toHaveLength(1);
  });
});

describe.concurrent('appeals', () => {
  async function confirmedMedium() {
    const creator = await seedCreator(partnerId);
    const subject = { type: 'creator' as const, id: creator.creatorId };
    const { answer } = await reportAndReach(subject, 'medium', 'OpenAppealWindow');
    return { creator, subject, answer };
  }

  const appeal = (
    violationId: string,
    statement = 'The product claim was approved by the brand; see the label.',
  ) => api(runtime, partnerKey).post<ViolationAnswer>(`/v1/violations/${violationId}/appeals`, { statement });

  it('upheld: the restriction and the strike stand; a second appeal answers 409', async () => {
    // Arrange
    const { creator, subject, answer } = await confirmedMedium();

    // Act
    const filed = await appeal(answer.violationId);
    const reviewId = await pendingReviewOf(runtime, managerKey, appealReviewId(answer.violationId));
    await decide(runtime, managerKey, reviewId, 'reject', 'The claim is not on the label');
    const path = await reachState(runtime, answer.executionId, 'NotifyAppealOutcome');
    const second = await appeal(answer.violationId);

    // Assert
    expect(filed).toMatchObject({ status: 202, body: { appeal: { status: 'PENDING' } } });
    expect(path).toEqual(
      expect.arrayContaining(['OpenAppealWindow', 'RequestAppealReview', 'AppealOutcome', 'UpholdViolation']),
    );
    expect(await violationOf(runtime, partnerKey, answer.violationId)).toMatchObject({
      status: 'CONFIRMED',
      appeal: { status: 'UPHELD', reviewId },
    });
    expect((await subjectOf(runtime, partnerKey, subject)).status).toBe('RESTRICTED');
    expect(second).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    await pollUntil(async () =>
      (await emailsTo(creator.email)).some((email) => email.subject.includes('the decision stands'))
        ? true
        : undefined,
    );
  });

  it('overturned: the status is restored, the strike removed, the history says OVERTURNED', async () => {
    // Arrange
    const { creator, subject, answer } = await confirmedMedium();
    await appeal(answer.violationId);
    const reviewId = await pendingReviewOf(runtime, managerKey, appealReviewId(answer.violationId));

    // Act
    await decide(runtime, managerKey, reviewId, 'approve', 'The brand confirmed the claim');
    const path = await reachState(runtime, answer.executionId, 'NotifyAppealOutcome');

    // Assert
    expect(path).toEqual(
      expect.arrayContaining([
        'RequestAppealReview',
        'AppealOutcome',
        'OverturnViolation',
        'ResumeCampaignsAfterOverturn',
      ]),
    );
    expect(await violationOf(runtime, partnerKey, answer.violationId)).toMatchObject({
      status: 'OVERTURNED',
      appeal: { status: 'OVERTURNED' },
      enforcement: { state: 'LIFTED' },
    });
    expect(await subjectOf(runtime, partnerKey, subject)).toEqual(
      expect.objectContaining({ status: 'ACTIVE' }),
    );
    expect((await subjectOf(runtime, partnerKey, subject)).enforcement).toBeUndefined();
    expect(await historyOf(creator.handle)).toMatchObject([{ state: 'OVERTURNED' }]);
    const { getStanding } = await import('#lib/repositories/subject-standing.ts');
    expect((await getStanding(subject))?.strikes).toEqual({});
  });

  it('answers 409 for a violation that has no decision to appeal, and 404 to another partner', async () => {
    // Arrange
    const subject = await creatorSubject();
    const { answer } = await reportAndReach(subject, 'high', 'RequestViolationReview');

    // Act
    const pending = await appeal(answer.violationId);
    const foreign = await api(runtime, otherKey).post(`/v1/violations/${answer.violationId}/appeals`, {
      statement: 'Not ours to appeal at all, really.',
    });

    // Assert
    expect(pending).toMatchObject({
      status: 409,
      body: { error: { details: [{ issue: 'is not confirmed' }] } },
    });
    expect(foreign.status).toBe(404);
  });
});

describe.concurrent('the audit trail of one violation', () => {
  it('reads back every step in order, with who decided and the state before and after', async () => {
    // Arrange
    const subject = await creatorSubject();
    const { answer } = await reportAndReach(subject, 'high', 'RequestViolationReview');
    const reviewId = await pendingReviewOf(runtime, managerKey, violationReviewId(answer.violationId));
    await decide(runtime, managerKey, reviewId, 'approve');
    await reachState(runtime, answer.executionId, 'OpenAppealWindow');

    // Act
    const read = await pollUntil(async () => {
      const body = (
        await api(runtime, managerKey).get<{ auditTrail: { action: string; actor: string }[] }>(
          `/v1/violations/${answer.violationId}`,
        )
      ).body;
      return body.auditTrail.some((entry) => entry.action === 'violation.appeal-window-opened')
        ? body
        : undefined;
    });

    // Assert
    expect(read.auditTrail.map((entry) => entry.action)).toEqual([
      'violation.received',
      'violation.recorded',
      'violation.strikes-counted',
      'violation.decided',
      'violation.review-requested',
      'violation.confirmed',
      'violation.enforced',
      'violation.subject-notified',
      'violation.appeal-window-opened',
    ]);
    expect(read.auditTrail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'violation.received', actor: expect.stringMatching(/^partner:/) }),
        expect.objectContaining({
          action: 'violation.confirmed',
          actor: expect.stringMatching(/^manager:/),
          before: { status: 'IN_REVIEW' },
        }),
        expect.objectContaining({
          action: 'violation.enforced',
          before: { subjectStatus: 'ACTIVE' },
          after: expect.objectContaining({ subjectStatus: 'SUSPENDED', enforcement: 'SUSPENDED' }),
        }),
      ]),
    );
  });
});

describe.concurrent('the weekly report', () => {
  it('counts violations.<severity> once per report and lists the creators restricted or close to a ban', async () => {
    // Arrange: a partner of its own, whose lows never escalate, so four of them make a creator "close to a ban".
    const own = await createPartner(runtime);
    const key = await createApiKey(runtime, { role: 'partner', partnerId: own.partnerId });
    const { setPartnerSettings } = await import('#cli/admin.ts');
    await setPartnerSettings(own.partnerId, { 'violation-handling': { lowEscalatesAtStrike: 20 } });
    const restricted = { type: 'creator' as const, id: (await seedCreator(own.partnerId)).creatorId };
    const closeToBan = { type: 'creator' as const, id: (await seedCreator(own.partnerId)).creatorId };
    const fine = { type: 'creator' as const, id: (await seedCreator(own.partnerId)).creatorId };

    // Act
    const medium = await report(runtime, key, { subject: restricted, severity: 'medium' });
    await reachState(runtime, medium.executionId, 'NotifySubject');
    for (const subject of [closeToBan, closeToBan, closeToBan, closeToBan, fine]) {
      const answer = await report(runtime, key, {
        subject,
        severity: 'low',
        reportId: `${subject.id}-${Math.random()}`,
      });
      await reachState(runtime, answer.executionId, 'NotifySubject');
    }
    await api(runtime, key).post(
      '/v1/violations',
      reportBody({ subject: fine, severity: 'low', reportId: 'sent-twice' }),
    );
    await api(runtime, key).post(
      '/v1/violations',
      reportBody({ subject: fine, severity: 'low', reportId: 'sent-twice' }),
    );
    const [{ readCreatorRiskAttention }, { readWeeklyCounters }, { isoWeekOf, localDate }] =
      await Promise.all([
        import('#functions/reports/data/attention.ts'),
        import('#lib/metrics/weekly-counters.ts'),
        import('#lib/metrics/calendar.ts'),
      ]);
    const list = await readCreatorRiskAttention(own.partnerId, new Date());
    const week = isoWeekOf(localDate(new Date(), own.timezone));
    const counters = await pollUntil(async () => {
      const read = await readWeeklyCounters(own.partnerId, week);
      return read.counters['violations.low'] === 6 ? read.counters : undefined;
    });

    // Assert
    expect(list.total).toBe(2);
    expect(list.items.map((item) => [item.id, item.detail])).toEqual([
      [closeToBan.id, 'close to a ban, 4 strikes in 90 days (ban at 6)'],
      [
        restricted.id,
        expect.stringMatching(/^restricted until \d{4}-\d{2}-\d{2}, 1 strike in 90 days \(ban at 6\)$/),
      ],
    ]);
    expect(counters).toMatchObject({ 'violations.low': 6, 'violations.medium': 1 });
  });
});

describe.concurrent('the API', () => {
  it('refuses a bad report with one detail per problem', async () => {
    // Arrange
    const valid = reportBody({ subject: { type: 'creator', id: 'cr_valid' }, severity: 'low' });
    const paths = (answer: { body: unknown }) =>
      (answer.body as { error: { details: { path: string }[] } }).error.details
        .map((detail) => detail.path)
        .sort();

    // Act
    const bad = await api(runtime, partnerKey).post('/v1/violations', {
      ...valid,
      policy: 'rudeness',
      evidence: [{ kind: 'url', value: 'ftp://example.com/x' }],
      occurredAt: '2999-01-01T00:00:00Z',
    });
    const tooMuch = await api(runtime, partnerKey).post('/v1/violations', {
      ...valid,
      evidence: Array.from({ length: 21 }, () => ({ kind: 'text', value: 'a screenshot description' })),
    });
    const wrongKind = await api(runtime, partnerKey).post('/v1/violations', {
      ...valid,
      subject: { type: 'creator', id: 'sl_aseller' },
    });

    // Assert
    expect([bad.status, tooMuch.status, wrongKind.status]).toEqual([400, 400, 400]);
    expect(paths(bad)).toEqual(['evidence.0.value', 'occurredAt', 'policy']);
    expect(paths(tooMuch)).toEqual(['evidence']);
    expect(paths(wrongKind)).toEqual(['subject.id']);
  });

  it("answers 422 for a subject that is not the partner's, and 404 for another partner's violation", async () => {
    // Arrange
    const subject = await creatorSubject();
    const { answer } = await reportAndReach(subject, 'low', 'DecideAction');

    // Act
    const foreignSubject = await api(runtime, otherKey).post(
      '/v1/violations',
      reportBody({ subject, severity: 'low' }),
    );
    const foreignRead = await api(runtime, otherKey).get(`/v1/violations/${answer.violationId}`);

    // Assert
    expect(foreignSubject).toMatchObject({
      status: 422,
      body: { error: { details: [{ path: 'subject.id' }] } },
    });
    expect(foreignRead.status).toBe(404);
  });

  it("lists a subject's violations by status, newest first", async () => {
    // Arrange
    const subject = await creatorSubject();
    const first = await reportAndReach(subject, 'low', 'OpenAppealWindow');
    const second = await reportAndReach(subject, 'high', 'RequestViolationReview');

    // Act
    const all = await api(runtime, partnerKey).get<{ items: ViolationAnswer[] }>(
      `/v1/violations?subjectId=${subject.id}`,
    );
    // Entering the review state comes before its step records IN_REVIEW: wait for the step, not the state.
    const inReview = await pollUntil(
      async () => {
        const answer = await api(runtime, managerKey).get<{ items: ViolationAnswer[] }>(
          `/v1/violations?subjectId=${subject.id}&status=IN_REVIEW`,
        );
        return answer.body.items.length > 0 ? answer.body.items : undefined;
      },
      { timeoutMs: 10_000, describe: () => `${second.answer.violationId} never listed as IN_REVIEW` },
    );

    // Assert
    expect(all.body.items.map((item) => item.violationId)).toEqual([
      second.answer.violationId,
      first.answer.violationId,
    ]);
    expect(inReview.map((item) => item.violationId)).toEqual([second.answer.violationId]);
  });
});
