import type { SendEmailCommand } from '@aws-sdk/client-ses';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  activeSeller,
  CAMPAIGN_TIME,
  type CampaignAnswer,
  campaignOf,
  campaignRequest,
  cancellationArn,
  launchCampaign,
  PARKED_MS,
  productId,
  seedCreator,
} from '#test/support/campaigns.ts';
import { statePath } from '#test/support/executions.ts';
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

const UNTIL_INVITED = [
  'RouteByMode',
  'RecheckPreflight',
  'ReserveCampaign',
  'CreateTargetCollaboration',
  'InviteCreators',
];
const COMPENSATED = [
  'RemoveTargetCollaboration',
  'WithdrawInvitations',
  'CloseCampaign',
  'RouteClosure',
  'LaunchFailed',
];
const CANCELLED = [
  'RouteByMode',
  'RemoveTargetCollaboration',
  'WithdrawInvitations',
  'CloseCampaign',
  'RouteClosure',
  'LaunchCancelled',
];
const TO_THE_END = [
  'SummarizeInvitations',
  'AnyCreatorReached',
  'WaitUntilStart',
  'ActivateCampaign',
  'RouteActivation',
  'WaitUntilEnd',
  'EndCampaign',
  'CampaignEnded',
];

type Send = (command: SendEmailCommand) => Promise<unknown>;

