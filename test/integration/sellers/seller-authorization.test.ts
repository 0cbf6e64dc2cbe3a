import { DescribeExecutionCommand, ListExecutionsCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localStateMachineArn } from '#catalog/naming.ts';
import type { WorkflowName } from '#catalog/types.ts';
import { executionArnFor, historyOf, statePath } from '#test/support/executions.ts';
import {
  type ApiClient,
  api,
  createApiKey,
  createPartner,
  pollUntil,
  sentEmails,
  startTestRuntime,
  type TestRuntime,
  waitForExecution,
} from '#test/support/runtime.ts';
import { authorizeSeller, refreshCycleArn, type SellerAnswer } from '#test/support/sellers.ts';

const AUTHORIZED_PATH = [
  'RouteByMode',
  'ValidateAuthorization',
  'ExchangeAuthCode',
  'GetAuthorizedShop',
  'StoreSellerTokens',
  'ActivateSellerServices',
  'SendConfirmationEmails',
  'RecordAuthorizationOutcome',
  'RouteOutcome',
  'StartTokenRefresh',
  'AuthorizationComplete',
  'AuthorizationRecorded',
];
const CODE_REJECTED_PATH = [
  'RouteByMode',
  'ValidateAuthorization',
  'ExchangeAuthCode',
  'RecordAuthorizationFailure',
  'SendReauthorizationRequest',
  'RecordAuthorizationOutcome',
  'RouteOutcome',
  'AuthorizationComplete',
  'AuthorizationRecorded',
];
const REFRESHED_PATH = [
  'RouteByMode',
  'PlanTokenRefresh',
  'RefreshDecision',
  'WaitUntilRefreshDue',
  'RefreshAccessToken',
  'RefreshOutcome',
  'ContinueRefreshCycle',
  'TokenRefreshContinued',
];
const REAUTH_REQUIRED_PATH = [
  'RouteByMode',
  'PlanTokenRefresh',
  'RefreshDecision',
  'WaitUntilRefreshDue',
  'RefreshAccessToken',
  'MarkReauthRequired',
  'ReauthorizationRequired',
];
/** Long enough that a refresh cycle parks for the rest of the test file. */
const PARKED = { waitMs: { WaitUntilRefreshDue: 60 * 60 * 1000 } };
const RIGHT_AWAY = { waitMs: { WaitUntilRefreshDue: 0 } };

interface ExecutionAnswer {
  readonly status: string;
  readonly outcome?: {
    readonly status: string;
    readonly reason?: string;
    readonly notifications: Record<string, string>;
  };
  readonly error?: { readonly code: string; readonly message: string };
}

