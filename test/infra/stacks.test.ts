// How the app is split into CloudFormation stacks: one nested stack per catalog area, one for the API, the root
// for what they share. Each template must stay far from CloudFormation's quotas as the catalog grows.
import type { Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AreaSpec } from '#catalog/area.ts';
import { functionArnPlaceholder } from '#catalog/naming.ts';
import { table } from '#catalog/table.ts';
import { functionArnOf } from '#infra/constructs/arns.ts';
import { catalogOf, partnerCatalog } from '#infra/constructs/catalog.ts';
import { MAX_LOG_GROUPS_PER_QUERY } from '#infra/constructs/log-queries.ts';
import type { StackTemplate } from '#test/infra/support/app-template.ts';
import { type Synthesized, synthesize } from '#test/infra/support/synth.ts';

/**
 * Our ceilings, well below CloudFormation's quotas (500 resources, 200 parameters, 200 outputs, 1 MB for a
 * template read from S3), so a growing area fails here long before a deploy would.
 */
const CEILINGS = { resources: 400, parameters: 150, outputs: 150, bytes: 800_000 } as const;

type Json = Record<string, unknown>;

const sizesOf = ({ json, bytes }: StackTemplate) => ({
  resources: Object.keys(json.Resources ?? {}).length,
  parameters: Object.keys(json.Parameters ?? {}).length,
  outputs: Object.keys(json.Outputs ?? {}).length,
  bytes,
});

const propertiesOfType = (template: StackTemplate, type: string): Json[] =>
  Object.values(template.json.Resources ?? {})
    .filter((resource) => (resource as { Type?: string }).Type === type)
    .map((resource) => (resource as { Properties?: Json }).Properties ?? {});

const namesIn = (template: StackTemplate, type: string, property: string): string[] =>
  propertiesOfType(template, type).map((properties) => String(properties[property]));

/** The nested stack resources of the root template, by logical id. */
function nestedStackResources(
  root: StackTemplate,
): Record<string, { DependsOn?: string[]; Properties: Json }> {
  return Object.fromEntries(
    Object.entries(root.json.Resources ?? {}).filter(
      ([, resource]) => (resource as { Type?: string }).Type === 'AWS::CloudFormation::Stack',
    ),
  ) as Record<string, { DependsOn?: string[]; Properties: Json }>;
}

/** A small extra area, as a new catalog area file would declare it (one route, a few functions). */
function newArea(functionCount: number): AreaSpec {
  const functions = Array.from({ length: functionCount }, (_, index) => ({
    id: `growth-step-${index + 1}`,
    entry: 'test/fixtures/infra/functions/fixture-handler.ts',
    description: `Growth fixture ${index + 1}`,
    tableActions: ['dynamodb:GetItem' as const],
  }));
  return {
    functions,
    routes: [
      { method: 'GET', path: '/v1/growth', functionId: 'growth-step-1', roles: ['ops'], summary: 'Growth' },
    ],
    workflows: [],
    schedules: [],
  };
}

/** The real catalog, synthesized once for the whole file. */
let synthesized: Synthesized;

beforeAll(() => {
  synthesized = synthesize({ skipBundling: true });
});

