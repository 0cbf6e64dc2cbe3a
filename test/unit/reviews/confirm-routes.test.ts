import { randomBytes } from 'node:crypto';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import {
  DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  PutCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as confirmDecision } from '#functions/reviews/api/confirm-decision.ts';
import { handler as confirmPage } from '#functions/reviews/api/confirm-page.ts';
import { signReviewLink } from '#lib/auth/review-links.ts';
import type { Review } from '#lib/repositories/reviews.ts';
import { createLambdaContext } from '#local/lambda/context.ts';
import { proxyEvent } from '#test/support/api-events.ts';

const dynamodb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);

const MANAGER = 'maria@acme.test';
const review: Review = {
  reviewId: 'rv_abc',
  partnerId: 'acme',
  workflow: 'creator-onboarding',
  subject: { type: 'creator', id: 'cr_abc' },
  executionId: 'cr_abc-onboarding',
  status: 'PENDING',
  reasons: ['LOW_ENGAGEMENT'],
  summary: { displayName: '<script>alert(1)</script>', followers: 12_000 },
  createdAt: '2026-11-21T10:00:00.000Z',
  dueAt: '2099-11-24T10:00:00.000Z',
};

/** The review and its partner, with the conditional decision the repository makes. */
function fakeTable(managerEmails: readonly string[] = [MANAGER]) {
  let item: Record<string, unknown> = { pk: 'REVIEW#rv_abc', sk: 'REVIEW', taskToken: 'token-1', ...review };
  dynamodb
    .on(GetCommand)
    .callsFake((input: GetCommandInput) =>
      String(input.Key?.pk).startsWith('PARTNER#')
        ? { Item: { partnerId: 'acme', name: 'Acme', managerEmails, timezone: 'UTC', settings: {} } }
        : { Item: input.Key?.pk === 'REVIEW#rv_abc' ? item : undefined },
    );
  dynamodb.on(PutCommand).resolves({});
  dynamodb.on(UpdateCommand).callsFake((input: UpdateCommandInput) => {
    if (item.status !== 'PENDING')
      throw Object.assign(new Error('failed'), { name: 'ConditionalCheckFailedException' });
    const values = input.ExpressionAttributeValues ?? {};
    item = {
      ...item,
      status: values[':status'],
      decision: values[':decision'],
      decidedBy: values[':by'],
      decidedAt: values[':at'],
    };
    return { Attributes: item };
  });
}

const link = (overrides: Partial<{ reviewId: string; manager: string; expiresAt: string }> = {}) =>
  signReviewLink({
    reviewId: 'rv_abc',
    manager: MANAGER,
    expiresAt: '2099-11-24T10:00:00.000Z',
    ...overrides,
  });

async function openPage(query: string) {
  const event = proxyEvent({
    path: `/v1/reviews/rv_abc/confirm?${query}`,
    resource: '/v1/reviews/{reviewId}/confirm',
    pathParameters: { reviewId: 'rv_abc' },
  });
  const result = await confirmPage(event, createLambdaContext('review-confirm-page'));
  return {
    statusCode: result.statusCode,
    headers: (result.headers ?? {}) as Record<string, string>,
    html: result.body,
  };
}

async function postForm(
  fields: Record<string, string> | string,
  contentType = 'application/x-www-form-urlencoded',
) {
  const body = typeof fields === 'string' ? fields : new URLSearchParams(fields).toString();
  const event = proxyEvent({
    method: 'POST',
    path: '/v1/reviews/rv_abc/confirm',
    resource: '/v1/reviews/{reviewId}/confirm',
    pathParameters: { reviewId: 'rv_abc' },
    headers: [['Content-Type', contentType]],
    body,
  });
  const result = await confirmDecision(event, createLambdaContext('review-confirm-decision'));
  return {
    statusCode: result.statusCode,
    headers: (result.headers ?? {}) as Record<string, string>,
    html: result.body,
  };
}

beforeAll(() => {
  process.env.REVIEW_LINK_SECRET = randomBytes(32).toString('hex');
});
beforeEach(() => sfn.on(SendTaskSuccessCommand).resolves({}));
afterEach(() => {
  dynamodb.reset();
  sfn.reset();
});

describe('GET /v1/reviews/{reviewId}/confirm', () => {
  it('shows the review and a form that POSTs the decision, escaped and self-contained, and decides nothing', async () => {
    // Arrange
    fakeTable();
    const token = link();

    // Act
    const page = await openPage(
      new URLSearchParams({ token, decision: 'reject', utm_source: 'mail' }).toString(),
    );

    // Assert
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.html).toContain('<form method="post" action="confirm">');
    expect(page.html).toContain(`name="token" value="${token}"`);
    expect(page.html).toMatch(/value="reject" required checked/);
    expect(page.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.html).not.toContain('<script>');
    expect(page.html).not.toMatch(/(src|href)="https?:/);
    expect(dynamodb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('refuses a tampered link with a page, before reading anything', async () => {
    const page = await openPage(new URLSearchParams({ token: `${link()}x` }).toString());
    expect(page.statusCode).toBe(403);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.html).toContain('This review link is not valid');
    expect(dynamodb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('refuses a link of a manager the partner no longer has', async () => {
    fakeTable(['someone.else@acme.test']);
    const page = await openPage(new URLSearchParams({ token: link() }).toString());
    expect(page.statusCode).toBe(403);
  });
});

describe('POST /v1/reviews/{reviewId}/confirm', () => {
  it('decides as manager:<email>, resumes the workflow, and refuses to decide twice', async () => {
    // Arrange
    fakeTable();
    const form = { token: link(), decision: 'approve', reason: 'Looks good' };

    // Act
    const first = await postForm(form);
    const second = await postForm({ ...form, decision: 'reject' });

    // Assert
    expect(first.statusCode).toBe(200);
    expect(first.html).toContain('Decision recorded');
    const output = JSON.parse(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input.output ?? '{}');
    expect(output).toEqual({
      decision: 'approve',
      reason: 'Looks good',
      decidedBy: `manager:${MANAGER}`,
      reviewId: 'rv_abc',
    });
    expect(second.statusCode).toBe(409);
    expect(second.html).toContain('Already decided');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  it('refuses a link signed for another review, and an expired one', async () => {
    fakeTable();
    const otherReview = await postForm({
      token: link({ reviewId: 'rv_other' }),
      decision: 'approve',
      reason: 'x',
    });
    const expired = await postForm({
      token: link({ expiresAt: '2020-01-01T00:00:00.000Z' }),
      decision: 'approve',
      reason: 'x',
    });
    expect([otherReview.statusCode, expired.statusCode]).toEqual([403, 403]);
    expect(expired.html).toContain('expired');
    expect(dynamodb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('answers 415 (as a page) to JSON, and 400 to a field sent twice', async () => {
    const json = await postForm(
      JSON.stringify({ token: link(), decision: 'approve', reason: 'x' }),
      'application/json',
    );
    const twice = await postForm(
      `token=${encodeURIComponent(link())}&decision=approve&decision=reject&reason=x`,
    );
    expect(json.statusCode).toBe(415);
    expect(json.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(twice.statusCode).toBe(400);
    expect(twice.html).toContain('decision: must be sent once');
  });
});
