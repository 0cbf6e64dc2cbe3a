import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/**
 * How every Lambda function is bundled: the one source of these settings, read by the CDK construct
 * (infra/constructs/function-code.ts) and by the benchmarks (scripts/bench/), so a measured bundle is the
 * deployed bundle. No CDK import here, so a script loads it in milliseconds.
 */
export const LAMBDA_BUNDLE = {
  /** The functions' runtime is Node 24. */
  target: 'node24',
  format: 'esm',
  /** Prefer a package's ESM build: it tree-shakes. */
  mainFields: ['module', 'main'],
  minify: true,
  /** Stack traces map to file and line (NODE_OPTIONS=--enable-source-maps) without shipping the sources. */
  sourceMap: true,
  sourcesContent: false,
  /**
   * What the Lambda Node.js runtime already provides: the AWS SDK v3 and the Smithy packages it is built on
   * (CDK's own default under its `aws-lambda-nodejs:sdkV3ExcludeSmithyPackages` flag).
   */
  externalModules: ['@aws-sdk/*', '@smithy/*'],
  /** Lets CommonJS dependencies bundled into the ESM output still `require` Node built-ins. */
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  /** The handler's file: Lambda's handler setting is `index.handler`. */
  entryFile: 'index.mjs',
  /**
   * Code reached only through `await import()` (the X-Ray SDK, loaded only when tracing is active) goes to files
   * of its own under this folder, beside the handler, so a cold start without it never reads or parses it.
   */
  chunkFolder: 'chunks',
  /**
   * Packages replaced inside bundles by stand-ins that behave the same but cost less at cold start (each file
   * says why): `semver` loads only if something calls it, which the traced code never does.
   */
  aliases: { semver: fileURLToPath(new URL('./bundle-stand-ins/semver.cjs', import.meta.url)) },
} as const;

/** esbuild options that build one function's entry into `outdir` (its `index.mjs`, chunks and source maps). */
export function esbuildOptionsFor(entry: string, outdir: string, workingDir?: string): BuildOptions {
  return {
    entryPoints: [entry],
    outdir,
    ...(workingDir === undefined ? {} : { absWorkingDir: workingDir }),
    entryNames: LAMBDA_BUNDLE.entryFile.replace(/\.mjs$/, ''),
    chunkNames: `${LAMBDA_BUNDLE.chunkFolder}/[name]-[hash]`,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    target: LAMBDA_BUNDLE.target,
    format: LAMBDA_BUNDLE.format,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    minify: LAMBDA_BUNDLE.minify,
    sourcemap: LAMBDA_BUNDLE.sourceMap,
    sourcesContent: LAMBDA_BUNDLE.sourcesContent,
    external: [...LAMBDA_BUNDLE.externalModules],
    alias: { ...LAMBDA_BUNDLE.aliases },
    banner: { js: LAMBDA_BUNDLE.banner },
    metafile: true,
    logLevel: 'warning',
  };
}
