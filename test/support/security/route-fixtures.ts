/**
 * How the route matrix (test/integration/security/route-matrix.test.ts) calls each route of the catalog: the
 * request a caller makes against tenant A's data, and what the route answers when it is allowed. Keys and
 * roles need no fixture (401/403 are derived from the catalog for every route); tenant isolation does, because
 * only a real resource of A shows that B cannot reach it. A new route gets a line here, keyed `METHOD path`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { lastCompletedWeek, weeksBefore } from '#functions/reports/domain/weeks.ts';
import { signReviewLinkWith } from '#lib/auth/review-links.ts';
import { campaignRequest } from '#test/support/campaigns.ts';
import { creatorApplication } from '#test/support/onboarding.ts';
import type { Caller, World } from '#test/support/security/world.ts';
import { reportBody } from '#test/support/violations.ts';

export interface MatrixRequest {
  /** With the query string, if any. */
  readonly path: string;
  /** A JSON body (sent as `application/json`). */
  readonly json?: unknown;
  /** A form body (sent as `application/x-www-form-urlencoded`). */
  readonly form?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RouteFixture {
  /** The request `caller` makes; an allowed caller of A gets a fresh resource where a call uses one up. */
  readonly request: (world: World, caller: Caller) => MatrixRequest | Promise<MatrixRequest>;
  /** The answer to an allowed caller of A (partner A, manager A, ops). Default: the route's successStatus, else 200. */
  readonly success?: number;
  /** The answer to an allowed caller of B. Default 404: A's resource does not exist for B (nor is it revealed). */
  readonly otherTenant?: number;
  /** Public routes only: the answer every caller gets, whatever key it sends (no key grants anything there). */
  readonly publicStatus?: number;
}

/** A review link with a valid shape for A's review, signed with a key PartnerFlow does not have. */
const forgedLink = (world: World) =>
  signReviewLinkWith(randomBytes(32), {
    reviewId: world.a.reviewIds[2] ?? '',
    manager: world.a.managerEmail,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  });

/** A list as each caller reads it: a partner's or manager's key lists its own partner, ops name A. */
const listOfA = (world: World, caller: Caller, path: string): MatrixRequest => ({
  path: caller === 'ops' ? `${path}?partnerId=${world.a.partnerId}` : path,
});

const reportWeek = (weeksAgo: number) => weeksBefore(lastCompletedWeek(new Date(), 'Asia/Jakarta'), weeksAgo);

const DAY = 86_400_000;

/** The campaign each caller cancels: A's callers one each (a cancellation uses one up), others the spare one. */
const campaignFor = (world: World, caller: Caller) =>
  caller === 'partner A'
    ? world.a.campaignIds[0]
    : caller === 'ops'
      ? world.a.campaignIds[1]
      : world.a.campaignIds[2];

/** The review each caller decides: A's callers one each (a decision uses a review up), others the spare one. */
const reviewFor = (world: World, caller: Caller) =>
  caller === 'manager A'
    ? world.a.reviewIds[0]
    : caller === 'ops'
      ? world.a.reviewIds[1]
      : world.a.reviewIds[2];

