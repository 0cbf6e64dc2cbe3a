import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAMBDA_BUNDLE } from '#infra/bundling.ts';

const STAND_IN = LAMBDA_BUNDLE.aliases.semver;

/** Runs `script` in a fresh Node process with the stand-in as `semver`, reporting which semver files had loaded. */
function probe(script: string): { before: number; after: number; result: unknown } {
  const program = `
    const loaded = () => Object.keys(require.cache).filter((file) => file.includes('/node_modules/semver/')).length;
    const semver = require(${JSON.stringify(STAND_IN)});
    const before = loaded();
    const result = (${script})(semver);
    process.stdout.write(JSON.stringify({ before, after: loaded(), result }));
  `;
  return JSON.parse(
    execFileSync(process.execPath, ['-e', program], {
      cwd: resolve(import.meta.dirname, '../..'),
    }).toString(),
  );
}

// The X-Ray SDK in the traced chunk requires `semver` at start-up for one call it never makes here (infra/bundling.ts).
describe('the semver stand-in bundled in place of semver', () => {
  it('loads nothing of semver until a member is used', () => {
    const { before, after } = probe('() => null');

    expect(before).toBe(0);
    expect(after).toBe(0);
  });

  it('answers like semver once used, since it loads the real package', () => {
    const { before, after, result } = probe(
      "(semver) => [semver.gte('20.1.0', '8.0.0'), semver.gte('1.2.3', '1.2.4'), semver.satisfies('3.12.0', '^3.4.1'), 'gte' in semver, Object.keys(semver).includes('valid')]",
    );

    expect(before).toBe(0);
    expect(after).toBeGreaterThan(10);
    expect(result).toEqual([true, false, true, true, true]);
  });
});
