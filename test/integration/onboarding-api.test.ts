import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStateMachineArn } from '#catalog/naming.ts';
import type { CreatorApplication } from '#functions/creators/schemas.ts';
import { creatorApplication } from '#test/support/onboarding.ts';
import {
  api,
  createApiKey,
  createPartner,
  startTestRuntime,
  type TestRuntime,
} from '#test/support/runtime.ts';

interface StartAnswer {
  readonly executionId: string;
  readonly workflow: string;
  readonly creatorId: string;
  readonly status: string;
  readonly links: { readonly execution: string; readonly creator: string };
}
interface ErrorAnswer {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details: { path: string; issue: string }[];
  };
}
interface CreatorAnswer {
  readonly creatorId: string;
  readonly handle: string;
  readonly gmv30d: { readonly amount: string; readonly currency: string };
  readonly executionId: string;
}
interface CreatorPage {
  readonly items: CreatorAnswer[];
  readonly nextCursor?: string;
}

let runtime: TestRuntime;
let acmeKey: string;
let globexKey: string;
let acmeManagerKey: string;
let opsKey: string;
let acmeId: string;

const onboard = (key: string, creator: unknown, headers?: Record<string, string>) =>
  api(runtime, key).post<StartAnswer & ErrorAnswer>('/v1/creators/onboardings', { creator }, headers);

async function onboardingExecutionCount(): Promise<number> {
  let count = 0;
  let nextToken: string | undefined;
  do {
    const page = await runtime.sfnClient.send(
      new ListExecutionsCommand({ stateMachineArn: localStateMachineArn('creator-onboarding'), nextToken }),
    );
    count += page.executions?.length ?? 0;
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return count;
}

beforeAll(async () => {
  runtime = await startTestRuntime();
  const acme = await createPartner(runtime);
  const globex = await createPartner(runtime);
  acmeId = acme.partnerId;
  acmeKey = await createApiKey(runtime, { role: 'partner', partnerId: acme.partnerId });
  globexKey = await createApiKey(runtime, { role: 'partner', partnerId: globex.partnerId });
  acmeManagerKey = await createApiKey(runtime, { role: 'manager', partnerId: acme.partnerId });
  opsKey = await createApiKey(runtime, { role: 'ops' });
});

afterAll(() => runtime?.close());

describe('POST /v1/creators/onboardings', () => {
  it('answers 202 with the execution, which exists, and the creator it stored', async () => {
    // Arrange
    const application = creatorApplication({ gmv30d: 1234.5 });

    // Act
    const answer = await onboard(acmeKey, application);

    // Assert
    expect(answer.status).toBe(202);
    const { creatorId, executionId } = answer.body;
    expect(answer.body).toEqual({
      executionId: `${creatorId}-onboarding`,
      workflow: 'creator-onboarding',
      creatorId,
      status: 'RUNNING',
      links: { execution: `/v1/executions/${executionId}`, creator: `/v1/creators/${creatorId}` },
    });
    expect(answer.headers.get('location')).toBe(`/v1/executions/${executionId}`);
    const execution = await api(runtime, acmeKey).get<{ executionId: string; workflow: string }>(
      answer.body.links.execution,
    );
    expect(execution.status).toBe(200);
    expect(execution.body).toMatchObject({ executionId, workflow: 'creator-onboarding' });
    const creator = await api(runtime, acmeKey).get<CreatorAnswer>(answer.body.links.creator);
    expect(creator.status).toBe(200);
    expect(creator.body).toMatchObject({
      creatorId,
      handle: application.handle,
      gmv30d: { amount: '1234.50', currency: 'USD' },
      executionId,
    });
    expect(creator.body).not.toHaveProperty('pk');
    expect(creator.body).not.toHaveProperty('birthDate');
  });

  it('answers 400 with one detail per problem', async () => {
    // Arrange
    const application = {
      ...creatorApplication(),
      handle: '@ann',
      followers: 'many',
      engagementRate: 1.5,
      nickname: 'Annie',
    };

    // Act
    const answer = await onboard(acmeKey, application);

    // Assert
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('validation_failed');
    const paths = answer.body.error.details.map((detail) => detail.path).sort();
    expect(paths).toEqual([
      'creator.engagementRate',
      'creator.followers',
      'creator.handle',
      'creator.nickname',
    ]);
  });

  it('answers 413 over 64 KB, 415 to another content type and 400 to a body that is not JSON', async () => {
    // Act
    const tooLarge = await api(runtime, acmeKey).post<ErrorAnswer>('/v1/creators/onboardings', {
      creator: { ...creatorApplication(), displayName: 'x'.repeat(65 * 1024) },
    });
    const wrongType = await api(runtime, acmeKey).post<ErrorAnswer>(
      '/v1/creators/onboardings',
      JSON.stringify({ creator: creatorApplication() }),
      { 'content-type': 'text/plain' },
    );
    const notJson = await api(runtime, acmeKey).post<ErrorAnswer>(
      '/v1/creators/onboardings',
      '{"creator": {',
    );

    // Assert
    expect([tooLarge.status, wrongType.status, notJson.status]).toEqual([413, 415, 400]);
    expect(notJson.body.error.code).toBe('bad_request');
  });

  it('answers 403 to a manager key', async () => {
    const answer = await onboard(acmeManagerKey, creatorApplication());
    expect(answer.status).toBe(403);
  });

  it('answers 409 to a handle that is already taken', async () => {
    // Arrange
    const application = creatorApplication();
    expect((await onboard(acmeKey, application)).status).toBe(202);

    // Act
    const again = await onboard(globexKey, { ...application, email: 'other@example.com' });

    // Assert
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'conflict',
      details: [{ path: 'creator.handle', issue: 'is already active or under review' }],
    });
  });

  it('accepts exactly one of two concurrent submissions of one handle', async () => {
    // Arrange
    const application = creatorApplication();

    // Act
    const answers = await Promise.all([onboard(acmeKey, application), onboard(globexKey, application)]);

    // Assert
    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409]);
  });
});

