import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { stateMachineArnVariable } from '#catalog/naming.ts';
import { executionArnsOf, sesIdentityArnOf, stateMachineArnOf } from '#infra/constructs/arns.ts';
import type { PartnerFlowStack } from '#infra/stack.ts';
import { infraTestCatalog } from '#test/fixtures/infra/catalog.ts';
import { type Synthesized, synthesize } from '#test/infra/support/synth.ts';
import {
  actionsOf,
  onlyResource,
  statementsOfRole,
  statementsTouching,
} from '#test/infra/support/template.ts';

describe('functions', () => {
  let app: App;
  let stack: PartnerFlowStack;
  let template: Template;
  let resolved: Synthesized['resolve'];
  let logicalId: Synthesized['logicalId'];

  // Bundled for real with the local esbuild, as `cdk synth` does.
  beforeAll(() => {
    ({
      app,
      stack,
      template,
      resolve: resolved,
      logicalId,
    } = synthesize({
      catalog: infraTestCatalog,
      senderEmail: 'reports@partnerflow.example',
    }));
  });

  const partnerFunction = (id: string) => stack.functions.get(id);
  const statementsOf = (id: string) =>
    statementsOfRole(template, resolved(partnerFunction(id).role.roleName));

  it('runs every function on Node 24, arm64, with X-Ray, JSON logs and the catalog defaults', () => {
    const authorizer = partnerFunction('api-authorizer');

    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'partnerflow-api-authorizer',
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      MemorySize: 256,
      Timeout: 10,
      LoggingConfig: { LogFormat: 'JSON', LogGroup: resolved(authorizer.logGroup.logGroupName) },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'partnerflow-fixture-get-report',
      MemorySize: 512,
      Timeout: 5,
    });
  });

  it('gives each function its own encrypted, retained log group with a retention', () => {
    const resources = template.toJSON().Resources as Record<string, unknown>;
    for (const [id, built] of stack.functions.all()) {
      expect(resources[logicalId(built.logGroup)], id).toMatchObject({
        DeletionPolicy: 'Retain',
        Properties: { KmsKeyId: resolved(stack.observability.logKey.keyArn), RetentionInDays: 30 },
      });
    }
  });

  it('sets the environment every function shares, and nothing else, on the authorizer', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'partnerflow-api-authorizer',
      Environment: {
        Variables: {
          TABLE_NAME: resolved(stack.data.table.tableName),
          SENDER_EMAIL: 'reports@partnerflow.example',
          POWERTOOLS_SERVICE_NAME: 'partnerflow',
          POWERTOOLS_METRICS_NAMESPACE: 'PartnerFlow',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  it("adds the ARN of each workflow a function uses, built from the machine's name, and its own variables", () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'partnerflow-fixture-start-report',
      Environment: {
        Variables: Match.objectLike({
          [stateMachineArnVariable('weekly-partner-report')]: resolved(
            stateMachineArnOf(stack, 'weekly-partner-report'),
          ),
        }),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'partnerflow-fixture-step',
      Environment: { Variables: Match.objectLike({ REPORT_STYLE: 'compact' }) },
    });
  });

  it('grants the authorizer only dynamodb:GetItem on the table (no index), and the key only to decrypt', () => {
    const statements = statementsOf('api-authorizer');

    expect(statementsTouching(statements, 'dynamodb')).toEqual([
      { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: resolved(stack.data.table.tableArn) },
    ]);
    expect(statementsTouching(statements, 'kms')).toEqual([
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:DescribeKey'],
        Resource: resolved(stack.data.key.keyArn),
        Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.us-east-1.amazonaws.com' } },
      },
    ]);
    expect(statementsTouching(statements, 'ses')).toEqual([]);
    expect(statementsTouching(statements, 'states')).toEqual([]);
  });

  it('never grants a wildcard action and never attaches a managed policy to a function role', () => {
    for (const [id, built] of stack.functions.all()) {
      const actions = statementsOf(id).flatMap(actionsOf);
      expect(
        actions.filter((action) => action.includes('*')),
        id,
      ).toEqual([]);
      const role = onlyResource(template, 'AWS::IAM::Role', {
        Description: `PartnerFlow function ${id}`,
      });
      expect(role.ManagedPolicyArns, id).toBeUndefined();
      expect(built.function.runtime.name).toBe('nodejs24.x');
    }
  });

  it('adds index ARNs only for Query, and email, start, read and task grants only where declared', () => {
    const step = statementsOf('fixture-step');
    const start = statementsOf('fixture-start-report');
    const decide = statementsOf('fixture-decide');
    const tableArn = resolved(stack.data.table.tableArn);

    expect(statementsTouching(step, 'dynamodb')).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:Query'],
        Resource: [tableArn, ...stack.data.indexArns().map(resolved)],
      },
    ]);
    expect(statementsTouching(step, 'ses')).toEqual([
      {
        Effect: 'Allow',
        Action: ['ses:SendEmail', 'ses:SendRawEmail'],
        Resource: [
          resolved(sesIdentityArnOf(stack, 'reports@partnerflow.example')),
          resolved(sesIdentityArnOf(stack, 'partnerflow.example')),
        ],
      },
    ]);
    expect(statementsTouching(start, 'states')).toEqual([
      {
        Effect: 'Allow',
        Action: 'states:StartExecution',
        Resource: resolved(stateMachineArnOf(stack, 'weekly-partner-report')),
      },
      {
        Effect: 'Allow',
        Action: ['states:DescribeExecution', 'states:GetExecutionHistory'],
        Resource: resolved(executionArnsOf(stack, 'weekly-partner-report')),
      },
    ]);
    expect(statementsTouching(start, 'kms')[0]?.Action).toEqual([
      'kms:Decrypt',
      'kms:DescribeKey',
      'kms:Encrypt',
      'kms:GenerateDataKey',
    ]);
    expect(statementsTouching(decide, 'states')).toEqual([
      {
        Effect: 'Allow',
        Action: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
        Resource: resolved(stateMachineArnOf(stack, 'creator-onboarding')),
      },
    ]);
    expect(statementsTouching(decide, 'dynamodb')).toEqual([]);
  });

  it('gives a dead-letter queue only to functions that no route, authorizer or workflow calls synchronously', () => {
    const deadLetters = resolved(stack.observability.deadLetters.queueArn);

    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'partnerflow-fixture-orphan',
      DeadLetterConfig: { TargetArn: deadLetters },
    });
    expect(statementsTouching(statementsOf('fixture-orphan'), 'sqs')).toEqual([
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: deadLetters },
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'partnerflow-api-authorizer',
      DeadLetterConfig: Match.absent(),
    });
  });

  it('alarms the ops topic on errors and throttles of every function', () => {
    for (const metricName of ['Errors', 'Throttles']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: metricName,
        Dimensions: [
          { Name: 'FunctionName', Value: resolved(partnerFunction('api-authorizer').function.functionName) },
        ],
        Statistic: 'Sum',
        Threshold: 1,
        AlarmActions: [resolved(stack.observability.topic.topicArn)],
      });
    }
  });

  it('bundles an ESM, minified, source-mapped handler with the AWS SDK left to the runtime', () => {
    const assembly = app.synth();
    const code = onlyResource(template, 'AWS::Lambda::Function', {
      FunctionName: 'partnerflow-api-authorizer',
    }).Code as { S3Key: string };
    const assetDir = join(assembly.directory, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
    const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');

    expect(bundle.startsWith("import { createRequire } from 'node:module';")).toBe(true);
    expect(bundle).toMatch(/from\s*"@aws-sdk\/client-dynamodb"/);
    // Minified: a few very long lines (the odd newline left is inside template literals).
    expect(bundle.length / bundle.split('\n').length).toBeGreaterThan(2000);
    expect(existsSync(join(assetDir, 'index.mjs.map'))).toBe(true);
  });
});
