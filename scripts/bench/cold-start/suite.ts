import type { FunctionSpec } from '#catalog/types.ts';
import { LAMBDA_BUNDLE } from '#infra/bundling.ts';
import { bundleFunction, type FunctionBundle } from '#scripts/bench/cold-start/bundles.ts';
import { importTime, TRACING_ENVIRONMENT } from '#scripts/bench/cold-start/import-time.ts';
import { type Section, type TargetCheck, table } from '#scripts/bench/support/markdown.ts';
import { progress } from '#scripts/bench/support/progress.ts';
import { kb, median, ms, ratio } from '#scripts/bench/support/stats.ts';

/** The issue's targets for every function. */
export const MAX_BUNDLE_BYTES = 150 * 1024;
export const MAX_IMPORT_RATIO = 1.3;

export interface ColdStartOptions {
  readonly functions: readonly FunctionSpec[];
  /** Fresh processes per measurement (the median is kept). */
  readonly runs: number;
}

export interface ColdStartFigures {
  readonly bundle: FunctionBundle;
  /** Median import time of the bundle without tracing (tests, local runtime, POWERTOOLS_TRACE_ENABLED=false). */
  readonly importMs: number;
  /** Median import time with Lambda's active tracing on, as deployed: the X-Ray SDK loads too. */
  readonly tracedImportMs: number;
  /** Median import time of only the runtime-provided SDK modules the bundle imports; undefined if none. */
  readonly sdkOnlyMs: number | undefined;
}

/** Bundles and times every function; runs alternate bundle and baseline so a busy moment hits both alike. */
export async function measureColdStarts(options: ColdStartOptions): Promise<ColdStartFigures[]> {
  const figures: ColdStartFigures[] = [];
  for (const spec of options.functions) {
    const bundle = await bundleFunction(spec);
    const plain: number[] = [];
    const traced: number[] = [];
    const sdkOnly: number[] = [];
    for (let round = 0; round < options.runs; round += 1) {
      plain.push(await importTime([bundle.handlerFile]));
      traced.push(await importTime([bundle.handlerFile], TRACING_ENVIRONMENT));
      if (bundle.sdkModules.length > 0) sdkOnly.push(await importTime(bundle.sdkModules));
    }
    const result: ColdStartFigures = {
      bundle,
      importMs: median(plain),
      tracedImportMs: median(traced),
      sdkOnlyMs: sdkOnly.length > 0 ? median(sdkOnly) : undefined,
    };
    progress(
      `cold start ${spec.id}: ${kb(bundle.coldBytes)}, import ${ms(result.importMs)} (traced ${ms(result.tracedImportMs)}), SDK alone ${result.sdkOnlyMs === undefined ? 'n/a' : ms(result.sdkOnlyMs)}`,
    );
    figures.push(result);
  }
  return figures;
}

const importRatio = (figure: ColdStartFigures, importMs: number) =>
  figure.sdkOnlyMs === undefined ? undefined : importMs / figure.sdkOnlyMs;

/** The cold-start section of docs/benchmarks.md. */
export function coldStartSection(figures: readonly ColdStartFigures[], runs: number): Section {
  const rows = figures.map((figure) => {
    const { bundle } = figure;
    const plainRatio = importRatio(figure, figure.importMs);
    const tracedRatio = importRatio(figure, figure.tracedImportMs);
    return [
      bundle.functionId,
      kb(bundle.coldBytes),
      kb(bundle.coldGzipBytes),
      kb(bundle.tracingBytes),
      ms(figure.importMs),
      ms(figure.tracedImportMs),
      figure.sdkOnlyMs === undefined ? 'none' : ms(figure.sdkOnlyMs),
      plainRatio === undefined ? 'n/a' : ratio(plainRatio),
      tracedRatio === undefined ? 'n/a' : ratio(tracedRatio),
      bundle.sdkModules.map((name) => name.replace(/^@aws-sdk\//, '')).join(', ') || '-',
      bundle.largest.map(({ name, bytes }) => `${name} ${kb(bytes)}`).join(', '),
    ];
  });
  const biggest = figures.reduce<ColdStartFigures | undefined>(
    (max, figure) => (max === undefined || figure.bundle.coldBytes > max.bundle.coldBytes ? figure : max),
    undefined,
  );
  const withSdk = figures.filter((figure) => figure.sdkOnlyMs !== undefined);
  const worstTraced = withSdk.reduce<ColdStartFigures | undefined>(
    (max, figure) =>
      max === undefined ||
      (importRatio(figure, figure.tracedImportMs) ?? 0) > (importRatio(max, max.tracedImportMs) ?? 0)
        ? figure
        : max,
    undefined,
  );
  const worstPlain = withSdk.reduce<ColdStartFigures | undefined>(
    (max, figure) =>
      max === undefined || (importRatio(figure, figure.importMs) ?? 0) > (importRatio(max, max.importMs) ?? 0)
        ? figure
        : max,
    undefined,
  );
  const targets: TargetCheck[] = [
    {
      target: `No bundle over ${kb(MAX_BUNDLE_BYTES)} minified`,
      met: figures.every((figure) => figure.bundle.coldBytes <= MAX_BUNDLE_BYTES),
      detail:
        biggest === undefined
          ? 'no function'
          : `largest: ${biggest.bundle.functionId} ${kb(biggest.bundle.coldBytes)} (+ ${kb(biggest.bundle.tracingBytes)} loaded only when tracing is active)`,
    },
  ];
  if (worstPlain !== undefined && worstTraced !== undefined) {
    const plain = importRatio(worstPlain, worstPlain.importMs) ?? 0;
    const traced = importRatio(worstTraced, worstTraced.tracedImportMs) ?? 0;
    targets.push(
      {
        target: `Import time at most ${MAX_IMPORT_RATIO}× its SDK clients alone (tracing off)`,
        met: plain <= MAX_IMPORT_RATIO,
        detail: `worst: ${worstPlain.bundle.functionId} ${ratio(plain)}`,
      },
      {
        target: `Import time at most ${MAX_IMPORT_RATIO}× its SDK clients alone (as deployed: active tracing)`,
        met: traced <= MAX_IMPORT_RATIO,
        detail: `worst: ${worstTraced.bundle.functionId} ${ratio(traced)}`,
      },
    );
  }
  const body = [
    `Every catalog function bundled with the settings the CDK app deploys (\`infra/bundling.ts\`: ESM, ${LAMBDA_BUNDLE.target}, minified, \`${LAMBDA_BUNDLE.externalModules.join('`, `')}\` left to the Lambda runtime), then imported in a fresh Node process, median of ${runs} processes (Node's own start-up excluded; bundle and baseline runs alternate).`,
    '',
    '- **cold code**: the handler file plus the chunks it imports statically, i.e. what every cold start reads and parses; **gzip** is the same files compressed.',
    '- **tracing chunk**: the Powertools tracer and the X-Ray SDK, loaded with `await import()` only when tracing is active (`functions/lib/observability.ts`). Deployed functions run with active tracing, so in AWS a cold start loads it too: the *traced* import column is the deployed cold start.',
    '- **SDK alone**: a fresh process importing only the runtime-provided modules the bundle imports (the floor no bundle can go under). Functions that use no AWS client have no such floor (`n/a`).',
    '',
    table(
      [
        'function',
        'cold code',
        'gzip',
        'tracing chunk',
        'import',
        'import, traced',
        'SDK alone',
        'ratio',
        'ratio, traced',
        'SDK modules',
        'largest parts',
      ],
      rows,
    ),
  ].join('\n');
  return { title: 'Cold start: bundle size and import time', body, targets };
}
