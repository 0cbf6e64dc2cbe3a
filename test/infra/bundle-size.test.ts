import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions } from '#catalog/index.ts';
import { bundleFunction, type FunctionBundle } from '#scripts/bench/cold-start/bundles.ts';
import { MAX_BUNDLE_BYTES } from '#scripts/bench/cold-start/suite.ts';

let outdir: string;
let bundles: FunctionBundle[];

// Bundled with the settings the CDK app deploys (infra/bundling.ts); sizes are deterministic for a given lock file.
beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'partnerflow-bundles-'));
  bundles = [];
  for (const spec of functions) bundles.push(await bundleFunction(spec, outdir));
}, 120_000);
afterAll(() => rm(outdir, { recursive: true, force: true }));

describe('function bundles', () => {
  it('keeps the code every cold start loads under 150 KB minified, for every catalog function', () => {
    const oversized = bundles
      .filter((bundle) => bundle.coldBytes > MAX_BUNDLE_BYTES)
      .map((bundle) => `${bundle.functionId}: ${bundle.coldBytes} bytes (${JSON.stringify(bundle.largest)})`);

    expect(bundles).toHaveLength(functions.length);
    expect(oversized).toEqual([]);
  });

  it('leaves the AWS SDK to the runtime and the X-Ray SDK out of the cold code', () => {
    for (const bundle of bundles) {
      expect(
        bundle.largest.map((part) => part.name),
        bundle.functionId,
      ).not.toContain('aws-xray-sdk-core');
      expect(
        bundle.largest.map((part) => part.name),
        bundle.functionId,
      ).not.toContain('@aws-sdk/client-dynamodb');
    }
    const withClients = bundles.find((bundle) => bundle.functionId === 'start-creator-onboarding');
    expect(withClients?.sdkModules).toEqual(
      expect.arrayContaining(['@aws-sdk/client-dynamodb', '@aws-sdk/client-sfn']),
    );
    expect(withClients?.tracingBytes).toBeGreaterThan(50 * 1024);
  });
});
