import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '#catalog/naming.ts';
import type { PartnerCatalog } from '#infra/constructs/catalog.ts';
import { addNagChecks } from '#infra/constructs/nag-checks.ts';
import { PartnerFlowStack, type PartnerFlowStackProps } from '#infra/stack.ts';

export interface SynthOptions extends Omit<PartnerFlowStackProps, 'env'> {
  readonly catalog?: PartnerCatalog;
  /** Run cdk-nag as `infra/app.ts` does (a finding makes the synth throw). */
  readonly nag?: boolean;
  /**
   * Skip esbuild (CDK's own `aws:cdk:bundling-stacks` context, as `cdk synth --exclusively` uses): for tests
   * that read only the template, never for the real synth.
   */
  readonly skipBundling?: boolean;
}

export interface Synthesized {
  readonly app: App;
  readonly stack: PartnerFlowStack;
  readonly template: Template;
}

/** Builds and synthesizes the stack the way `infra/app.ts` does, with the dummy account and region. */
export function synthesize(options: SynthOptions = {}): Synthesized {
  const { nag = false, skipBundling = false, ...stackProps } = options;
  const app = new App({ context: skipBundling ? { 'aws:cdk:bundling-stacks': [] } : {} });
  const stack = new PartnerFlowStack(app, 'PartnerFlowStack', {
    ...stackProps,
    env: { account: LOCAL_ACCOUNT, region: LOCAL_REGION },
  });
  if (nag) addNagChecks(app);
  return { app, stack, template: Template.fromStack(stack) };
}
