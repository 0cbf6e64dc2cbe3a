import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';

/**
 * cdk-nag's AWS Solutions and Serverless packs run on every synth as CDK validation plugins: any finding that
 * is not acknowledged (at the narrowest construct, with a reason) fails the synth. cdk-nag 3 walks the whole
 * construct tree, so the nested stacks (one per catalog area, the API's) are checked too (test/infra/nag.test.ts).
 */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
}
