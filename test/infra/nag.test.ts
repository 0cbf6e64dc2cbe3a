import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type NestedStack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { infraTestCatalog } from '#test/fixtures/infra/catalog.ts';
import { type Synthesized, type SynthOptions, synthesize } from '#test/infra/support/synth.ts';

interface NagRun {
  readonly synthesized?: Synthesized;
  /** The synth error: with cdk-nag plugins, any unacknowledged finding fails the synth and lists itself here. */
  readonly error?: string;
}

interface ValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly violations?: readonly unknown[];
  }[];
}

interface Acknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

function runWithNag(options: SynthOptions): NagRun {
  try {
    // cdk-nag reads the construct tree and the template, not the bundled code.
    return { synthesized: synthesize({ ...options, nag: true, skipBundling: true }) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function nagViolations(run: NagRun): unknown[] {
  if (run.synthesized === undefined) return [];
  const report = JSON.parse(
    readFileSync(join(run.synthesized.app.synth().directory, 'validation-report.json'), 'utf8'),
  ) as ValidationReport;
  return report.pluginReports
    .filter((plugin) => /AwsSolutions|Serverless/.test(plugin.pluginName))
    .flatMap((plugin) => plugin.violations ?? []);
}

function acknowledgementsIn(run: NagRun): Acknowledgement[] {
  if (run.synthesized === undefined) return [];
  return run.synthesized.app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({ path: construct.node.path, id, reason })),
  );
}

describe('cdk-nag (AWS Solutions and Serverless packs)', () => {
  const runs: Record<'real catalog' | 'test catalog', NagRun> = { 'real catalog': {}, 'test catalog': {} };

  beforeAll(() => {
    runs['real catalog'] = runWithNag({});
    runs['test catalog'] = runWithNag({ catalog: infraTestCatalog, opsEmail: 'ops@example.com' });
  });

  it.each(['real catalog', 'test catalog'] as const)(
    'synthesizes the %s with no unacknowledged finding',
    (name) => {
      const run = runs[name];

      expect(run.error).toBeUndefined();
      expect(nagViolations(run)).toEqual([]);
    },
  );

  it('checks the resources of nested stacks too: an area stack and the API stack', () => {
    const nestedStacks = (stack: Synthesized['stack']): NestedStack[] => {
      const area = stack.areas.get('reporting');
      if (area === undefined || stack.apiStack === undefined) throw new Error('The test catalog has both');
      return [area, stack.apiStack];
    };
    // A queue with neither TLS enforcement nor a dead-letter queue, in each nested stack.
    const run = runWithNag({
      catalog: infraTestCatalog,
      customize: (stack) => {
        for (const nested of nestedStacks(stack)) new sqs.Queue(nested, 'UncheckedQueue');
      },
    });

    expect(run.error).toMatch(/AwsSolutions-SQS4/);
    expect(run.error).toContain('PartnerFlowStack/ReportingArea/UncheckedQueue/Resource');
    expect(run.error).toContain('PartnerFlowStack/Api/UncheckedQueue/Resource');
  });

  it('never acknowledges AwsSolutions-APIG3 (the API must have its WAF) and explains every acknowledgement', () => {
    const acknowledgements = [
      ...acknowledgementsIn(runs['real catalog']),
      ...acknowledgementsIn(runs['test catalog']),
    ];

    expect(acknowledgements.length).toBeGreaterThan(0);
    expect(acknowledgements.filter((ack) => ack.id.includes('APIG3'))).toEqual([]);
    expect(acknowledgements.filter((ack) => ack.reason.trim().length < 40)).toEqual([]);
  });
});
