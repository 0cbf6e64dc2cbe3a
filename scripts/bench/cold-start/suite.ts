import type { FunctionSpec } from '#catalog/types.ts';
import { LAMBDA_BUNDLE } from '#infra/bundling.ts';
import { bundleFunction, type FunctionBundle } from '#scripts/bench/cold-start/bundles.ts';
import { importTime, TRACING_ENVIRONMENT } from '#scripts/bench/cold-start/import-time.ts';
import { type Section, type TargetCheck, table } from '#scripts/bench/support/markdown.ts';
import { progress } from '#scripts/bench/support/progress.ts';
import { kb, median, ms, percentile, ratio } from '#scripts/bench/support/stats.ts';

/** The issue's targets for every function. */
export const MAX_BUNDLE_BYTES = 150 * 1024;
export const MAX_IMPORT_RATIO = 1.3;

export interface ColdStartOptions {
  readonly functions: readonly FunctionSpec[];
  /** Fresh processes per measurement (the median is kept). */
  readonly runs: number;
}

/** The median of repeated measurements, with the quartiles around it. */
export interface Quartiles {
  readonly median: number;
  readonly p25: number;
  readonly p75: number;
}

export interface ColdStartFigures {
  readonly bundle: FunctionBundle;
  /** Median import time of the bundle without tracing (tests, local runtime, POWERTOOLS_TRACE_ENABLED=false). */
  readonly importMs: number;
  /** Median import time with Lambda's active tracing on, as deployed: the X-Ray SDK loads too. */
  readonly tracedImportMs: number;
  /** Median import time of only the runtime-provided SDK modules the bundle imports; undefined if none. */
  readonly sdkOnlyMs: number | undefined;
  /** The spread behind each median above, in milliseconds. */
  readonly timings: {
    readonly plain: Quartiles;
    readonly traced: Quartiles;
    readonly sdkOnly: Quartiles | undefined;
  };
  /**
   * Each run's import time divided by its SDK baseline timed just before it (so both saw the same load on the
   * machine), over the rounds; undefined for a function that uses no AWS client.
   */
  readonly ratios: { readonly plain: Quartiles; readonly traced: Quartiles } | undefined;
}

/** A set of SDK modules is timed again once this many functions have been paired with its last sample. */
export const FUNCTIONS_PER_BASELINE = 3;

function quartilesOf(samples: readonly number[]): Quartiles {
  return { median: median(samples), p25: percentile(samples, 25), p75: percentile(samples, 75) };
}

interface Run {
  readonly plainMs: number;
  readonly tracedMs: number;
  /** The baseline sample timed just before this run; undefined when the function uses no AWS client. */
  readonly baselineMs: number | undefined;
}

/**
 * Bundles every function, then times them in rounds. Each round imports every bundle (plain and traced) once,
 * grouped by the SDK modules they import, and times those modules alone before every few functions of a group
 * ({@link FUNCTIONS_PER_BASELINE}): a function's ratio pairs it with a baseline taken a second or so earlier,
 * under the same load, and the rounds spread its samples over the whole run.
 */
export async function measureColdStarts(options: ColdStartOptions): Promise<ColdStartFigures[]> {
  const bundles: FunctionBundle[] = [];
  for (const spec of options.functions) bundles.push(await bundleFunction(spec));
  progress(`cold start: bundled ${bundles.length} functions`);

  const baselineKey = (bundle: FunctionBundle) => bundle.sdkModules.join(' ');
  const ordered = [...bundles].sort((a, b) => baselineKey(a).localeCompare(baselineKey(b)));
  const runs = new Map<string, Run[]>(bundles.map((bundle) => [bundle.functionId, []]));
  const sdkOnly = new Map<string, number[]>();

  for (let round = 0; round < options.runs; round += 1) {
    let latest: { key: string; ms: number; paired: number } | undefined;
    for (const bundle of ordered) {
      const key = baselineKey(bundle);
      const usesSdk = bundle.sdkModules.length > 0;
      if (usesSdk && (latest?.key !== key || latest.paired >= FUNCTIONS_PER_BASELINE)) {
        const ms = await importTime(bundle.sdkModules);
        sdkOnly.set(key, [...(sdkOnly.get(key) ?? []), ms]);
        latest = { key, ms, paired: 0 };
      }
      const plainMs = await importTime([bundle.handlerFile]);
      const tracedMs = await importTime([bundle.handlerFile], TRACING_ENVIRONMENT);
      runs.get(bundle.functionId)?.push({ plainMs, tracedMs, baselineMs: usesSdk ? latest?.ms : undefined });
      if (usesSdk && latest !== undefined) latest.paired += 1;
    }
    progress(`cold start: round ${round + 1} of ${options.runs} timed`);
  }

  return bundles.map((bundle) => {
    const own = runs.get(bundle.functionId) ?? [];
    const baseline = sdkOnly.get(baselineKey(bundle));
    const paired = own.flatMap(({ plainMs, tracedMs, baselineMs }) =>
      baselineMs === undefined ? [] : [{ plain: plainMs / baselineMs, traced: tracedMs / baselineMs }],
    );
    const timings = {
      plain: quartilesOf(own.map((run) => run.plainMs)),
      traced: quartilesOf(own.map((run) => run.tracedMs)),
      sdkOnly: baseline === undefined ? undefined : quartilesOf(baseline),
    };
    return {
      bundle,
      importMs: timings.plain.median,
      tracedImportMs: timings.traced.median,
      sdkOnlyMs: timings.sdkOnly?.median,
      timings,
      ratios:
        paired.length === 0
          ? undefined
          : {
              plain: quartilesOf(paired.map((pair) => pair.plain)),
              traced: quartilesOf(paired.map((pair) => pair.traced)),
            },
    };
  });
}

