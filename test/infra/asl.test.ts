import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { WorkflowSpec } from '#catalog/types.ts';
import { fromRepoRoot, type PartnerCatalog, partnerCatalog } from '#infra/constructs/catalog.ts';
import {
  catalogPlaceholders,
  inspectDefinition,
  workflowProblems,
} from '#infra/constructs/workflow-definition.ts';
import { infraTestCatalog } from '#test/fixtures/infra/catalog.ts';

/** Every `workflows/*.asl.json` (none yet is a valid state: then there is nothing to check). */
const aslFiles = readdirSync(fromRepoRoot('workflows'))
  .filter((name) => name.endsWith('.asl.json'))
  .map((name) => `workflows/${name}`);

function problemsOf(text: string, spec: WorkflowSpec, catalog: PartnerCatalog): string[] {
  return workflowProblems(inspectDefinition(text), spec, catalogPlaceholders(catalog));
}

function specOf(catalog: PartnerCatalog, definitionFile: string): WorkflowSpec {
  const spec = catalog.workflows.find((candidate) => candidate.definitionFile === definitionFile);
  if (spec === undefined) throw new Error(`No WorkflowSpec declares ${definitionFile}`);
  return spec;
}

describe('workflow definitions (workflows/*.asl.json)', () => {
  it('are each declared by one WorkflowSpec, and every declared file exists', () => {
    const declared = partnerCatalog.workflows.map((spec) => spec.definitionFile);

    expect(aslFiles.filter((file) => !declared.includes(file))).toEqual([]);
    expect(declared.filter((file) => !existsSync(fromRepoRoot(file)))).toEqual([]);
  });

  it('parse, use JSONPath only, call supported integrations, resolve every placeholder and reach every state', () => {
    const problemsByFile = Object.fromEntries(
      aslFiles
        .map(
          (file) =>
            [
              file,
              problemsOf(
                readFileSync(fromRepoRoot(file), 'utf8'),
                specOf(partnerCatalog, file),
                partnerCatalog,
              ),
            ] as const,
        )
        .filter(([, problems]) => problems.length > 0),
    );

    expect(problemsByFile).toEqual({});
  });
});

describe('the ASL checks themselves', () => {
  const fixtureFile = 'test/fixtures/infra/workflows/fixture-report.asl.json';
  const fixtureSpec = specOf(infraTestCatalog, fixtureFile);
  const check = (definition: unknown) =>
    problemsOf(JSON.stringify(definition), fixtureSpec, infraTestCatalog);

  /** `${Name}`, written without tripping the linter's template-string check. */
  const placeholder = (name: string) => `\${${name}}`;

  /** A valid definition each case below breaks in exactly one way. */
  const valid = () => ({
    StartAt: 'LoadPartners',
    States: {
      LoadPartners: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: placeholder('FixtureStepFunctionArn'), 'Payload.$': '$' },
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
        Next: 'Done',
      },
      Done: { Type: 'Succeed' },
      Failed: { Type: 'Fail' },
    },
  });
  type Definition = ReturnType<typeof valid>;

  it('accept the fixture workflow, which uses every supported integration', () => {
    const text = readFileSync(fromRepoRoot(fixtureFile), 'utf8');

    expect(problemsOf(text, fixtureSpec, infraTestCatalog)).toEqual([]);
    expect(inspectDefinition(text)).toMatchObject({
      tableActions: ['dynamodb:PutItem'],
      invokesFunctions: true,
      startsExecutions: true,
      placeholders: ['FixtureStepFunctionArn', 'TableName', 'CreatorOnboardingStateMachineArn'],
    });
    expect(check(valid())).toEqual([]);
  });

  const cases: readonly { name: string; breakIt: (definition: Definition) => void; expected: string }[] = [
    {
      name: 'JSONata',
      breakIt: (d) => Object.assign(d, { QueryLanguage: 'JSONata' }),
      expected: 'QueryLanguage JSONata',
    },
    {
      name: 'Assign',
      breakIt: (d) => Object.assign(d.States.Done, { Assign: { x: 1 } }),
      expected: 'Assign is JSONata',
    },
    {
      name: 'Arguments',
      breakIt: (d) => Object.assign(d.States.LoadPartners, { Arguments: {} }),
      expected: 'Arguments is JSONata',
    },
    {
      name: 'Output',
      breakIt: (d) => Object.assign(d.States.LoadPartners, { Output: {} }),
      expected: 'Output is JSONata',
    },
    {
      name: 'a JSONata Choice',
      breakIt: (d) =>
        Object.assign(d.States, {
          Done: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'Failed' }] },
        }),
      expected: 'uses Condition',
    },
    {
      name: 'an unknown Next',
      breakIt: (d) => Object.assign(d.States.LoadPartners, { Next: 'Nowhere' }),
      expected: "unknown state 'Nowhere'",
    },
    {
      name: 'an unknown Catch target',
      breakIt: (d) =>
        Object.assign(d.States.LoadPartners, { Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Gone' }] }),
      expected: "unknown state 'Gone'",
    },
    {
      name: 'an unknown Default',
      breakIt: (d) =>
        Object.assign(d.States, {
          Done: {
            Type: 'Choice',
            Choices: [{ Variable: '$.x', IsPresent: true, Next: 'Failed' }],
            Default: 'Lost',
          },
        }),
      expected: "unknown state 'Lost'",
    },
    {
      name: 'an unreachable state',
      breakIt: (d) => Object.assign(d.States, { Orphan: { Type: 'Succeed' } }),
      expected: 'Orphan: unreachable',
    },
    {
      name: 'a state that neither goes on nor ends',
      breakIt: (d) =>
        Object.assign(d.States, { LoadPartners: { ...d.States.LoadPartners, Next: undefined } }),
      expected: 'needs Next or End',
    },
    {
      name: 'an unknown StartAt',
      breakIt: (d) => Object.assign(d, { StartAt: 'Begin' }),
      expected: 'StartAt "Begin" is not a state',
    },
    {
      name: 'an unsupported integration',
      breakIt: (d) => Object.assign(d.States.LoadPartners, { Resource: 'arn:aws:states:::sqs:sendMessage' }),
      expected: 'unsupported Task resource arn:aws:states:::sqs:sendMessage',
    },
    {
      name: 'a placeholder the catalog does not know',
      breakIt: (d) =>
        Object.assign(d.States.LoadPartners.Parameters, { FunctionName: placeholder('NoSuchFunctionArn') }),
      expected: `${placeholder('NoSuchFunctionArn')} is neither`,
    },
    {
      name: 'a function missing from functionIds',
      breakIt: (d) =>
        Object.assign(d.States.LoadPartners.Parameters, {
          FunctionName: placeholder('FixtureDecideFunctionArn'),
        }),
      expected: `${placeholder('FixtureDecideFunctionArn')} is used but its function is not in the functionIds`,
    },
    {
      name: 'a broken Map iteration',
      breakIt: (d) =>
        Object.assign(d.States, {
          Done: {
            Type: 'Map',
            ItemProcessor: { StartAt: 'Each', States: { Each: { Type: 'Pass', Next: 'Missing' } } },
            End: true,
          },
        }),
      expected: "Done/ItemProcessor/Each: transition to unknown state 'Missing'",
    },
  ];

  it.each(cases)('report $name', ({ breakIt, expected }) => {
    const definition = valid();
    breakIt(definition);

    expect(check(definition).join('\n')).toContain(expected);
  });

  it('report a file that is not JSON', () => {
    expect(problemsOf('{ "StartAt": ', fixtureSpec, infraTestCatalog)[0]).toMatch(/^not JSON/);
  });
});