describe('seller authorization (TikTok Shop stand-in)', () => {
  let runtime: TestRuntime;
  let partnerId: string;
  let managerEmail: string;
  let partnerName: string;
  let key: string;
  let partner: ApiClient;
  /** Everything the functions and the runtime wrote to stdout/stderr, and every API answer, for the leak check. */
  const output: string[] = [];
  const answers: string[] = [];
  const restore: (() => void)[] = [];

  const capture = (stream: NodeJS.WriteStream) => {
    const spy = vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
    restore.push(() => spy.mockRestore());
  };

  /** An API client that keeps every answer it receives. */
  const recording = (client: ApiClient): ApiClient => ({
    get: async <Body>(path: string, headers?: Record<string, string>) =>
      keep(await client.get<Body>(path, headers)),
    post: async <Body>(path: string, body?: unknown, headers?: Record<string, string>) =>
      keep(await client.post<Body>(path, body, headers)),
    request: async <Body>(
      method: string,
      path: string,
      init?: { body?: unknown; headers?: Record<string, string> },
    ) => keep(await client.request<Body>(method, path, init)),
  });
  const keep = <T extends { body: unknown; headers: Headers }>(answer: T): T => {
    answers.push(JSON.stringify(answer.body), JSON.stringify([...answer.headers]));
    return answer;
  };

  const executionOf = async (executionId: string) =>
    (await partner.get<ExecutionAnswer>(`/v1/executions/${executionId}`)).body;
  const sellerOf = async (sellerId: string) =>
    (await partner.get<SellerAnswer>(`/v1/sellers/${sellerId}`)).body;
  const repositories = () => import('#lib/repositories/seller-tokens.ts');
  const emailsTo = async (address: string) =>
    (await sentEmails(runtime)).filter((email) => email.destination.to.includes(address));

  beforeAll(async () => {
    capture(process.stdout);
    capture(process.stderr);
    runtime = await startTestRuntime({ time: PARKED });
    const created = await createPartner(runtime);
    partnerId = created.partnerId;
    managerEmail = created.managerEmails[0] ?? '';
    partnerName = created.name;
    key = await createApiKey(runtime, { partnerId, role: 'partner' });
    partner = recording(api(runtime, key));
  });

  afterAll(async () => {
    await runtime?.close();
    for (const undo of restore) undo();
  });

  it('authorizes a seller: code exchanged, shop found, tokens sealed, ACTIVE, emails sent, first refresh cycle waiting', async () => {
    // Arrange
    const contactEmail = 'owner@glow.example.com';

    // Act
    const run = await authorizeSeller(runtime, key, {
      shopName: 'Glow Beauty',
      contactEmail,
      services: ['listing-optimization', 'livestream-planning'],
    });

    // Assert
    const { sellerId, executionId } = run.answer.body;
    expect(run.execution.status).toBe('SUCCEEDED');
    expect(await statePath(runtime, run.executionArn)).toEqual(AUTHORIZED_PATH);
    expect(run.seller).toMatchObject({
      status: 'ACTIVE',
      services: ['listing-optimization', 'livestream-planning'],
      shop: { shopId: run.issued?.shop.id, name: 'Glow Beauty', region: 'ID' },
      tokens: { lastSource: 'authorization' },
    });
    expect(Date.parse(run.seller.tokens?.accessTokenExpiresAt ?? '')).toBeGreaterThan(
      Date.now() + 6 * 86_400_000,
    );
    expect((await executionOf(executionId)).outcome).toMatchObject({
      status: 'ACTIVE',
      notifications: { confirmationEmails: 'SENT' },
    });
    expect((await emailsTo(contactEmail)).map((email) => email.subject)).toEqual([
      `Glow Beauty is now connected to ${partnerName}`,
    ]);
    expect((await emailsTo(managerEmail)).map((email) => email.subject)).toContain(
      'Seller authorized: Glow Beauty',
    );
    const firstCycle = await pollUntil(async () => {
      const path = await statePath(runtime, refreshCycleArn(sellerId, 1)).catch(() => []);
      return path.at(-1) === 'WaitUntilRefreshDue' ? path : undefined;
    });
    expect(firstCycle).toEqual(['RouteByMode', 'PlanTokenRefresh', 'RefreshDecision', 'WaitUntilRefreshDue']);
  });

  it('answers a retried request with the same Idempotency-Key and body with the first answer, starting nothing twice', async () => {
    // Arrange
    const issued = runtime.tiktok.issueAuthCode({ shopName: 'Twice Shop', region: 'ID' });
    const body = {
      seller: { shopName: 'Twice Shop', region: 'ID', contactEmail: 'owner@twice.example.com' },
      authCode: issued.code,
      services: ['pricing-strategy'],
    };

    // Act
    const first = await partner.post<{ executionId: string; sellerId: string }>(
      '/v1/sellers/authorizations',
      body,
      {
        'idempotency-key': 'twice-1',
      },
    );
    const second = await partner.post<{ executionId: string; sellerId: string }>(
      '/v1/sellers/authorizations',
      body,
      {
        'idempotency-key': 'twice-1',
      },
    );

    // Assert
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const done = await waitForExecution(
      runtime,
      executionArnFor('seller-authorization', first.body.executionId),
    );
    expect(done.status).toBe('SUCCEEDED');
    expect((await sellerOf(first.body.sellerId)).status).toBe('ACTIVE');
  });

  it.each([
    ['an invalid code', () => 'ROW_code_no-such-code-0000', 'The auth_code is invalid.'],
    [
      'an expired code (older than 30 minutes)',
      () => runtime.tiktok.issueAuthCode({ shopName: 'Late Shop', region: 'ID', ageSeconds: 31 * 60 }).code,
      'The auth_code has expired.',
    ],
  ])('fails on %s: seller FAILED, asked by email to authorize again', async (_name, code, tiktokMessage) => {
    // Arrange
    const contactEmail = `owner-${Math.random().toString(36).slice(2)}@late.example.com`;

    // Act
    const run = await authorizeSeller(runtime, key, {
      shopName: 'Late Shop',
      authCode: code(),
      contactEmail,
    });

    // Assert
    expect(run.execution.status).toBe('SUCCEEDED');
    expect(await statePath(runtime, run.executionArn)).toEqual(CODE_REJECTED_PATH);
    expect(run.seller.status).toBe('FAILED');
    expect(run.seller.failure).toMatchObject({ code: 'AUTH_CODE_REJECTED' });
    expect(run.seller.failure?.message).toContain(tiktokMessage);
    expect(run.seller.tokens).toBeUndefined();
    expect((await executionOf(run.answer.body.executionId)).outcome).toMatchObject({
      status: 'FAILED',
      reason: 'AUTH_CODE_REJECTED',
      notifications: { reauthorizationRequest: 'SENT' },
    });
    const [email] = await emailsTo(contactEmail);
    expect(email?.subject).toContain('Please authorize');
    expect(email?.body.text).toContain('had expired (codes last 30 minutes) or had already been used');
  });

  it('fails on a reused code, leaving the seller that used it ACTIVE', async () => {
    // Arrange
    const first = await authorizeSeller(runtime, key, { shopName: 'Reuse Shop' });
    const code = first.issued?.code ?? '';

    // Act
    const second = await authorizeSeller(runtime, key, { shopName: 'Reuse Shop', authCode: code });

    // Assert
    expect(first.seller.status).toBe('ACTIVE');
    expect(await statePath(runtime, second.executionArn)).toEqual(CODE_REJECTED_PATH);
    expect(second.seller).toMatchObject({ status: 'FAILED', failure: { code: 'AUTH_CODE_REJECTED' } });
    expect(second.seller.failure?.message).toContain('already been used');
    expect((await sellerOf(first.answer.body.sellerId)).status).toBe('ACTIVE');
  });

  it('retries a 429 from TikTok Shop with backoff and then authorizes', async () => {
    // Arrange
    runtime.tiktok.injectFault({ endpoint: 'token/get', kind: 'rate-limit', times: 1 });
    const before = runtime.tiktok.state.requests.length;

    // Act
    const run = await authorizeSeller(runtime, key, { shopName: 'Busy Shop' });

    // Assert
    expect(run.seller.status).toBe('ACTIVE');
    expect(await statePath(runtime, run.executionArn)).toEqual(AUTHORIZED_PATH);
    const tokenCalls = runtime.tiktok.state.requests
      .slice(before)
      .filter((call) => call.path === '/api/v2/token/get');
    expect(tokenCalls.map((call) => call.status)).toEqual([429, 200]);
  });

  it('refuses a shop another ACTIVE seller holds, and tells the partner to renew that seller instead', async () => {
    // Arrange
    const holder = await authorizeSeller(runtime, key, { shopName: 'Held Shop' });

    // Act
    const second = await authorizeSeller(runtime, key, { shopName: 'Held Shop' });

    // Assert
    expect(await statePath(runtime, second.executionArn)).toEqual([
      'RouteByMode',
      'ValidateAuthorization',
      'ExchangeAuthCode',
      'GetAuthorizedShop',
      'StoreSellerTokens',
      'RecordAuthorizationFailure',
      'SendReauthorizationRequest',
      'RecordAuthorizationOutcome',
      'RouteOutcome',
      'AuthorizationComplete',
      'AuthorizationRecorded',
    ]);
    expect(second.seller).toMatchObject({ status: 'FAILED', failure: { code: 'SHOP_ALREADY_AUTHORIZED' } });
    expect(second.seller.failure?.message).toContain(holder.answer.body.sellerId);
    expect((await sellerOf(holder.answer.body.sellerId)).status).toBe('ACTIVE');
  });

  it('compensates a failure after the tokens were stored: the new seller FAILED, its tokens gone, the execution failed', async () => {
    // Arrange
    const { dynamodb } = await import('#lib/clients/dynamodb.ts');
    const send = dynamodb.send.bind(dynamodb);
    const spy = vi.spyOn(dynamodb, 'send').mockImplementation(((command: {
      input: Record<string, unknown>;
    }) => {
      const values = command.input.ExpressionAttributeValues as Record<string, unknown> | undefined;
      if (values?.[':status'] === 'ACTIVE' && values[':services'] !== undefined) {
        return Promise.reject(
          Object.assign(new Error('The table is gone'), { name: 'ResourceNotFoundException' }),
        );
      }
      return send(command as never);
    }) as typeof dynamodb.send);

    // Act
    let run: Awaited<ReturnType<typeof authorizeSeller>>;
    try {
      run = await authorizeSeller(runtime, key, { shopName: 'Broken Shop' });
    } finally {
      spy.mockRestore();
    }

    // Assert
    expect(run.execution.status).toBe('FAILED');
    expect(run.execution.error).toBe('PartnerFlow.AuthorizationFailed');
    expect((await statePath(runtime, run.executionArn)).slice(-3)).toEqual([
      'ActivateSellerServices',
      'CompensateFailedAuthorization',
      'AuthorizationFailed',
    ]);
    expect(run.seller).toMatchObject({ status: 'FAILED', failure: { code: 'PROCESSING_FAILED' } });
    expect(await (await repositories()).getTokenMetadata(run.answer.body.sellerId)).toBeUndefined();
  });

  it('compensates an execution started without a valid seller', async () => {
    // Act
    const started = await runtime.sfnClient.send(
      new StartExecutionCommand({
        stateMachineArn: localStateMachineArn('seller-authorization'),
        name: 'sa_nobody-authorization',
        input: JSON.stringify({
          mode: 'authorize',
          authorizationId: 'sa_nobody',
          sellerId: 'sl_nobody',
          partnerId,
          reauthorization: false,
          seller: { shopName: 'Nobody', region: 'ID', contactEmail: 'nobody@example.com' },
          services: ['data-analysis'],
          requestedAt: new Date().toISOString(),
        }),
      }),
    );
    const done = await waitForExecution(runtime, started.executionArn ?? '');

    // Assert
    expect(done.status).toBe('FAILED');
    expect(await statePath(runtime, started.executionArn ?? '')).toEqual([
      'RouteByMode',
      'ValidateAuthorization',
      'CompensateFailedAuthorization',
      'AuthorizationFailed',
    ]);
  });

  it('validates the request: 400 with details, 422 for services the partner does not sell, 404 for a foreign seller', async () => {
    // Arrange
    const narrow = await createPartner(runtime);
    const admin = await import('#cli/admin.ts');
    await admin.setPartnerSettings(narrow.partnerId, {
      'seller-authorization': { services: ['data-analysis'] },
    });
    const narrowKey = await createApiKey(runtime, { partnerId: narrow.partnerId, role: 'partner' });
    const narrowClient = recording(api(runtime, narrowKey));
    const good = {
      seller: { shopName: 'X', region: 'ID', contactEmail: 'x@example.com' },
      authCode: 'ROW_code_xxxxxxxx',
      services: ['data-analysis'],
    };
    const existing = await authorizeSeller(runtime, key, { shopName: 'Mine Shop' });

    // Act
    const invalid = await partner.post<{ error: { details: { path: string }[] } }>(
      '/v1/sellers/authorizations',
      {
        seller: { shopName: '', region: 'id', contactEmail: 'nope' },
        authCode: 'x',
        services: ['juggling', 'data-analysis', 'data-analysis'],
      },
    );
    const notOffered = await narrowClient.post<{ error: { details: { path: string }[] } }>(
      '/v1/sellers/authorizations',
      { ...good, services: ['data-analysis', 'pricing-strategy'] },
    );
    const foreign = await narrowClient.post('/v1/sellers/authorizations', {
      ...good,
      sellerId: existing.answer.body.sellerId,
    });
    const foreignGet = await narrowClient.get(`/v1/sellers/${existing.answer.body.sellerId}`);

    // Assert
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.map((detail) => detail.path)).toEqual(
      expect.arrayContaining([
        'authCode',
        'seller.contactEmail',
        'seller.region',
        'seller.shopName',
        'services.0',
      ]),
    );
    expect(notOffered.status).toBe(422);
    expect(notOffered.body.error.details).toEqual([
      { path: 'services.1', issue: '"pricing-strategy" is not in the partner\'s service catalogue' },
    ]);
    expect(foreign.status).toBe(404);
    expect(foreignGet.status).toBe(404);
  });

  it('lists the partner sellers by status', async () => {
    // Act
    const active = await partner.get<{ items: SellerAnswer[] }>('/v1/sellers?status=ACTIVE&limit=100');
    const failed = await partner.get<{ items: SellerAnswer[] }>('/v1/sellers?status=FAILED&limit=100');
    const wrong = await partner.get('/v1/sellers?status=SLEEPING');

    // Assert
    expect(active.status).toBe(200);
    expect(active.body.items.length).toBeGreaterThan(0);
    expect(
      active.body.items.every((seller) => seller.status === 'ACTIVE' && seller.tokens !== undefined),
    ).toBe(true);
    expect(failed.body.items.every((seller) => seller.status === 'FAILED')).toBe(true);
    expect(failed.body.items.length).toBeGreaterThan(0);
    expect(wrong.status).toBe(400);
  });

  it('refreshes before expiry (waits shortened by the runtime), storing each new pair in one version-checked write', async () => {
    // Arrange
    const { getTokenMetadata, readSellerTokens } = await repositories();
    runtime.sfn.setTimeOverrides(RIGHT_AWAY);
    let sellerId = '';

    // Act
    try {
      const run = await authorizeSeller(runtime, key, { shopName: 'Fresh Shop' });
      sellerId = run.answer.body.sellerId;
      await pollUntil(async () => ((await getTokenMetadata(sellerId))?.version ?? 0) >= 3 || undefined, {
        timeoutMs: 20_000,
      });
    } finally {
      runtime.sfn.setTimeOverrides(PARKED);
    }
    const parked = await pollUntil(async () => {
      const version = (await getTokenMetadata(sellerId))?.version ?? 0;
      const path = await statePath(runtime, refreshCycleArn(sellerId, version)).catch(() => []);
      return path.at(-1) === 'WaitUntilRefreshDue' ? version : undefined;
    });

    // Assert
    expect(await statePath(runtime, refreshCycleArn(sellerId, 1))).toEqual(REFRESHED_PATH);
    expect(await statePath(runtime, refreshCycleArn(sellerId, 2))).toEqual(REFRESHED_PATH);
    const stored = await readSellerTokens(sellerId);
    expect(stored?.metadata).toMatchObject({ version: parked, source: 'refresh' });
    // The stored pair is TikTok's newest: its access token works, and its refresh token is the live one.
    expect(runtime.tiktok.state.shopsFor(stored?.pair.accessToken ?? '').status).toBe(200);
    const issued = runtime.tiktok.state.issuedTokens();
    expect(issued.indexOf(stored?.pair.refreshToken ?? '')).toBe(
      issued.indexOf(stored?.pair.accessToken ?? '') + 1,
    );
    expect((await sellerOf(sellerId)).tokens?.lastSource).toBe('refresh');
  });

  it('marks the seller REAUTH_REQUIRED when TikTok refuses the refresh, keeps the old pair, alerts ops; a renewal with sellerId makes it ACTIVE again', async () => {
    // Arrange
    const { readSellerTokens } = await repositories();
    const contactEmail = 'owner@stale.example.com';
    runtime.tiktok.injectFault({ endpoint: 'token/refresh', kind: 'invalid-refresh-token', times: 1 });
    const issuedBefore = runtime.tiktok.state.issuedTokens().length;

    // Act
    runtime.sfn.setTimeOverrides(RIGHT_AWAY);
    let run: Awaited<ReturnType<typeof authorizeSeller>>;
    let cycle: Awaited<ReturnType<typeof waitForExecution>>;
    try {
      run = await authorizeSeller(runtime, key, { shopName: 'Stale Shop', contactEmail });
      cycle = await waitForExecution(runtime, refreshCycleArn(run.answer.body.sellerId, 1));
    } finally {
      runtime.sfn.setTimeOverrides(PARKED);
    }
    const { sellerId } = run.answer.body;
    const afterFailure = await sellerOf(sellerId);
    const kept = await readSellerTokens(sellerId);
    const renewal = await authorizeSeller(runtime, key, { shopName: 'Stale Shop', contactEmail, sellerId });

    // Assert
    expect(cycle.status).toBe('FAILED');
    expect(cycle.error).toBe('PartnerFlow.ReauthRequired');
    expect(await statePath(runtime, refreshCycleArn(sellerId, 1))).toEqual(REAUTH_REQUIRED_PATH);
    expect(afterFailure).toMatchObject({ status: 'REAUTH_REQUIRED', failure: { code: 'REFRESH_REJECTED' } });
    const [accessToken, refreshToken] = runtime.tiktok.state
      .issuedTokens()
      .slice(issuedBefore, issuedBefore + 2);
    expect(kept?.pair).toEqual({ accessToken, refreshToken });
    expect(kept?.metadata.version).toBe(1);
    expect((await emailsTo(contactEmail)).map((email) => email.subject)).toContain(
      `Please authorize ${partnerName} again for Stale Shop`,
    );
    expect((await emailsTo(managerEmail)).map((email) => email.subject)).toContain(
      'Re-authorization needed: Stale Shop',
    );
    expect(await statePath(runtime, renewal.executionArn)).toEqual(AUTHORIZED_PATH);
    expect(renewal.answer.body.sellerId).toBe(sellerId);
    expect(renewal.seller).toMatchObject({ status: 'ACTIVE', lastAuthorization: { result: 'AUTHORIZED' } });
    expect(renewal.seller.failure).toBeUndefined();
    expect((await readSellerTokens(sellerId))?.metadata.version).toBe(2);
  });

  it('fails a renewal that comes back for another shop, keeping the seller as it was', async () => {
    // Arrange
    const held = await authorizeSeller(runtime, key, { shopName: 'Kept Shop' });
    const contactEmail = 'owner@kept.example.com';

    // Act
    const renewal = await authorizeSeller(runtime, key, {
      shopName: 'Another Shop',
      contactEmail,
      sellerId: held.answer.body.sellerId,
    });

    // Assert
    expect(await statePath(runtime, renewal.executionArn)).toEqual([
      'RouteByMode',
      'ValidateAuthorization',
      'ExchangeAuthCode',
      'GetAuthorizedShop',
      'RecordAuthorizationFailure',
      'SendReauthorizationRequest',
      'RecordAuthorizationOutcome',
      'RouteOutcome',
      'AuthorizationComplete',
      'AuthorizationRecorded',
    ]);
    expect(renewal.seller).toMatchObject({
      status: 'ACTIVE',
      shop: { shopId: held.seller.shop?.shopId },
      lastAuthorization: { result: 'FAILED' },
    });
    expect((await emailsTo(contactEmail))[0]?.body.text).toContain('was not for this shop');
  });

  it('keeps an authorization whose confirmation email SES refused, and says so in the outcome', async () => {
    // Arrange
    const { ses } = await import('#lib/clients/ses.ts');
    const spy = vi
      .spyOn(ses, 'send')
      .mockRejectedValue(
        Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }),
      );

    // Act
    let run: Awaited<ReturnType<typeof authorizeSeller>>;
    try {
      run = await authorizeSeller(runtime, key, { shopName: 'Quiet Shop' });
    } finally {
      spy.mockRestore();
    }

    // Assert
    expect(await statePath(runtime, run.executionArn)).toEqual(AUTHORIZED_PATH);
    expect(run.seller.status).toBe('ACTIVE');
    expect((await executionOf(run.answer.body.executionId)).outcome).toMatchObject({
      status: 'ACTIVE',
      notifications: { confirmationEmails: 'FAILED' },
    });
  });

  it('still starts the refresh cycle when the outcome cannot be counted, and fails the execution for ops', async () => {
    // Arrange
    const { dynamodb } = await import('#lib/clients/dynamodb.ts');
    const send = dynamodb.send.bind(dynamodb);
    const spy = vi.spyOn(dynamodb, 'send').mockImplementation(((command: {
      input: Record<string, unknown>;
    }) => {
      const pk = (command.input.Key as Record<string, unknown> | undefined)?.pk;
      if (typeof pk === 'string' && pk.startsWith('METRICS#')) {
        return Promise.reject(Object.assign(new Error('Access denied'), { name: 'AccessDeniedException' }));
      }
      return send(command as never);
    }) as typeof dynamodb.send);

    // Act
    let run: Awaited<ReturnType<typeof authorizeSeller>>;
    try {
      run = await authorizeSeller(runtime, key, { shopName: 'Uncounted Shop' });
    } finally {
      spy.mockRestore();
    }

    // Assert
    expect(run.execution).toMatchObject({ status: 'FAILED', error: 'PartnerFlow.OutcomeNotCounted' });
    expect((await statePath(runtime, run.executionArn)).slice(-5)).toEqual([
      'RecordAuthorizationOutcome',
      'RouteOutcome',
      'StartTokenRefresh',
      'AuthorizationComplete',
      'OutcomeNotCounted',
    ]);
    expect(run.seller.status).toBe('ACTIVE');
    expect(await statePath(runtime, refreshCycleArn(run.answer.body.sellerId, 1))).toContain(
      'PlanTokenRefresh',
    );
  });

  it('rides out a TikTok outage during a refresh: retries, waits, and refreshes once TikTok answers again', async () => {
    // Arrange: every client attempt (4) of every task attempt (1 + 6 retries) fails, then TikTok is back.
    const { getTokenMetadata } = await repositories();
    const refreshStatuses = () =>
      runtime.tiktok.state.requests
        .filter((call) => call.path === '/api/v2/token/refresh')
        .map((call) => call.status);
    const refreshesBefore = refreshStatuses().length;
    runtime.tiktok.injectFault({ endpoint: 'token/refresh', kind: 'server-error', times: 4 * 7 });
    runtime.sfn.setTimeOverrides({
      timeScale: 0.001,
      waitMs: { WaitUntilRefreshDue: 0, WaitBeforeRefreshRetry: 0 },
    });
    let sellerId = '';

    // Act
    try {
      const run = await authorizeSeller(runtime, key, { shopName: 'Outage Shop' });
      sellerId = run.answer.body.sellerId;
      await pollUntil(async () => ((await getTokenMetadata(sellerId))?.version ?? 0) >= 2 || undefined, {
        timeoutMs: 30_000,
      });
    } finally {
      runtime.sfn.setTimeOverrides(PARKED);
    }
    const cycle = await waitForExecution(runtime, refreshCycleArn(sellerId, 1));

    // Assert
    expect(cycle.status).toBe('SUCCEEDED');
    // Every faulted call failed, and the first call after the outage refreshed (a later cycle may refresh again).
    const refreshCalls = refreshStatuses().slice(refreshesBefore, refreshesBefore + 4 * 7 + 1);
    expect(refreshCalls).toEqual([...Array(4 * 7).fill(500), 200]);
    expect(await statePath(runtime, refreshCycleArn(sellerId, 1))).toEqual([
      'RouteByMode',
      'PlanTokenRefresh',
      'RefreshDecision',
      'WaitUntilRefreshDue',
      'RefreshAccessToken',
      'WaitBeforeRefreshRetry',
      'RefreshAccessToken',
      'RefreshOutcome',
      'ContinueRefreshCycle',
      'TokenRefreshContinued',
    ]);
    expect((await sellerOf(sellerId)).status).toBe('ACTIVE');
  });

  it('counts each finished authorization once in the partner week, as its outcome says', async () => {
    // Arrange: an independent tally, from the outcome of every authorization execution of this file.
    const { readWeeklyCounters } = await import('#lib/metrics/weekly-counters.ts');
    const { isoWeekOf, localDate } = await import('#lib/metrics/calendar.ts');
    const outcomes: { status: string; reauthorization: boolean }[] = [];
    let nextToken: string | undefined;
    do {
      const page = await runtime.sfnClient.send(
        new ListExecutionsCommand({
          stateMachineArn: localStateMachineArn('seller-authorization'),
          statusFilter: 'SUCCEEDED',
          nextToken,
        }),
      );
      for (const execution of page.executions ?? []) {
        if (!execution.name?.startsWith('sa_')) continue;
        const described = await runtime.sfnClient.send(
          new DescribeExecutionCommand({ executionArn: execution.executionArn }),
        );
        const input = JSON.parse(described.input ?? '{}') as { reauthorization?: boolean };
        const output = JSON.parse(described.output ?? '{}') as { status?: string };
        outcomes.push({ status: output.status ?? '', reauthorization: input.reauthorization === true });
      }
      nextToken = page.nextToken;
    } while (nextToken !== undefined);

    // Act
    const { counters } = await readWeeklyCounters(
      partnerId,
      isoWeekOf(localDate(new Date(), 'Asia/Jakarta')),
    );

    // Assert
    const active = outcomes.filter((outcome) => outcome.status === 'ACTIVE');
    expect(active.length).toBeGreaterThan(5);
    expect(counters['sellers.authorized']).toBe(active.length);
    expect(counters['sellers.reauthorized']).toBe(active.filter((outcome) => outcome.reauthorization).length);
    expect(counters['sellers.authorizationFailed']).toBe(
      outcomes.filter((outcome) => outcome.status === 'FAILED').length,
    );
  });

  it('never lets a token or auth code reach a log, an execution history, an email, an API answer or the table in clear', async () => {
    // Arrange: a full run on top of everything above: a seller authorized, refreshed, listed and read.
    runtime.sfn.setTimeOverrides(RIGHT_AWAY);
    try {
      const run = await authorizeSeller(runtime, key, { shopName: 'Secret Shop' });
      await pollUntil(async () => {
        const { getTokenMetadata } = await repositories();
        return ((await getTokenMetadata(run.answer.body.sellerId))?.version ?? 0) >= 2 || undefined;
      });
      await partner.get(`/v1/sellers/${run.answer.body.sellerId}`);
      await partner.get(`/v1/executions/${run.answer.body.executionId}`);
    } finally {
      runtime.sfn.setTimeOverrides(PARKED);
    }
    const secrets = [...runtime.tiktok.state.issuedTokens(), ...runtime.tiktok.state.issuedAuthCodes()];
    const histories: string[] = [];
    for (const workflow of ['seller-authorization', 'seller-notification'] as WorkflowName[]) {
      let nextToken: string | undefined;
      do {
        const page = await runtime.sfnClient.send(
          new ListExecutionsCommand({ stateMachineArn: localStateMachineArn(workflow), nextToken }),
        );
        for (const execution of page.executions ?? []) {
          histories.push(JSON.stringify(await historyOf(runtime, execution.executionArn ?? '')));
        }
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
    }
    const emails = JSON.stringify(await sentEmails(runtime));
    const table = JSON.stringify(
      (await runtime.documentClient.send(new ScanCommand({ TableName: runtime.tableName }))).Items,
    );

    // Act
    const places: Record<string, string> = {
      'runtime log': runtime.logs.join('\n'),
      'stdout and stderr': output.join(''),
      'execution histories': histories.join('\n'),
      'API answers': answers.join('\n'),
      emails,
      'the table': table,
    };
    const leaks = Object.entries(places).flatMap(([place, text]) =>
      secrets.filter((secret) => text.includes(secret)).map((secret) => `${place}: ${secret.slice(0, 8)}…`),
    );

    // Assert: the search covered a real run (tokens issued, histories and logs written), and found nothing.
    expect(secrets.length).toBeGreaterThan(20);
    expect(histories.length).toBeGreaterThan(15);
    expect(output.join('').length).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
  });
});
