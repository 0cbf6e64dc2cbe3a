import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { buildSync } from 'esbuild';
import { esbuildOptionsFor } from '#infra/bundling.ts';
import { fromRepoRoot, REPO_ROOT } from './catalog.ts';

/**
 * A function's code, bundled by the local esbuild with the shared settings of infra/bundling.ts (the ones the
 * benchmarks measure). Built here rather than by NodejsFunction because NodejsFunction writes a single file:
 * the lazily loaded tracing code must be a file of its own to stay out of cold starts that do not trace.
 */
export function bundledFunctionCode(entry: string): lambda.Code {
  return lambda.Code.fromAsset(REPO_ROOT, {
    // Hash what is deployed, not the whole repository: an unrelated change leaves the function unchanged.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling always answers (it builds or throws), so CDK never falls back to Docker.
      image: DockerImage.fromRegistry('local-esbuild'),
      local: {
        tryBundle(outputDir: string): boolean {
          const result = buildSync({ ...esbuildOptionsFor(fromRepoRoot(entry), outputDir, REPO_ROOT) });
          if (result.errors.length > 0) throw new Error(`Bundling ${entry} failed`);
          return true;
        },
      },
    },
  });
}
