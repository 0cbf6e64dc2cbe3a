import { App } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '#catalog/naming.ts';
import type { PartnerCatalog } from '#infra/constructs/catalog.ts';
import { addNagChecks } from '#infra/constructs/nag-checks.ts';
import { PartnerFlowStack, type PartnerFlowStackProps } from '#infra/stack.ts';
import { type AppTemplate, appTemplate, type StackTemplate } from '#test/infra/support/app-template.ts';

export interface SynthOptions extends Omit<PartnerFlowStackProps, 'env'> {
  readonly catalog?: PartnerCatalog;
  /** Run cdk-nag as `infra/app.ts` does (a finding makes the synth throw). */
  readonly nag?: boolean;
  /**
   * Skip esbuild (CDK's own `aws:cdk:bundling-stacks` context, as `cdk synth --exclusively` uses): for tests
   * that read only the template, never for the real synth.
   */
  readonly skipBundling?: boolean;
  /** Adds to the stack before synthesis (e.g. a resource cdk-nag must catch in a nested stack). */
  readonly customize?: (stack: PartnerFlowStack) => void;
}

export interface Synthesized {
  readonly app: App;
  readonly stack: PartnerFlowStack;
  /** The resources of every stack (root and nested), cross-stack references followed (support/app-template.ts). */
  readonly template: Template;
  /** Each template on its own: the root stack's and every nested stack's. */
  readonly templates: readonly StackTemplate[];
  /** A token as it appears in `template`. */
  readonly resolve: AppTemplate['resolve'];
  /** A construct's logical id in its own stack. */
  readonly logicalId: AppTemplate['logicalId'];
}

/** Builds and synthesizes the stack the way `infra/app.ts` does (once), with the dummy account and region. */
export function synthesize(options: SynthOptions = {}): Synthesized {
  const { nag = false, skipBundling = false, customize, ...stackProps } = options;
  const app = new App({ context: skipBundling ? { 'aws:cdk:bundling-stacks': [] } : {} });
  const stack = new PartnerFlowStack(app, 'PartnerFlowStack', {
    ...stackProps,
    env: { account: LOCAL_ACCOUNT, region: LOCAL_REGION },
  });
  customize?.(stack);
  if (nag) addNagChecks(app);
  const { template, templates, resolve, logicalId } = appTemplate(app, stack);
  return { app, stack, template, templates, resolve, logicalId };
}