describe('campaign launch: conflicts, failures, compensation, cancel, pause', () => {
  let runtime: TestRuntime;
  let partnerId: string;
  let key: string;
  let sellerId: string;

  beforeAll(async () => {
    runtime = await startTestRuntime({ time: CAMPAIGN_TIME });
    const partner = await createPartner(runtime);
    partnerId = partner.partnerId;
    key = await createApiKey(runtime, { partnerId, role: 'partner' });
    sellerId = (await activeSeller(runtime, key)).sellerId;
  }, 60_000);

  /** Launches a campaign of the shared seller to these creators, with the request's other defaults. */
  const launchTo = (creators: readonly { readonly creatorId: string }[]) =>
    launchCampaign(
      runtime,
      key,
      campaignRequest(
        sellerId,
        creators.map((creator) => creator.creatorId),
      ),
    );

  afterEach(() => {
    runtime.sfn.setTimeOverrides(CAMPAIGN_TIME);
    runtime.tiktok.clearFaults();
    vi.restoreAllMocks();
  });

  afterAll(() => runtime?.close());

  const recipientOf = (command: SendEmailCommand) => command.input.Destination?.ToAddresses?.[0] ?? '';
  const subjectOf = (command: SendEmailCommand) => command.input.Message?.Subject?.Data ?? '';
  const subjectsTo = async (address: string) =>
    (await sentEmails(runtime))
      .filter((email) => email.destination.to.includes(address))
      .map((email) => email.subject);

  /** Replaces SES's send for this test; `decide` answers an error to throw, or undefined to send. */
  async function interceptEmails(decide: (command: SendEmailCommand) => Promise<Error | undefined>) {
    const { ses } = await import('#lib/clients/ses.ts');
    const send = ses.send.bind(ses) as Send;
    vi.spyOn(ses, 'send').mockImplementation((async (command: SendEmailCommand) => {
      const failure = await decide(command);
      if (failure !== undefined) throw failure;
      return send(command);
    }) as unknown as typeof ses.send);
  }

  const rejected = () =>
    Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' });

  async function settled(executionArn: string, status: string) {
    const execution = await waitForExecution(runtime, executionArn, 30_000);
    expect(execution.status).toBe(status);
    return statePath(runtime, executionArn);
  }

  it('reports conflicts: a creator already in a live collaboration for the product is left out, the others invited', async () => {
    // Arrange: the first campaign holds creator A for the product.
    const [a, b, c] = [
      await seedCreator(partnerId),
      await seedCreator(partnerId),
      await seedCreator(partnerId),
    ];
    const product = productId();
    const products = [{ productId: product, commissionRate: 20 }];
    const first = await launchCampaign(
      runtime,
      key,
      campaignRequest(sellerId, [a.creatorId, b.creatorId], { products }),
    );
    await settled(first.executionArn, 'SUCCEEDED');
    const createCalls = () =>
      runtime.tiktok.state.requests.filter((call) => call.path.endsWith('/target_collaborations')).length;
    const callsBefore = createCalls();

    // Act
    const second = await launchCampaign(
      runtime,
      key,
      campaignRequest(sellerId, [a.creatorId, c.creatorId], { products }),
    );
    const path = await settled(second.executionArn, 'SUCCEEDED');
    const campaign = await campaignOf(runtime, key, second.answer.body.campaignId);

    // Assert: refused once with the conflict, created without A.
    expect(path).toEqual([...UNTIL_INVITED, 'InviteCreator', 'InviteCreator', ...TO_THE_END]);
    expect(createCalls() - callsBefore).toBe(2);
    expect(campaign.conflicts).toEqual([{ creatorId: a.creatorId, productId: product }]);
    expect(campaign.collaboration?.creatorIds).toEqual([c.creatorId]);
    expect(statusesOf(campaign)).toEqual({
      [a.creatorId]: 'FAILED:COLLABORATION_CONFLICT',
      [c.creatorId]: 'INVITED',
    });
    expect(campaign.status).toBe('ENDED');
    expect(await subjectsTo(a.email)).toHaveLength(1);
  });

  it("goes on when one creator's invitation fails: each failure recorded, the others invited", async () => {
    // Arrange: SES refuses B's address; C's send fails unexpectedly (the Map's Catch records it).
    const [a, b, c] = [
      await seedCreator(partnerId),
      await seedCreator(partnerId),
      await seedCreator(partnerId),
    ];
    await interceptEmails(async (command) => {
      if (recipientOf(command) === b.email) return rejected();
      if (recipientOf(command) === c.email) return new Error('connection to the mail relay was lost');
      return undefined;
    });

    // Act
    const { answer, executionArn } = await launchCampaign(
      runtime,
      key,
      campaignRequest(sellerId, [a.creatorId, b.creatorId, c.creatorId]),
    );
    const path = await settled(executionArn, 'SUCCEEDED');
    const campaign = await campaignOf(runtime, key, answer.body.campaignId);

    // Assert
    expect(path.slice(0, 5)).toEqual(UNTIL_INVITED);
    expect(path.filter((state) => state === 'InviteCreator')).toHaveLength(3);
    expect(path.filter((state) => state === 'RecordInvitationFailure')).toHaveLength(1);
    expect(path.slice(-TO_THE_END.length)).toEqual(TO_THE_END);
    expect(statusesOf(campaign)).toEqual({
      [a.creatorId]: 'INVITED',
      [b.creatorId]: 'FAILED:EMAIL_REJECTED',
      [c.creatorId]: 'FAILED:PROCESSING_FAILED',
    });
    expect(campaign.status).toBe('ENDED');
    expect(campaign.results).toMatchObject({ invitationsSent: 1, invitationsFailed: 2 });
  });

  it('compensates when no creator could be invited: collaboration removed, campaign FAILED', async () => {
    // Arrange
    const creators = [await seedCreator(partnerId), await seedCreator(partnerId)];
    await interceptEmails(async () => rejected());

    // Act
    const { answer, executionArn } = await launchTo(creators);
    const path = await settled(executionArn, 'FAILED');
    const campaign = await campaignOf(runtime, key, answer.body.campaignId);

    // Assert
    expect(path).toEqual([
      ...UNTIL_INVITED,
      'InviteCreator',
      'InviteCreator',
      'SummarizeInvitations',
      'AnyCreatorReached',
      'NoCreatorInvited',
      ...COMPENSATED,
    ]);
    expect(campaign.status).toBe('FAILED');
    expect(campaign.failure).toMatchObject({ code: 'NO_CREATOR_INVITED' });
    expect(campaign.collaboration?.removal?.result).toBe('REMOVED');
    const collaboration = runtime.tiktok.state.collaborations.get(
      campaign.collaboration?.collaborationId ?? '',
    );
    expect(collaboration?.removedAt).toBeDefined();
    expect(campaign.invitations.map((invitation) => invitation.status)).toEqual(['FAILED', 'FAILED']);
    const execution = await api(runtime, key).get<{ error: { code: string } }>(
      `/v1/executions/${answer.body.executionId}`,
    );
    expect(execution.body.error.code).toBe('PartnerFlow.CampaignLaunchFailed');
  });

  it('retries TikTok failing at creation, then compensates: nothing created, campaign FAILED', async () => {
    // Arrange: every client attempt (4) of every state attempt (1 + 3 retries) answers 500.
    const creators = [await seedCreator(partnerId)];
    runtime.tiktok.injectFault({ endpoint: 'target-collaborations/create', kind: 'server-error', times: 16 });
    const before = runtime.tiktok.state.requests.length;

    // Act
    const { answer, executionArn } = await launchTo(creators);
    const path = await settled(executionArn, 'FAILED');
    const campaign = await campaignOf(runtime, key, answer.body.campaignId);

    // Assert
    expect(path).toEqual([
      'RouteByMode',
      'RecheckPreflight',
      'ReserveCampaign',
      'CreateTargetCollaboration',
      ...COMPENSATED,
    ]);
    const creates = runtime.tiktok.state.requests
      .slice(before)
      .filter((call) => call.path.endsWith('/target_collaborations'));
    expect(creates.map((call) => call.status)).toEqual(Array(16).fill(500));
    const { historyOf } = await import('#test/support/executions.ts');
    const retried = (await historyOf(runtime, executionArn)).filter(
      (event) => event.type === 'LambdaFunctionFailed',
    );
    expect(retried).toHaveLength(4);
    expect(campaign).toMatchObject({ status: 'FAILED', failure: { code: 'TIKTOK_UNAVAILABLE' } });
    expect(campaign.collaboration).toBeUndefined();
  });

  it('invites at most 5 creators at a time (the Map bound)', async () => {
    // Arrange: every invitation email waits until 5 are waiting together.
    const creators = await Promise.all(Array.from({ length: 8 }, () => seedCreator(partnerId)));
    let inFlight = 0;
    let most = 0;
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    await interceptEmails(async (command) => {
      if (!subjectOf(command).startsWith('Invitation:')) return undefined;
      inFlight += 1;
      most = Math.max(most, inFlight);
      await gate;
      inFlight -= 1;
      return undefined;
    });

    // Act
    const { executionArn } = await launchTo(creators);
    await pollUntil(async () => (inFlight === 5 ? true : undefined), {
      timeoutMs: 15_000,
      describe: () => `${inFlight} invitations in flight`,
    });
    open();
    await settled(executionArn, 'SUCCEEDED');

    // Assert
    expect(most).toBe(5);
  });

  it('cancels while inviting: the launch stops, the compensation withdraws and tells the creators', async () => {
    // Arrange: invitation emails wait until the cancel request was answered.
    const creators = [await seedCreator(partnerId), await seedCreator(partnerId)];
    let waiting = 0;
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    await interceptEmails(async (command) => {
      if (subjectOf(command).startsWith('Invitation:')) {
        waiting += 1;
        await gate;
      }
      return undefined;
    });
    const { answer, executionArn } = await launchTo(creators);
    const campaignId = answer.body.campaignId;
    await pollUntil(async () => (waiting > 0 ? true : undefined), { timeoutMs: 15_000 });

    // Act
    const cancel = await api(runtime, key).post<{ executionId: string }>(
      `/v1/campaigns/${campaignId}/cancel`,
      {
        reason: 'The seller moved the launch date',
      },
    );
    open();
    const cancelPath = await settled(cancellationArn(campaignId), 'SUCCEEDED');
    const launch = await waitForExecution(runtime, executionArn);
    const campaign = await pollUntil(async () => {
      const current = await campaignOf(runtime, key, campaignId);
      return current.invitations.every((invitation) => invitation.status === 'WITHDRAWN')
        ? current
        : undefined;
    });

    // Assert
    expect(cancel.status).toBe(202);
    expect(cancel.body.executionId).toBe(`${campaignId}-cancel-launch`);
    expect(launch).toMatchObject({ status: 'ABORTED', error: 'PartnerFlow.CampaignCancelled' });
    expect((await statePath(runtime, executionArn)).slice(0, 6)).toEqual([...UNTIL_INVITED, 'InviteCreator']);
    expect(cancelPath).toEqual(CANCELLED);
    expect(campaign).toMatchObject({
      status: 'CANCELLED',
      failure: { code: 'CANCELLED', message: 'The seller moved the launch date' },
      collaboration: { removal: { result: 'REMOVED' } },
    });
    for (const creator of creators) {
      await pollUntil(async () =>
        (await subjectsTo(creator.email)).some((subject) => subject.startsWith('Withdrawn:'))
          ? true
          : undefined,
      );
    }
  });

  it('cancels an ACTIVE campaign waiting for its end; a repeat answers the same, an ENDED one 409', async () => {
    // Arrange
    runtime.sfn.setTimeOverrides({
      ...CAMPAIGN_TIME,
      waitMs: { ...CAMPAIGN_TIME.waitMs, WaitUntilEnd: PARKED_MS },
    });
    const creators = [await seedCreator(partnerId)];
    const { answer, executionArn } = await launchTo(creators);
    const campaignId = answer.body.campaignId;
    await waitingForTheEnd(executionArn);

    // Act
    const cancel = await api(runtime, key).post<{ executionId: string }>(
      `/v1/campaigns/${campaignId}/cancel`,
      {},
    );
    const cancelPath = await settled(cancellationArn(campaignId), 'SUCCEEDED');
    const repeat = await api(runtime, key).post<{ executionId: string }>(
      `/v1/campaigns/${campaignId}/cancel`,
      {},
    );
    const ended = (await api(runtime, key).get<{ items: CampaignAnswer[] }>('/v1/campaigns?status=ENDED'))
      .body.items[0];
    const refused = await api(runtime, key).post(`/v1/campaigns/${ended?.campaignId}/cancel`, {});

    // Assert
    expect(cancel.status).toBe(202);
    expect((await waitForExecution(runtime, executionArn)).status).toBe('ABORTED');
    expect((await statePath(runtime, executionArn)).slice(-3)).toEqual([
      'ActivateCampaign',
      'RouteActivation',
      'WaitUntilEnd',
    ]);
    expect(cancelPath).toEqual(CANCELLED);
    const campaign = await campaignOf(runtime, key, campaignId);
    expect(campaign.status).toBe('CANCELLED');
    expect(campaign.invitations.map((invitation) => invitation.status)).toEqual(['WITHDRAWN']);
    expect(await subjectsTo(creators[0]?.email ?? '')).toEqual([
      expect.stringMatching(/^Invitation:/),
      expect.stringMatching(/^Withdrawn:/),
    ]);
    expect(repeat).toMatchObject({ status: 202, body: { executionId: cancel.body.executionId } });
    expect(refused.status).toBe(409);
  });

  it('holds a paused campaign (no email) and resumes it only when its last pause is lifted', async () => {
    // Arrange: the campaign is paused by a violation while TikTok creates its collaboration.
    const creators = [await seedCreator(partnerId), await seedCreator(partnerId)];
    const repositories = await import('#lib/repositories/campaigns.ts');
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let creating = false;
    const fetchOf = globalThis.fetch.bind(globalThis);
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      if (String(input).includes('/affiliate_seller/') && init?.method === 'POST') {
        creating = true;
        await gate;
      }
      return fetchOf(input, init);
    });
    const { answer, executionArn } = await launchTo(creators);
    const campaignId = answer.body.campaignId;
    await pollUntil(async () => (creating ? true : undefined), { timeoutMs: 15_000 });
    const at = new Date().toISOString();

    // Act
    const paused = await repositories.pauseCampaign(campaignId, { violationId: 'vi_first', at });
    const pausedAgain = await repositories.pauseCampaign(campaignId, { violationId: 'vi_first', at });
    open();
    await pollUntil(
      async () =>
        (await repositories.getCampaign(campaignId))?.resumeToken === undefined ? undefined : true,
      {
        timeoutMs: 15_000,
        describe: () => 'the launch did not park on the paused campaign',
      },
    );
    const whilePaused = await campaignOf(runtime, key, campaignId);
    const emailsWhilePaused = await Promise.all(creators.map((creator) => subjectsTo(creator.email)));
    await repositories.pauseCampaign(campaignId, { violationId: 'vi_second', at });
    const afterFirstLifted = await repositories.resumeCampaign(campaignId, { violationId: 'vi_first', at });
    const stillPaused = (await campaignOf(runtime, key, campaignId)).status;
    const afterLastLifted = await repositories.resumeCampaign(campaignId, { violationId: 'vi_second', at });
    const path = await settled(executionArn, 'SUCCEEDED');
    const ended = await campaignOf(runtime, key, campaignId);

    // Assert
    expect([paused, pausedAgain]).toEqual([true, true]);
    expect(whilePaused).toMatchObject({ status: 'PAUSED', resumeStatus: 'ACTIVE' });
    expect(whilePaused.invitations.map((invitation) => invitation.status)).toEqual(['HELD', 'HELD']);
    expect(emailsWhilePaused).toEqual([[], []]);
    expect([afterFirstLifted, stillPaused, afterLastLifted]).toEqual([false, 'PAUSED', true]);
    expect(path).toEqual([
      ...UNTIL_INVITED,
      'InviteCreator',
      'InviteCreator',
      'SummarizeInvitations',
      'AnyCreatorReached',
      'WaitUntilStart',
      'ActivateCampaign',
      'RouteActivation',
      'WaitForResume',
      'ActivateCampaign',
      'RouteActivation',
      'WaitUntilEnd',
      'EndCampaign',
      'CampaignEnded',
    ]);
    expect(ended.status).toBe('ENDED');
    expect(ended.invitations.map((invitation) => invitation.status)).toEqual(['INVITED', 'INVITED']);
    for (const creator of creators) {
      expect(await subjectsTo(creator.email)).toEqual([expect.stringMatching(/^Invitation:/)]);
    }
    expect(
      (await repositories.listCampaignsForSubject({ type: 'creator', id: creators[0]?.creatorId ?? '' })).map(
        (campaign) => campaign.campaignId,
      ),
    ).toEqual([campaignId]);
  });

  it("pauses a seller's campaigns when it withdraws the authorization; a cancel then records the removal it could not make", async () => {
    // Arrange: a seller of its own, its campaign ACTIVE and waiting for its end.
    runtime.sfn.setTimeOverrides({
      ...CAMPAIGN_TIME,
      waitMs: { ...CAMPAIGN_TIME.waitMs, WaitUntilEnd: PARKED_MS },
    });
    const seller = await activeSeller(runtime, key);
    const { answer, executionArn } = await launchCampaign(
      runtime,
      key,
      campaignRequest(seller.sellerId, [(await seedCreator(partnerId)).creatorId]),
    );
    const campaignId = answer.body.campaignId;
    await waitingForTheEnd(executionArn);

    // Act
    const webhook = await runtime.tiktok.deliverWebhook({ type: 6, shopId: seller.shop?.shopId ?? '' });
    const { executionArnFor } = await import('#test/support/executions.ts');
    await waitForExecution(
      runtime,
      executionArnFor('seller-notification', `tts_${webhook.notificationId}-notification`),
    );
    const paused = await campaignOf(runtime, key, campaignId);
    await api(runtime, key).post(`/v1/campaigns/${campaignId}/cancel`, {});
    await settled(cancellationArn(campaignId), 'SUCCEEDED');
    const cancelled = await campaignOf(runtime, key, campaignId);

    // Assert
    expect(paused).toMatchObject({
      status: 'PAUSED',
      resumeStatus: 'ACTIVE',
      pauses: [{ reason: `seller-revoked#${seller.sellerId}` }],
    });
    expect(cancelled).toMatchObject({
      status: 'CANCELLED',
      collaboration: { removal: { result: 'SELLER_NOT_AUTHORIZED' } },
    });
  });

  /** The launch is ACTIVE and parked in WaitUntilEnd (not merely past the status write of ActivateCampaign). */
  const waitingForTheEnd = (executionArn: string) =>
    pollUntil(
      async () => ((await statePath(runtime, executionArn)).includes('WaitUntilEnd') ? true : undefined),
      {
        timeoutMs: 15_000,
        describe: () => `${executionArn} never reached WaitUntilEnd`,
      },
    );

  function statusesOf(campaign: CampaignAnswer): Record<string, string> {
    return Object.fromEntries(
      campaign.invitations.map((invitation) => [
        invitation.creatorId,
        invitation.failure === undefined
          ? invitation.status
          : `${invitation.status}:${invitation.failure.code}`,
      ]),
    );
  }
});
