'use strict';
/**
 * Stands in for the `semver` package inside Lambda bundles (infra/bundling.ts aliases `semver` here).
 *
 * Why: the X-Ray SDK that the Powertools tracer loads requires all of `semver` (about 50 modules, which build
 * their regular expressions as they load) at start-up, for a single `semver.gte` call in its AWS SDK v2 patcher
 * (`captureAWS`). PartnerFlow traces SDK v3 clients only, so that call never happens, yet every traced cold
 * start paid ~4 ms to load the package. Here the real package loads on first use of any of its members, so
 * behaviour is unchanged and nothing is paid until then.
 *
 * The path is relative because the alias would redirect `semver` and `semver/...` back to this file; the build
 * fails if the package ever moves, rather than shipping a bundle without it.
 */
let real;
const load = () => {
  real ??= require('../../node_modules/semver/index.js');
  return real;
};

module.exports = new Proxy(
  {},
  {
    get: (_target, member) => load()[member],
    has: (_target, member) => member in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_target, member) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(load(), member);
      // A proxy may only report a property as existing if it is configurable on a target that lacks it.
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
  },
);
