/**
 * Violation handling where time runs out, through the local runtime with the waits shortened by state name: a
 * review past its SLA (escalated, then decided by the policy's default), a restriction ending by itself, an
 * appeal after its window, and a real campaign paused by an enforcement and resumed when it ends. Tests that spy
 * on a process-wide object (the metrics, the DynamoDB client) run alone; the others have subjects of their own and
 * run concurrently.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REVIEWS_PAST_SLA_METRIC } from '#catalog/metrics.ts';
import { metrics } from '#lib/observability.ts';
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
  campaignOf,
  pathOf,
  reachState,
  report,
  seedCampaign,
  seedCreator,
  seedSeller,
  subjectOf,
  violationOf,
} from '#test/support/violations.ts';

const OPS_EMAIL = 'compliance@acme.example.com';

let runtime: TestRuntime;
let partnerId: string;
let partnerKey: string;

beforeAll(async () => {
  runtime = await startTestRuntime({
    time: {
      timeScale: 0.001,
      // The SLA and the escalation window run out at once; the restriction ends and the appeal window closes soon.
      taskTimeoutMs: {
        // Long enough for the review step itself to finish first, even on a busy machine.
        RequestViolationReview: 1_500,
        EscalateViolationReview: 1_500,
        RequestAppealReview: 1_500,
        EscalateAppealReview: 1_500,
        OpenAppealWindow: 4_000,
      },
      waitMs: { WaitForEnforcementEnd: 2_500 },
    },
  });
  partnerId = (await createPartner(runtime)).partnerId;
  partnerKey = await createApiKey(runtime, { role: 'partner', partnerId });
  const { setPartnerSettings } = await import('#cli/admin.ts');
  await setPartnerSettings(partnerId, { 'violation-handling': { escalationEmails: [OPS_EMAIL] } });
});
afterAll(() => runtime?.close());

const finished = (executionId: string) =>
  waitForExecution(runtime, executionArnFor('violation-handling', executionId), 20_000);

describe('a review past its SLA', () => {
  it('is counted, escalated to the escalation contacts, and then decided by the policy default (confirm)', async () => {
    // Arrange
    const added = vi.spyOn(metrics, 'addMetric');
    const subject = { type: 'creator' as const, id: (await seedCreator(partnerId)).creatorId };

    // Act
    const answer = await report(runtime, partnerKey, { subject, severity: 'high' });
    const path = await reachState(runtime, answer.executionId, 'EnforceAction');

    // Assert: the path up to the enforcement (the execution goes on meanwhile).
    expect(path.slice(0, path.indexOf('EnforceAction') + 1)).toEqual([
      'RecordViolation',
      'IsDuplicateReport',
      'CountStrikes',
      'DecideAction',
      'RouteBySeverity',
      'RequestViolationReview',
      'EscalateViolationReview',
      'ApplyDefaultReviewDecision',
      'ReviewOutcome',
      'ConfirmViolation',
      'EnforceAction',
    ]);
    expect(added.mock.calls.filter(([name]) => name === REVIEWS_PAST_SLA_METRIC)).toEqual([
      [REVIEWS_PAST_SLA_METRIC, 'Count', 1],
    ]);
    added.mockRestore();
    const escalation = (await sentEmails(runtime)).find((email) => email.destination.to.includes(OPS_EMAIL));
    expect(escalation?.subject).toBe(
      `Review past its SLA: ${(await violationOf(runtime, partnerKey, answer.violationId)).subject.name} (rv_${answer.violationId})`,
    );
    expect(await violationOf(runtime, partnerKey, answer.violationId)).toMatchObject({
      status: 'CONFIRMED',
      review: { decision: 'approve', decidedBy: 'system:review-timeout', defaulted: true },
    });
    const reviews = await api(runtime, await createApiKey(runtime, { role: 'manager', partnerId })).get<{
      items: { reviewId: string; status: string }[];
    }>('/v1/reviews?status=EXPIRED');
    expect(reviews.body.items.map((review) => review.reviewId)).toContain(`rv_${answer.violationId}`);
  });
});

describe.concurrent('a restriction', () => {
  it('ends by itself: the status is restored, the subject told, and the violation resolved', async () => {
    // Arrange
    const creator = await seedCreator(partnerId);
    const subject = { type: 'creator' as const, id: creator.creatorId };

    // Act
    const answer = await report(runtime, partnerKey, { subject, severity: 'medium' });
    await reachState(runtime, answer.executionId, 'WaitForEnforcementEnd');
    const during = await subjectOf(runtime, partnerKey, subject);
    const execution = await finished(answer.executionId);

    // Assert
    expect(during.status).toBe('RESTRICTED');
    expect(execution.status).toBe('SUCCEEDED');
    expect(await pathOf(runtime, answer.executionId)).toEqual(
      expect.arrayContaining([
        'WaitForEnforcementEnd',
        'EndEnforcement',
        'ResumeCampaignsAfterTermEnd',
        'NotifyEnforcementEnded',
        'CloseAppealWindow',
        'AppealFiledAfterAll',
        'NoAppeal',
        'ResolveViolation',
      ]),
    );
    expect(await subjectOf(runtime, partnerKey, subject)).toEqual(
      expect.objectContaining({ status: 'ACTIVE' }),
    );
    expect(await violationOf(runtime, partnerKey, answer.violationId)).toMatchObject({
      status: 'CONFIRMED',
      enforcement: { state: 'ENDED' },
      resolvedAt: expect.any(String),
    });
    expect(JSON.parse(execution.output ?? '{}')).toEqual({
      violationId: answer.violationId,
      status: 'CONFIRMED',
      severity: 'medium',
      action: 'RESTRICTION',
    });
    const subjects = (await sentEmails(runtime))
      .filter((email) => email.destination.to.includes(creator.email))
      .map((email) => email.subject);
    expect(subjects).toContain(`The restriction of @${creator.handle} has ended`);
  });
});

describe.concurrent('an appeal nobody reviews in time', () => {
  it('is decided by the policy default: upheld', async () => {
    // Arrange
    const subject = { type: 'creator' as const, id: (await seedCreator(partnerId)).creatorId };
    const answer = await report(runtime, partnerKey, { subject, severity: 'low' });
    await reachState(runtime, answer.executionId, 'OpenAppealWindow');

    // Act
    const filed = await api(runtime, partnerKey).post(`/v1/violations/${answer.violationId}/appeals`, {
      statement: 'This was a sponsored post with the disclosure on.',
    });
    const path = await reachState(runtime, answer.executionId, 'NotifyAppealOutcome');

    // Assert
    expect(filed.status).toBe(202);
    expect(path).toEqual(
      expect.arrayContaining([
        'RequestAppealReview',
        'EscalateAppealReview',
        'ApplyDefaultAppealDecision',
        'AppealOutcome',
        'UpholdViolation',
      ]),
    );
    expect(await violationOf(runtime, partnerKey, answer.violationId)).toMatchObject({
      status: 'CONFIRMED',
      appeal: { status: 'UPHELD', decidedBy: 'system:review-timeout', defaulted: true },
    });
  });
});

describe.concurrent('an appeal after the window', () => {
  it('answers 409', async () => {
    // Arrange
    const subject = { type: 'creator' as const, id: (await seedCreator(partnerId)).creatorId };
    const answer = await report(runtime, partnerKey, { subject, severity: 'low' });
    await reachState(runtime, answer.executionId, 'NoAppeal');

    // Act
    const late = await api(runtime, partnerKey).post(`/v1/violations/${answer.violationId}/appeals`, {
      statement: 'We only saw the warning today, please review it.',
    });

    // Assert
    expect(late).toMatchObject({
      status: 409,
      body: {
        error: { code: 'conflict', details: [{ path: 'violationId', issue: 'is past its appeal window' }] },
      },
    });
    expect(await violationOf(runtime, partnerKey, answer.violationId)).toMatchObject({
      appealable: false,
      appealWindowClosedAt: expect.any(String),
    });
  });
});

describe.concurrent('enforcement pausing and resuming a real campaign', () => {
  it("pauses the seller's campaign while the seller is restricted and resumes it when the restriction ends", async () => {
    // Arrange
    const seller = await seedSeller(partnerId);
    const campaignId = await seedCampaign(partnerId, seller.sellerId);
    const subject = { type: 'seller' as const, id: seller.sellerId };

    // Act
    const answer = await report(runtime, partnerKey, { subject, severity: 'medium' });
    await reachState(runtime, answer.executionId, 'AfterEnforcement');
    const paused = await campaignOf(campaignId);
    await reachState(runtime, answer.executionId, 'NotifyEnforcementEnded');
    const resumed = await pollUntil(async () => {
      const campaign = await campaignOf(campaignId);
      return campaign.status === 'ACTIVE' ? campaign : undefined;
    });

    // Assert
    expect(paused).toMatchObject({
      status: 'PAUSED',
      resumeStatus: 'ACTIVE',
      pauses: [{ reason: `violation#${answer.violationId}` }],
    });
    expect(resumed.pauses ?? []).toEqual([]);
    expect(await violationOf(runtime, partnerKey, answer.violationId)).toMatchObject({
      enforcement: { state: 'ENDED', pausedCampaignIds: [campaignId] },
    });
    expect(await pathOf(runtime, answer.executionId)).toEqual(
      expect.arrayContaining([
        'PauseSubjectCampaigns',
        'PauseCampaign',
        'ResumeCampaignsAfterTermEnd',
        'ResumeCampaignAfterTermEnd',
      ]),
    );
  });

  it('keeps a campaign paused by two violations paused while the other still holds it', async () => {
    // Arrange
    const seller = await seedSeller(partnerId);
    const creator = await seedCreator(partnerId);
    const campaignId = await seedCampaign(partnerId, seller.sellerId, [creator.creatorId]);

    // Act
    const bySeller = await report(runtime, partnerKey, {
      subject: { type: 'seller', id: seller.sellerId },
      severity: 'medium',
    });
    await reachState(runtime, bySeller.executionId, 'AfterEnforcement');
    const byCreator = await report(runtime, partnerKey, {
      subject: { type: 'creator', id: creator.creatorId },
      severity: 'critical',
    });
    await reachState(runtime, byCreator.executionId, 'AfterEnforcement');
    await reachState(runtime, bySeller.executionId, 'NotifyEnforcementEnded');
    const afterFirstEnds = await campaignOf(campaignId);

    // Assert
    expect(afterFirstEnds).toMatchObject({
      status: 'PAUSED',
      pauses: [{ reason: `violation#${byCreator.violationId}` }],
    });
  });
});

describe('a step that fails for good', () => {
  it('is compensated: the interim suspension lifted, the campaign resumed, the violation FAILED', async () => {
    // Arrange
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const { dynamodb } = await import('#lib/clients/dynamodb.ts');
    const { violationIdFor } = await import('#lib/repositories/violations.ts');
    const creator = await seedCreator(partnerId);
    const seller = await seedSeller(partnerId);
    const campaignId = await seedCampaign(partnerId, seller.sellerId, [creator.creatorId]);
    const reportId = `compensated-${creator.creatorId}`;
    const reviewPk = `REVIEW#rv_${violationIdFor(partnerId, reportId)}`;
    const send = dynamodb.send.bind(dynamodb) as (command: unknown) => Promise<unknown>;
    // Opening the manager review fails in a way no retry can fix.
    const spy = vi
      .spyOn(dynamodb, 'send')
      .mockImplementation(((command: unknown) =>
        command instanceof PutCommand && command.input.Item?.pk === reviewPk
          ? Promise.reject(Object.assign(new Error('Bad item'), { name: 'ValidationException' }))
          : send(command)) as typeof dynamodb.send);

    // Act
    let answer: Awaited<ReturnType<typeof report>>;
    try {
      answer = await report(runtime, partnerKey, {
        subject: { type: 'creator', id: creator.creatorId },
        severity: 'critical',
        reportId,
      });
      await finished(answer.executionId);
    } finally {
      spy.mockRestore();
    }

    // Assert
    expect(await pathOf(runtime, answer.executionId)).toEqual([
      'RecordViolation',
      'IsDuplicateReport',
      'CountStrikes',
      'DecideAction',
      'RouteBySeverity',
      'EnforceAction',
      'PauseSubjectCampaigns',
      'PauseCampaign',
      'AfterEnforcement',
      'NotifyInterimSuspension',
      'RequestViolationReview',
      'CompensateFailedHandling',
      'HandlingFailed',
    ]);
    expect((await api(runtime, partnerKey).get(`/v1/executions/${answer.executionId}`)).body).toMatchObject({
      status: 'FAILED',
      error: { code: 'PartnerFlow.ViolationHandlingFailed' },
    });
    expect(await violationOf(runtime, partnerKey, answer.violationId)).toMatchObject({
      status: 'FAILED',
      enforcement: { state: 'LIFTED', pausedCampaignIds: [campaignId] },
    });
    expect((await subjectOf(runtime, partnerKey, { type: 'creator', id: creator.creatorId })).status).toBe(
      'ACTIVE',
    );
    expect((await campaignOf(campaignId)).status).toBe('ACTIVE');
  });
});

describe('the end of a term that fails for good', () => {
  it('fails its branch and is compensated: the violation FAILED, the strike stands', async () => {
    // Arrange
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const { dynamodb } = await import('#lib/clients/dynamodb.ts');
    const subject = { type: 'creator' as const, id: (await seedCreator(partnerId)).creatorId };
    const answer = await report(runtime, partnerKey, { subject, severity: 'medium' });
    await reachState(runtime, answer.executionId, 'WaitForEnforcementEnd');
    const send = dynamodb.send.bind(dynamodb) as (command: unknown) => Promise<unknown>;
    // Recording the end of this violation's enforcement fails in a way no retry can fix.
    const spy = vi
      .spyOn(dynamodb, 'send')
      .mockImplementation(((command: unknown) =>
        command instanceof UpdateCommand &&
        command.input.Key?.pk === `VIOLATION#${answer.violationId}` &&
        JSON.stringify(command.input.ExpressionAttributeValues).includes('"state":"ENDED"')
          ? Promise.reject(Object.assign(new Error('Bad update'), { name: 'ValidationException' }))
          : send(command)) as typeof dynamodb.send);

    // Act
    try {
      await finished(answer.executionId);
    } finally {
      spy.mockRestore();
    }

    // Assert
    expect(await pathOf(runtime, answer.executionId)).toEqual(
      expect.arrayContaining([
        'EndEnforcement',
        'TermHandlingFailed',
        'CompensateFailedHandling',
        'HandlingFailed',
      ]),
    );
    expect(await violationOf(runtime, partnerKey, answer.violationId)).toMatchObject({
      status: 'FAILED',
      confirmation: { action: 'RESTRICTION' },
    });
    expect((await subjectOf(runtime, partnerKey, subject)).status).toBe('ACTIVE');
    const { getStanding } = await import('#lib/repositories/subject-standing.ts');
    expect(Object.keys((await getStanding(subject))?.strikes ?? {})).toEqual([answer.violationId]);
  });
});
