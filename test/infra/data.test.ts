import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { table } from '#catalog/table.ts';
import type { PartnerFlowStack } from '#infra/stack.ts';
import { infraTestCatalog } from '#test/fixtures/infra/catalog.ts';
import { synthesize } from '#test/infra/support/synth.ts';

describe('data and observability', () => {
  let stack: PartnerFlowStack;
  let template: Template;

  beforeAll(() => {
    ({ stack, template } = synthesize({
      catalog: infraTestCatalog,
      skipBundling: true,
      opsEmail: 'ops@example.com',
    }));
  });

  it('builds the one table from infra/catalog/table.ts: keys, ALL-projected GSIs, on demand, PITR, TTL', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: table.partitionKey, KeyType: 'HASH' },
        { AttributeName: table.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: table.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
      DeletionProtectionEnabled: true,
    });
  });

  it('encrypts the table with its own rotating customer-managed key, and retains both', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: stack.resolve(stack.data.key.keyArn),
        },
      }),
    });
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        Description: 'PartnerFlow: encrypts the table at rest',
        EnableKeyRotation: true,
      }),
    });
  });

  it('alarms the ops topic when the table throttles', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('DynamoDB throttled'),
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'reads + writes' })]),
      AlarmActions: [stack.resolve(stack.observability.topic.topicArn)],
    });
  });

  it('encrypts the ops topic, enforces TLS on it, and subscribes the ops email with a dead-letter queue', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: stack.resolve(stack.observability.logKey.keyArn),
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      RedrivePolicy: { deadLetterTargetArn: stack.resolve(stack.observability.deadLetters.queueArn) },
    });
  });

  it('lets CloudWatch Logs and CloudWatch alarms use the ops key, and nobody else beyond the account', () => {
    const key = template.findResources('AWS::KMS::Key', {
      Properties: { Description: 'PartnerFlow: encrypts log groups and the ops topic' },
    });
    const statements = Object.values(key).flatMap(
      (resource) =>
        (resource as { Properties: { KeyPolicy: { Statement: { Principal: unknown }[] } } }).Properties
          .KeyPolicy.Statement,
    );

    expect(statements.map((statement) => statement.Principal)).toEqual([
      { AWS: expect.anything() },
      { Service: 'logs.us-east-1.amazonaws.com' },
      { Service: 'cloudwatch.amazonaws.com' },
    ]);
  });
});
