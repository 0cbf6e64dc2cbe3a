import { App } from 'aws-cdk-lib';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '#catalog/naming.ts';
import { addNagChecks } from './constructs/nag-checks.ts';
import { DEFAULT_SENDER_EMAIL, PartnerFlowStack } from './stack.ts';

const app = new App();

/** A context value (`-c key=value` or cdk.json) as a non-empty string. */
function contextString(key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A context value as a positive integer (`-c` passes strings, cdk.json may hold numbers). */
function contextPositiveInteger(key: string): number | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`Context ${key} must be a positive integer`);
  return parsed;
}

new PartnerFlowStack(app, 'PartnerFlowStack', {
  description: 'PartnerFlow: workflow automation for TikTok Shop partner agencies',
  // Always explicit, so a synth never looks an account up; the dummy keeps an offline synth deterministic.
  env: {
    account: contextString('account') ?? process.env.CDK_DEFAULT_ACCOUNT ?? LOCAL_ACCOUNT,
    region: contextString('region') ?? process.env.CDK_DEFAULT_REGION ?? LOCAL_REGION,
  },
  senderEmail: contextString('senderEmail') ?? DEFAULT_SENDER_EMAIL,
  opsEmail: contextString('opsEmail'),
  reservedConcurrency: contextPositiveInteger('reservedConcurrency'),
});

addNagChecks(app);