describe('Idempotency-Key', () => {
  it('replays the first answer and starts one execution', async () => {
    // Arrange
    const application = creatorApplication();
    const headers = { 'idempotency-key': `replay-${application.handle}` };
    const before = await onboardingExecutionCount();

    // Act
    const first = await onboard(acmeKey, application, headers);
    const replay = await onboard(acmeKey, application, headers);

    // Assert
    expect(first.status).toBe(202);
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get('location')).toBe(first.headers.get('location'));
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await onboardingExecutionCount()).toBe(before + 1);
  });

  it('answers 422 to the same key with another body', async () => {
    // Arrange
    const application = creatorApplication();
    const headers = { 'idempotency-key': `mismatch-${application.handle}` };
    expect((await onboard(acmeKey, application, headers)).status).toBe(202);

    // Act
    const other = await onboard(acmeKey, { ...application, followers: application.followers + 1 }, headers);

    // Assert
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('unprocessable_entity');
  });
});

describe('creator reads', () => {
  it("answers 404 for another partner's creator and execution", async () => {
    // Arrange
    const started = await onboard(acmeKey, creatorApplication());

    // Act
    const creator = await api(runtime, globexKey).get<ErrorAnswer>(started.body.links.creator);
    const execution = await api(runtime, globexKey).get<ErrorAnswer>(started.body.links.execution);
    const missing = await api(runtime, globexKey).get<ErrorAnswer>('/v1/creators/cr_doesnotexist');

    // Assert
    expect([creator.status, execution.status]).toEqual([404, 404]);
    expect(creator.body.error.message).toBe(missing.body.error.message);
  });

  it('pages the list with limit and cursor, newest first, and refuses a forged cursor', async () => {
    // Arrange
    const partner = await createPartner(runtime);
    const key = await createApiKey(runtime, { role: 'partner', partnerId: partner.partnerId });
    const created: string[] = [];
    for (const application of [
      creatorApplication(),
      creatorApplication(),
      creatorApplication(),
    ] as CreatorApplication[]) {
      const answer = await onboard(key, application);
      created.push(answer.body.creatorId);
    }

    // Act
    const first = await api(runtime, key).get<CreatorPage>('/v1/creators?limit=2');
    const second = await api(runtime, key).get<CreatorPage>(
      `/v1/creators?limit=2&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`,
    );
    const forged = await api(runtime, key).get<ErrorAnswer>(
      '/v1/creators?cursor=eyJwayI6IlBBUlRORVIjYWNtZSJ9',
    );
    const foreign = await api(runtime, globexKey).get<ErrorAnswer>(
      `/v1/creators?cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`,
    );

    // Assert
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expect(second.body.items).toHaveLength(1);
    expect(second.body).not.toHaveProperty('nextCursor');
    expect([...first.body.items, ...second.body.items].map((item) => item.creatorId)).toEqual(
      [...created].reverse(),
    );
    expect(forged.status).toBe(400);
    expect(forged.body.error.details).toEqual([
      { path: 'cursor', issue: 'is not a cursor this list returned' },
    ]);
    expect(foreign.status).toBe(400);
  });

  it('makes ops name the partner of a list, and refuses a partner key naming another', async () => {
    // Act
    const unnamed = await api(runtime, opsKey).get<ErrorAnswer>('/v1/creators');
    const named = await api(runtime, opsKey).get<CreatorPage>(`/v1/creators?partnerId=${acmeId}&limit=1`);
    const trespass = await api(runtime, globexKey).get<ErrorAnswer>(`/v1/creators?partnerId=${acmeId}`);

    // Assert
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error.details).toEqual([{ path: 'partnerId', issue: 'is required for ops keys' }]);
    expect(named.status).toBe(200);
    expect(named.body.items).toHaveLength(1);
    expect(trespass.status).toBe(403);
  });
});
