/**
 * Every route of the catalog × every kind of caller → the status it must get: no key, a malformed, unknown or
 * revoked key → 401; a valid key of a role the route does not allow → 403; a caller of partner B asking for
 * partner A's resource → 404 (its existence is not revealed); the allowed callers of A and ops → the route's
 * success. Every refusal is checked to have written nothing and started no execution (the whole table and every
 * execution, before and after). Public routes have their own expectation, the same whatever key is sent.
 *
 * The routes come from infra/catalog/index.ts, so a new route is held to its roles the day it is declared; its
 * tenant fixture (test/support/security/route-fixtures.ts) is required by the last test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#catalog/index.ts';
import type { RouteSpec } from '#catalog/types.ts';
import { startTestRuntime, type TestRuntime } from '#test/support/runtime.ts';
import {
  type MatrixRequest,
  ROUTE_FIXTURES,
  type RouteFixture,
} from '#test/support/security/route-fixtures.ts';
import {
  buildWorld,
  CALLERS,
  type Caller,
  PARKED_WORKFLOWS,
  roleOf,
  tenantOf,
  UNAUTHENTICATED,
  type World,
} from '#test/support/security/world.ts';
import { changesBetween, settled, sideEffects } from '#test/support/side-effects.ts';

const routeName = (route: RouteSpec) => `${route.method} ${route.path}`;

/** A request any key-holding caller can make to any route: placeholders in the path, an empty JSON body. */
const genericRequest = (route: RouteSpec): MatrixRequest => ({
  path: route.path.replace(/\{[^}]+\}/g, 'matrix-placeholder'),
  ...(route.method === 'GET' ? {} : { json: {} }),
});

/** What `caller` must get from `route`; undefined when only a fixture could tell (and it has none). */
function expectedStatus(
  route: RouteSpec,
  fixture: RouteFixture | undefined,
  caller: Caller,
): number | undefined {
  if (route.roles === 'public') return fixture?.publicStatus;
  if (UNAUTHENTICATED.includes(caller)) return 401;
  const role = roleOf(caller);
  if (role === undefined || !route.roles.includes(role)) return 403;
  if (fixture === undefined) return undefined;
  return tenantOf(caller) === 'B'
    ? (fixture.otherTenant ?? 404)
    : (fixture.success ?? route.successStatus ?? 200);
}

interface Answer {
  readonly caller: Caller;
  readonly status: number;
  readonly text: string;
  /** What the caller sent (path and body): an id it sent itself may be echoed back without revealing anything. */
  readonly sent: string;
}

/** Ids of A in an answer to a caller of B that B did not send itself. */
const revealedToB = (world: World, answers: readonly Answer[]) =>
  answers
    .filter((answer) => tenantOf(answer.caller) === 'B')
    .flatMap((answer) =>
      world.secretsOfA
        .filter((id) => answer.text.includes(id) && !answer.sent.includes(id))
        .map((id) => `${answer.caller}: ${id}`),
    );

async function send(world: World, route: RouteSpec, caller: Caller, request: MatrixRequest): Promise<Answer> {
  const headers: Record<string, string> = { ...request.headers };
  const authorization = world.authorization[caller];
  if (authorization !== undefined) headers.authorization = authorization;
  let body: string | undefined;
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  } else if (request.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams({ ...request.form }).toString();
  }
  const response = await fetch(`${world.runtime.urls.api}${request.path}`, {
    method: route.method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  return {
    caller,
    status: response.status,
    text: await response.text(),
    sent: `${request.path} ${body ?? ''}`,
  };
}

let runtime: TestRuntime;
let world: World;

beforeAll(async () => {
  runtime = await startTestRuntime({ time: PARKED_WORKFLOWS });
  world = await buildWorld(runtime);
  await settled(runtime);
}, 120_000);
afterAll(() => runtime?.close());

const callersWhere = (route: RouteSpec, test: (status: number) => boolean) =>
  CALLERS.filter((caller) => {
    const status = expectedStatus(route, ROUTE_FIXTURES[routeName(route)], caller);
    return status !== undefined && test(status);
  });
const refusedBy = (route: RouteSpec) => callersWhere(route, (status) => status >= 400);
const allowedBy = (route: RouteSpec) => callersWhere(route, (status) => status < 400);

describe('route matrix: refusals change nothing', () => {
  it.each(
    routes.filter((route) => refusedBy(route).length > 0).map((route) => [routeName(route), route] as const),
  )('%s refuses every caller it must, and writes and starts nothing', async (name, route) => {
    // Arrange
    const fixture = ROUTE_FIXTURES[name];
    const refused = refusedBy(route);
    const before = await sideEffects(runtime);

    // Act
    const answers: Answer[] = [];
    for (const caller of refused) {
      const request = fixture === undefined ? genericRequest(route) : await fixture.request(world, caller);
      answers.push(await send(world, route, caller, request));
    }
    const after = await sideEffects(runtime);

    // Assert
    expect(Object.fromEntries(answers.map((answer) => [answer.caller, answer.status]))).toEqual(
      Object.fromEntries(refused.map((caller) => [caller, expectedStatus(route, fixture, caller)])),
    );
    expect(changesBetween(before, after)).toEqual([]);
    // No refusal tells B anything about A's data.
    expect(revealedToB(world, answers)).toEqual([]);
  });
});

describe('route matrix: allowed callers', () => {
  it.each(
    routes.filter((route) => allowedBy(route).length > 0).map((route) => [routeName(route), route] as const),
  )(
    '%s answers its success to the allowed callers of A and to ops, and shows B nothing of A',
    async (name, route) => {
      // Arrange
      const fixture = ROUTE_FIXTURES[name];
      const allowed = allowedBy(route);

      // Act
      const answers: Answer[] = [];
      for (const caller of allowed) {
        if (fixture === undefined) continue;
        answers.push(await send(world, route, caller, await fixture.request(world, caller)));
      }

      // Assert
      expect(Object.fromEntries(answers.map((answer) => [answer.caller, answer.status]))).toEqual(
        Object.fromEntries(allowed.map((caller) => [caller, expectedStatus(route, fixture, caller)])),
      );
      expect(revealedToB(world, answers)).toEqual([]);
    },
  );

  it('has a tenant fixture for every route of the catalog (test/support/security/route-fixtures.ts)', () => {
    // Act
    const missing = routes.map(routeName).filter((name) => ROUTE_FIXTURES[name] === undefined);
    const stale = Object.keys(ROUTE_FIXTURES).filter(
      (name) => !routes.some((route) => routeName(route) === name),
    );

    // Assert
    expect(missing).toEqual([]);
    expect(stale).toEqual([]);
  });
});