export const ROUTE_FIXTURES: Readonly<Record<string, RouteFixture>> = {
  'GET /v1/openapi.json': { request: () => ({ path: '/v1/openapi.json' }), publicStatus: 200 },
  'GET /v1/docs': { request: () => ({ path: '/v1/docs' }), publicStatus: 200 },
  'GET /v1/executions/{executionId}': {
    request: (world) => ({ path: `/v1/executions/${world.a.onboardingExecutionId}` }),
  },

  'POST /v1/creators/onboardings': {
    request: () => ({
      path: '/v1/creators/onboardings',
      json: { creator: creatorApplication() },
      headers: { 'idempotency-key': randomUUID() },
    }),
    // B's partner key onboards B's own creator: the body names no partner, the key does.
    otherTenant: 202,
  },
  'GET /v1/creators/{creatorId}': { request: (world) => ({ path: `/v1/creators/${world.a.creatorId}` }) },
  'GET /v1/creators': {
    request: (world, caller) => listOfA(world, caller, '/v1/creators'),
    otherTenant: 200,
  },

  'GET /v1/reviews': { request: (world, caller) => listOfA(world, caller, '/v1/reviews'), otherTenant: 200 },
  'POST /v1/reviews/{reviewId}/decision': {
    request: (world, caller) => ({
      path: `/v1/reviews/${reviewFor(world, caller)}/decision`,
      json: { decision: 'approve', reason: 'Checked by the route matrix' },
    }),
  },
  'GET /v1/reviews/{reviewId}/confirm': {
    // A key is no substitute for the signed link: without a token the page refuses everyone.
    request: (world) => ({ path: `/v1/reviews/${world.a.reviewIds[2]}/confirm?decision=approve` }),
    publicStatus: 400,
  },
  'POST /v1/reviews/{reviewId}/confirm': {
    request: (world) => ({
      path: `/v1/reviews/${world.a.reviewIds[2]}/confirm`,
      form: { token: forgedLink(world), decision: 'approve', reason: 'Forged link' },
    }),
    publicStatus: 403,
  },

  'POST /v1/reports/weekly': {
    request: (world, caller) => ({
      path: '/v1/reports/weekly',
      // Each allowed caller sends a week of its own, so neither finds the other's report already sent.
      json:
        caller === 'ops'
          ? { partnerId: world.a.partnerId, week: reportWeek(2) }
          : { partnerId: world.a.partnerId, week: reportWeek(1) },
    }),
  },
  'GET /v1/reports/{partnerId}/{week}': {
    request: (world) => ({ path: `/v1/reports/${world.a.partnerId}/${reportWeek(1)}` }),
  },

  'POST /v1/sellers/authorizations': {
    request: (world, caller) => {
      const shopName = `Matrix Shop ${randomUUID().slice(0, 8)}`;
      const code = world.runtime.tiktok.issueAuthCode({ shopName, region: 'ID' }).code;
      return {
        path: '/v1/sellers/authorizations',
        json: {
          seller: { shopName, region: 'ID', contactEmail: 'owner@matrix-shop.example.com' },
          authCode: code,
          services: ['data-analysis'],
          // B tries to re-authorize A's seller: the seller id is A's, the key is B's.
          ...(caller === 'partner B' ? { sellerId: world.a.sellerId } : {}),
        },
        headers: { 'idempotency-key': randomUUID() },
      };
    },
  },
  'GET /v1/sellers/{sellerId}': { request: (world) => ({ path: `/v1/sellers/${world.a.sellerId}` }) },
  'GET /v1/sellers': { request: (world, caller) => listOfA(world, caller, '/v1/sellers'), otherTenant: 200 },
  'POST /v1/campaigns': {
    request: (world) => ({
      path: '/v1/campaigns',
      json: campaignRequest(world.a.sellerId, [world.a.activeCreatorId], {
        startAt: new Date(Date.now() + DAY).toISOString(),
        endAt: new Date(Date.now() + 8 * DAY).toISOString(),
      }),
      headers: { 'idempotency-key': randomUUID() },
    }),
    // B's key launching with A's seller and creator: the pre-flight finds neither among B's (one detail each).
    otherTenant: 422,
  },
  'POST /v1/campaigns/{campaignId}/cancel': {
    request: (world, caller) => ({
      path: `/v1/campaigns/${campaignFor(world, caller)}/cancel`,
      json: { reason: 'Cancelled by the route matrix' },
      headers: { 'idempotency-key': randomUUID() },
    }),
  },
  'GET /v1/campaigns/{campaignId}': {
    request: (world) => ({ path: `/v1/campaigns/${world.a.campaignIds[2]}` }),
  },
  'GET /v1/campaigns': {
    request: (world, caller) => listOfA(world, caller, '/v1/campaigns'),
    otherTenant: 200,
  },

  'POST /v1/violations': {
    request: (world) => ({
      path: '/v1/violations',
      json: reportBody({ subject: { type: 'creator', id: world.a.activeCreatorId }, severity: 'low' }),
    }),
    // B's key reporting A's creator: not a subject B may act for (the same answer as for no such creator).
    otherTenant: 422,
  },
  'GET /v1/violations/{violationId}': {
    request: (world) => ({ path: `/v1/violations/${world.a.violationId}` }),
  },
  'GET /v1/violations': {
    request: (world, caller) => listOfA(world, caller, '/v1/violations'),
    otherTenant: 200,
  },
  'POST /v1/violations/{violationId}/appeals': {
    request: (world) => ({
      path: `/v1/violations/${world.a.violationId}/appeals`,
      json: { statement: 'The claim was approved by the brand; see the label.' },
    }),
  },

  'POST /v1/webhooks/tiktok-shop': {
    // Unsigned (the Authorization header carries the caller's API key, or nothing): TikTok's signature only.
    request: () => ({
      path: '/v1/webhooks/tiktok-shop',
      json: { type: 6, tts_notification_id: randomUUID(), shop_id: '7000000000', timestamp: 1, data: {} },
    }),
    publicStatus: 401,
  },
};
