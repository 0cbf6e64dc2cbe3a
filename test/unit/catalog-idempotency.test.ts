import { describe, expect, it } from 'vitest';
import { routes } from '#catalog/index.ts';

/**
 * Every POST route says how a repeated request is made harmless, so a new route cannot forget it: `'key'`
 * (the handler honours Idempotency-Key; test/integration/reliability/idempotent-routes.test.ts proves it on
 * each such route) or the business key that makes a repeat harmless where a key cannot be sent.
 */
describe('idempotency of the catalog POST routes', () => {
  const posts = routes.filter((route) => route.method === 'POST');

  it('finds POST routes to check', () => {
    expect(posts.map((route) => route.path)).toContain('/v1/creators/onboardings');
  });

  it.each(posts.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s declares its idempotency',
    (_name, route) => {
      expect(
        route.idempotency,
        `add idempotency: 'key' (or { businessKey }) to ${route.path} in its area file`,
      ).toBeDefined();
      if (typeof route.idempotency === 'object') expect(route.idempotency.businessKey.trim()).not.toBe('');
    },
  );

  it('lets only routes that cannot carry a key (public forms, webhooks) do without one', () => {
    const withoutKey = posts.filter(
      (route) => route.idempotency !== undefined && route.idempotency !== 'key',
    );

    expect(withoutKey.filter((route) => route.roles !== 'public').map((route) => route.path)).toEqual([]);
  });
});