describe('stacks of the real catalog', () => {
  let root: StackTemplate;
  const templateOf = (stack: Stack): StackTemplate => {
    const found = synthesized.templates.find((candidate) => candidate.stack === stack);
    if (found === undefined) throw new Error(`No template for ${stack.node.path}`);
    return found;
  };

  beforeAll(() => {
    root = templateOf(synthesized.stack);
  });

  it(`keeps every template (root and nested) within ${CEILINGS.resources} resources and the other quotas`, () => {
    const overCeiling = synthesized.templates
      .map((template) => ({ path: template.path, ...sizesOf(template) }))
      .filter((sizes) =>
        (Object.keys(CEILINGS) as (keyof typeof CEILINGS)[]).some((quota) => sizes[quota] > CEILINGS[quota]),
      );

    // One stack per area plus the API and the root; a failure names each template and its figures.
    expect(synthesized.templates).toHaveLength(synthesized.stack.areas.size + 2);
    expect(overCeiling).toEqual([]);
  });

  it('builds each catalog area in a nested stack of its own, holding exactly its functions and workflows', () => {
    const seen: string[] = [];
    for (const [name, area] of Object.entries(partnerCatalog.areas)) {
      // An area of routes or schedules only has nothing of its own to build (see 'a new catalog area').
      if (area.functions.length + area.workflows.length === 0) continue;
      const areaStack = synthesized.stack.areas.get(name);
      if (areaStack === undefined) throw new Error(`No stack for area ${name}`);
      const template = templateOf(areaStack);

      expect(areaStack.nestedStackParent, name).toBe(synthesized.stack);
      expect(namesIn(template, 'AWS::Lambda::Function', 'FunctionName').sort(), name).toEqual(
        area.functions.map((spec) => `partnerflow-${spec.id}`).sort(),
      );
      expect(namesIn(template, 'AWS::StepFunctions::StateMachine', 'StateMachineName').sort(), name).toEqual(
        area.workflows.map((spec) => `partnerflow-${spec.name}`).sort(),
      );
      seen.push(...namesIn(template, 'AWS::Lambda::Function', 'FunctionName'));
    }
    // Nothing else (root, API stack) holds a function.
    expect(
      synthesized.templates.flatMap((template) => namesIn(template, 'AWS::Lambda::Function', 'FunctionName')),
    ).toHaveLength(seen.length);
  });

  it('keeps what areas share in the root (table, keys, secrets, ops topic, dead letters, dashboard)', () => {
    const types = new Set(
      Object.values(root.json.Resources ?? {}).map((resource) => (resource as { Type: string }).Type),
    );

    for (const type of [
      'AWS::DynamoDB::Table',
      'AWS::KMS::Key',
      'AWS::SecretsManager::Secret',
      'AWS::SNS::Topic',
      'AWS::SQS::Queue',
      'AWS::CloudWatch::Dashboard',
    ]) {
      expect(types, type).toContain(type);
    }
    expect(types).not.toContain('AWS::Lambda::Function');
    expect(types).not.toContain('AWS::ApiGateway::Method');
  });

  it('passes nested stacks only root values: no stack reads an output of a sibling (no cross-area coupling, no cycle)', () => {
    for (const [logicalId, resource] of Object.entries(nestedStackResources(root))) {
      expect(JSON.stringify(resource.Properties.Parameters ?? {}), logicalId).not.toContain('Outputs.');
    }
  });

  it('makes the API stack wait for every area stack, whose functions its permissions name', () => {
    const resources = nestedStackResources(root);
    const logicalIdOf = (stack: Stack) => {
      const resource = stack.nestedStackResource;
      if (resource === undefined) throw new Error(`${stack.node.path} is not nested`);
      return String(synthesized.stack.resolve(resource.logicalId));
    };
    const apiStack = synthesized.stack.apiStack;
    if (apiStack === undefined) throw new Error('The real catalog declares routes');

    expect(resources[logicalIdOf(apiStack)]?.DependsOn?.sort()).toEqual(
      [...synthesized.stack.areas.values()].map(logicalIdOf).sort(),
    );
  });

  it("substitutes a workflow's own-area functions by resource (created first) and other areas' by name", () => {
    const areaOf = new Map(
      Object.entries(partnerCatalog.areas).flatMap(([name, area]) =>
        area.functions.map((spec) => [spec.id, name]),
      ),
    );
    for (const [name, areaStack] of synthesized.stack.areas) {
      const machines = propertiesOfType(templateOf(areaStack), 'AWS::StepFunctions::StateMachine');
      for (const spec of partnerCatalog.areas[name]?.workflows ?? []) {
        const machine = machines.find(
          (properties) => properties.StateMachineName === `partnerflow-${spec.name}`,
        );
        const substitutions = (machine?.DefinitionSubstitutions ?? {}) as Json;
        for (const functionId of spec.functionIds) {
          const substituted = substitutions[functionArnPlaceholder(functionId)];
          const expected =
            areaOf.get(functionId) === name
              ? {
                  'Fn::GetAtt': [
                    synthesized.logicalId(synthesized.stack.functions.get(functionId).function),
                    'Arn',
                  ],
                }
              : synthesized.stack.resolve(functionArnOf(synthesized.stack, functionId));
          expect(substituted, `${spec.name} → ${functionId}`).toEqual(expected);
        }
      }
    }
  });
});

describe('a new catalog area', () => {
  let after: Synthesized;

  beforeAll(() => {
    after = synthesize({
      skipBundling: true,
      catalog: catalogOf(table, {
        ...partnerCatalog.areas,
        growth: newArea(5),
        // Declares nothing to build (CloudFormation refuses an empty template).
        nothing: { functions: [], routes: [], workflows: [], schedules: [] },
      }),
    });
  });

  const counts = (synthesized: Synthesized) =>
    Object.fromEntries(synthesized.templates.map((template) => [template.path, sizesOf(template).resources]));

  it('gets a nested stack of its own with no change to the infrastructure code, and leaves every area as it was', () => {
    const before = synthesized;
    const [beforeCounts, afterCounts] = [counts(before), counts(after)];
    const growth = after.stack.areas.get('growth');

    expect(growth?.node.path).toBe('PartnerFlowStack/GrowthArea');
    expect(after.stack.areas.has('nothing')).toBe(false);
    expect(after.templates).toHaveLength(before.templates.length + 1);
    // Five functions: function, role, policy, log group, two alarms each.
    expect(afterCounts['PartnerFlowStack/GrowthArea']).toBe(5 * 6);
    for (const name of Object.keys(partnerCatalog.areas)) {
      const path = `PartnerFlowStack/${before.stack.areas.get(name)?.node.id ?? '?'}`;
      expect(afterCounts[path], path).toBe(beforeCounts[path]);
    }
    // The root gains the nested stack itself (and a saved query when the log groups pass a multiple of 50); the
    // API stack gains the new route's path resource, method and invoke permission.
    const queryParts = (synthesized: Synthesized) =>
      Math.ceil(
        (synthesized.stack.functions.all().size + synthesized.stack.workflows.all().size + 1) /
          MAX_LOG_GROUPS_PER_QUERY,
      );
    expect(afterCounts.PartnerFlowStack).toBe(
      (beforeCounts.PartnerFlowStack ?? 0) + 1 + queryParts(after) - queryParts(before),
    );
    expect(afterCounts['PartnerFlowStack/Api']).toBe((beforeCounts['PartnerFlowStack/Api'] ?? 0) + 3);
  });
});
