import { describe, expect, it } from 'vitest';
import type { FunctionBundle } from '#scripts/bench/cold-start/bundles.ts';
import { type ColdStartFigures, coldStartSection, type Quartiles } from '#scripts/bench/cold-start/suite.ts';

const spread = (median: number, width: number): Quartiles => ({
  median,
  p25: median - width,
  p75: median + width,
});

/** A function measured at `plainMs`/`tracedMs`, against an SDK baseline of `sdkMs` (none: no AWS client). */
function figure(
  functionId: string,
  plainMs: number,
  tracedMs: number,
  sdkMs: number | undefined,
): ColdStartFigures {
  const bundle: FunctionBundle = {
    functionId,
    entry: `functions/${functionId}.ts`,
    handlerFile: `/bundles/${functionId}/index.mjs`,
    coldBytes: 40 * 1024,
    coldGzipBytes: 14 * 1024,
    tracingBytes: 117 * 1024,
    sdkModules: sdkMs === undefined ? [] : ['@aws-sdk/client-dynamodb'],
    largest: [{ name: 'src', bytes: 4096 }],
  };
  return {
    bundle,
    importMs: plainMs,
    tracedImportMs: tracedMs,
    sdkOnlyMs: sdkMs,
    timings: {
      plain: spread(plainMs, 2),
      traced: spread(tracedMs, 2),
      sdkOnly: sdkMs === undefined ? undefined : spread(sdkMs, 2),
    },
    ratios:
      sdkMs === undefined
        ? undefined
        : { plain: spread(plainMs / sdkMs, 0.05), traced: spread(tracedMs / sdkMs, 0.05) },
  };
}

describe('the cold-start section', () => {
  it('checks the paired ratio of every function with an SDK floor: the worst, the median and those over', () => {
    const figures = [
      figure('fast', 90, 100, 100),
      figure('slow', 110, 140, 100),
      figure('middle', 100, 120, 100),
      figure('no-sdk', 12, 30, undefined),
    ];

    const { targets, body } = coldStartSection(figures, 5);

    const [size, plain, traced] = targets;
    expect(size?.met).toBe(true);
    expect(plain).toMatchObject({ met: true, detail: 'worst: slow 1.10×; median 1.00×; 0 of 3 over' });
    expect(traced).toMatchObject({
      met: false,
      detail: 'worst: slow 1.40×; median 1.20×; 1 of 3 over (slow)',
    });
    expect(body).toContain(
      '| slow | 40.0 KB | 14.0 KB | 117.0 KB | 110.0 ms (108.0–112.0) | 140.0 ms (138.0–142.0) | 100.0 ms (98.0–102.0) | 1.10× (1.05–1.15) | 1.40× (1.35–1.45) |',
    );
    expect(body).toContain(
      '| no-sdk | 40.0 KB | 14.0 KB | 117.0 KB | 12.0 ms (10.0–14.0) | 30.0 ms (28.0–32.0) | none | n/a | n/a |',
    );
  });
});
