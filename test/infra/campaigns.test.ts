import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { executionArnsOf, stateMachineArnOf } from '#infra/constructs/arns.ts';
import type { PartnerFlowStack } from '#infra/stack.ts';
import { type Synthesized, synthesize } from '#test/infra/support/synth.ts';
import { statementsOfRole, statementsTouching } from '#test/infra/support/template.ts';

describe('campaign launch infrastructure (real catalog)', () => {
  let stack: PartnerFlowStack;
  let template: Template;
  let resolved: Synthesized['resolve'];

  beforeAll(() => {
    ({ stack, template, resolve: resolved } = synthesize({ skipBundling: true }));
  });

  const statesOf = (functionId: string) =>
    statementsTouching(
      statementsOfRole(template, resolved(stack.functions.get(functionId).role.roleName)),
      'states',
    );

  it('lets the campaign commands start the launch, read and stop its executions, and nothing else', () => {
    expect(statesOf('campaign-commands')).toEqual([
      {
        Effect: 'Allow',
        Action: 'states:StartExecution',
        Resource: resolved(stateMachineArnOf(stack, 'campaign-launch')),
      },
      {
        Effect: 'Allow',
        Action: ['states:DescribeExecution', 'states:GetExecutionHistory'],
        Resource: resolved(executionArnsOf(stack, 'campaign-launch')),
      },
      {
        Effect: 'Allow',
        Action: 'states:StopExecution',
        Resource: resolved(executionArnsOf(stack, 'campaign-launch')),
      },
    ]);
  });

  it('lets the launch steps resume their own workflow (a paused campaign), and the reads and TikTok steps no Step Functions call', () => {
    expect(statesOf('campaign-launch-steps')).toEqual([
      {
        Effect: 'Allow',
        Action: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
        Resource: resolved(stateMachineArnOf(stack, 'campaign-launch')),
      },
    ]);
    expect(statesOf('campaign-queries')).toEqual([]);
    expect(statesOf('campaign-tiktok-steps')).toEqual([]);
  });

  it('keeps the area small: four functions for the API and the whole workflow', () => {
    const campaignFunctions = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (resource) =>
        String((resource as { Properties: { FunctionName?: unknown } }).Properties.FunctionName).startsWith(
          'partnerflow-campaign-',
        ),
    );
    expect(campaignFunctions).toHaveLength(4);
  });
});
