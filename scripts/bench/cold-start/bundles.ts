import { readFile, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import type { FunctionSpec } from '#catalog/types.ts';
import { esbuildOptionsFor, LAMBDA_BUNDLE } from '#infra/bundling.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/** Where bundles are written: inside node_modules, so their `@aws-sdk/*` imports resolve as in Lambda. */
export const BUNDLE_ROOT = join(REPO_ROOT, 'node_modules', '.cache', 'partnerflow-bench', 'bundles');

export interface FunctionBundle {
  readonly functionId: string;
  readonly entry: string;
  /** The handler file (`index.mjs`), absolute. */
  readonly handlerFile: string;
  /** What a cold start loads without tracing: the handler file and the chunks it imports statically. */
  readonly coldBytes: number;
  readonly coldGzipBytes: number;
  /** Loaded on top only when tracing is active (the X-Ray SDK behind the Powertools tracer). */
  readonly tracingBytes: number;
  /** Runtime-provided modules (AWS SDK, Smithy) the cold code imports: the baseline of its import time. */
  readonly sdkModules: readonly string[];
  /** The biggest contributors to the cold code, by package (`src` is PartnerFlow's own code). */
  readonly largest: readonly { readonly name: string; readonly bytes: number }[];
}

type Output = Metafile['outputs'][string];

function closure(outputs: Metafile['outputs'], start: string, kinds: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const imported of outputs[path]?.imports ?? []) {
      if (!imported.external && kinds.includes(imported.kind)) visit(imported.path);
    }
  };
  visit(start);
  return seen;
}

function packageOf(inputPath: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(inputPath);
  return match?.[1] ?? 'src';
}

/** Bundles one catalog function exactly as the CDK app does (infra/bundling.ts) and measures what it loads. */
export async function bundleFunction(spec: FunctionSpec, root = BUNDLE_ROOT): Promise<FunctionBundle> {
  const outdir = join(root, spec.id);
  // A fresh folder each time: chunk names carry a content hash, so earlier builds would otherwise pile up.
  await rm(outdir, { recursive: true, force: true });
  const result = await build({ ...esbuildOptionsFor(resolve(REPO_ROOT, spec.entry), outdir, REPO_ROOT) });
  const outputs: Metafile['outputs'] = result.metafile?.outputs ?? {};
  const handlerKey = Object.keys(outputs).find(
    (path) => path.endsWith(`/${LAMBDA_BUNDLE.entryFile}`) && outputs[path]?.entryPoint !== undefined,
  );
  if (handlerKey === undefined) throw new Error(`esbuild wrote no ${LAMBDA_BUNDLE.entryFile} for ${spec.id}`);
  const cold = closure(outputs, handlerKey, ['import-statement']);
  const everything = closure(outputs, handlerKey, ['import-statement', 'dynamic-import']);
  const sizeOf = (paths: Iterable<string>) =>
    [...paths].reduce((total, path) => total + (outputs[path]?.bytes ?? 0), 0);

  let coldGzipBytes = 0;
  const sdkModules = new Set<string>();
  const byPackage = new Map<string, number>();
  for (const path of cold) {
    const output = outputs[path] as Output;
    coldGzipBytes += gzipSync(await readFile(resolve(REPO_ROOT, path))).length;
    for (const imported of output.imports) {
      if (imported.external && /^@(aws-sdk|smithy)\//.test(imported.path)) sdkModules.add(imported.path);
    }
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput);
    }
  }
  return {
    functionId: spec.id,
    entry: spec.entry,
    handlerFile: resolve(REPO_ROOT, handlerKey),
    coldBytes: sizeOf(cold),
    coldGzipBytes,
    tracingBytes: sizeOf([...everything].filter((path) => !cold.has(path))),
    sdkModules: [...sdkModules].sort(),
    largest: [...byPackage.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([name, bytes]) => ({ name, bytes })),
  };
}

/** A bundle's path relative to the repository, for messages. */
export const shown = (path: string): string => relative(REPO_ROOT, path);