/** A median with its interquartile range, e.g. `101.3 ms (97.0–106.2)`. */
const msWithSpread = (timing: Quartiles): string =>
  `${ms(timing.median)} (${timing.p25.toFixed(1)}–${timing.p75.toFixed(1)})`;

/** A ratio with its interquartile range, e.g. `1.14× (1.10–1.18)`. */
const ratioWithSpread = (spread: Quartiles): string =>
  `${ratio(spread.median)} (${spread.p25.toFixed(2)}–${spread.p75.toFixed(2)})`;

/** The ratio target over every function with an SDK floor: worst, median, and how many miss it. */
function ratioTarget(
  figures: readonly ColdStartFigures[],
  mode: 'plain' | 'traced',
  modeName: string,
): TargetCheck | undefined {
  const ratios = figures.flatMap((figure) =>
    figure.ratios === undefined ? [] : [{ figure, value: figure.ratios[mode].median }],
  );
  if (ratios.length === 0) return undefined;
  const worst = ratios.reduce((max, entry) => (entry.value > max.value ? entry : max));
  const over = ratios
    .filter((entry) => entry.value > MAX_IMPORT_RATIO)
    .map((entry) => entry.figure.bundle.functionId);
  return {
    target: `Import time at most ${MAX_IMPORT_RATIO}× its SDK clients alone (${modeName})`,
    met: over.length === 0,
    detail: `worst: ${worst.figure.bundle.functionId} ${ratio(worst.value)}; median ${ratio(median(ratios.map((entry) => entry.value)))}; ${over.length} of ${ratios.length} over${over.length > 0 && over.length <= 5 ? ` (${over.join(', ')})` : ''}`,
  };
}

/** The cold-start section of docs/benchmarks.md. */
export function coldStartSection(figures: readonly ColdStartFigures[], runs: number): Section {
  const rows = figures.map((figure) => {
    const { bundle } = figure;
    return [
      bundle.functionId,
      kb(bundle.coldBytes),
      kb(bundle.coldGzipBytes),
      kb(bundle.tracingBytes),
      msWithSpread(figure.timings.plain),
      msWithSpread(figure.timings.traced),
      figure.timings.sdkOnly === undefined ? 'none' : msWithSpread(figure.timings.sdkOnly),
      figure.ratios === undefined ? 'n/a' : ratioWithSpread(figure.ratios.plain),
      figure.ratios === undefined ? 'n/a' : ratioWithSpread(figure.ratios.traced),
      bundle.sdkModules.map((name) => name.replace(/^@aws-sdk\//, '')).join(', ') || '-',
      bundle.largest.map(({ name, bytes }) => `${name} ${kb(bytes)}`).join(', '),
    ];
  });
  const biggest = figures.reduce<ColdStartFigures | undefined>(
    (max, figure) => (max === undefined || figure.bundle.coldBytes > max.bundle.coldBytes ? figure : max),
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
  for (const check of [
    ratioTarget(figures, 'plain', 'tracing off'),
    ratioTarget(figures, 'traced', 'as deployed: active tracing'),
  ]) {
    if (check !== undefined) targets.push(check);
  }
  const body = [
    `Every catalog function bundled with the settings the CDK app deploys (\`infra/bundling.ts\`: ESM, ${LAMBDA_BUNDLE.target}, minified, \`${LAMBDA_BUNDLE.externalModules.join('`, `')}\` left to the Lambda runtime), then imported in a fresh Node process: median of ${runs} processes, interquartile range in brackets. The processes run in ${runs} rounds, each importing every bundle once, so a function's samples are some 20 s apart and a short busy moment on the (shared) machine touches at most one of them. Within a round, functions are grouped by the SDK modules they import, and those modules alone are timed before every ${FUNCTIONS_PER_BASELINE} functions of a group: a function's **ratio** is the median over the rounds of its import time divided by the baseline timed a second or so before it, under the same load.`,
    '',
    "What is timed is the handler's `import()` alone, as Lambda's init does it: Node's own start-up is excluded, and so is its file ES-module loader's one-off set-up, which in Lambda the runtime's own `index.mjs` has already paid (the timer imports a stand-in first, untimed). The traced runs get the environment Lambda gives a traced function (`AWS_EXECUTION_ENV`, `LAMBDA_TASK_ROOT`, `_X_AMZN_TRACE_ID`). Node 20's SDK warning about Node 22 is turned off: the deployed Node 24 never builds it.",
    '',
    '- **cold code**: the handler file plus the chunks it imports statically, i.e. what every cold start reads and parses; **gzip** is the same files compressed.',
    '- **tracing chunk**: the Powertools tracer and the X-Ray SDK, loaded with `await import()` only when tracing is active (`functions/lib/observability.ts`). Deployed functions run with active tracing, so in AWS a cold start loads it too: the *traced* import column is the deployed cold start.',
    '- **SDK alone**: a fresh process importing only the runtime-provided modules the bundle imports (the floor no bundle can go under), median of all its samples. Functions that use no AWS client have no such floor (`n/a`).',
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
