/**
 * The deployed app's security properties, read from every synthesized template (nested stacks included:
 * support/synth.ts reads them all): least-privilege function roles, encryption at rest, TLS only, access logs without
 * secrets, per-key rate limits and the authorizer's cache (how long a revoked key can still work).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { functions } from '#catalog/index.ts';
import { RATE_LIMIT_WINDOW_SECONDS, requestsPerKeyPerWindow } from '#catalog/rate-limits.ts';
import type { StackTemplate } from '#test/infra/support/app-template.ts';
import { type Synthesized, synthesize } from '#test/infra/support/synth.ts';
import { actionsOf, type Statement } from '#test/infra/support/template.ts';

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every resource of a type in every template (root and nested stacks), with where it was found. */
function resourcesOfType(
  templates: readonly StackTemplate[],
  type: string,
): { readonly where: string; readonly id: string; readonly properties: Json }[] {
  return templates.flatMap(({ path, json }) =>
    Object.entries(json.Resources ?? {}).flatMap(([id, resource]) =>
      isRecord(resource) && resource.Type === type
        ? [
            {
              where: `${path}/${id}`,
              id,
              properties: isRecord(resource.Properties) ? resource.Properties : {},
            },
          ]
        : [],
    ),
  );
}
const list = <T>(value: T | readonly T[] | undefined): readonly T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value as T];

interface FoundStatement {
  readonly where: string;
  readonly statement: Statement;
}

/** Statements of every identity policy: AWS::IAM::Policy documents and roles' inline policies. */
function identityStatements(templates: readonly StackTemplate[]): FoundStatement[] {
  const documents = [
    ...resourcesOfType(templates, 'AWS::IAM::Policy').map(({ where, properties }) => ({
      where,
      document: properties.PolicyDocument,
    })),
    ...resourcesOfType(templates, 'AWS::IAM::Role').flatMap(({ where, properties }) =>
      list(properties.Policies as Json[] | undefined).map((policy) => ({
        where: `${where}#${String(policy.PolicyName)}`,
        document: policy.PolicyDocument,
      })),
    ),
  ];
  return documents.flatMap(({ where, document }) =>
    list((isRecord(document) ? document.Statement : undefined) as Statement[] | undefined).map(
      (statement) => ({ where, statement }),
    ),
  );
}

const assumedByLambda = (properties: Json) =>
  JSON.stringify(properties.AssumeRolePolicyDocument ?? {}).includes('lambda.amazonaws.com');

/** True when a policy statement denies any request not sent over TLS. */
const deniesPlainHttp = (statement: unknown) =>
  isRecord(statement) &&
  statement.Effect === 'Deny' &&
  JSON.stringify(statement.Condition ?? {}).includes('"aws:SecureTransport":"false"');

describe('security of the synthesized app (every stack, nested ones included)', () => {
  let synthesized: Synthesized;
  let templates: StackTemplate[];
  let statements: FoundStatement[];

  beforeAll(() => {
    synthesized = synthesize({ skipBundling: true, opsEmail: 'ops@example.com' });
    templates = [...synthesized.templates];
    statements = identityStatements(templates);
  });

  describe('least privilege', () => {
    it('gives every catalog function a role of its own', () => {
      // Act
      const lambdaRoles = resourcesOfType(templates, 'AWS::IAM::Role').filter((role) =>
        assumedByLambda(role.properties),
      );

      // Assert
      expect(lambdaRoles.length).toBeGreaterThanOrEqual(functions.length);
    });

    it('grants no wildcard action in any identity policy', () => {
      // Act
      const wildcards = statements
        .filter(({ statement }) => statement.Effect === 'Allow')
        .flatMap(({ where, statement }) =>
          actionsOf(statement)
            .filter((action) => action === '*' || action.endsWith(':*'))
            .map((action) => `${where}: ${action}`),
        );

      // Assert
      expect(statements.length).toBeGreaterThan(functions.length);
      expect(wildcards).toEqual([]);
    });

    it('names every DynamoDB and KMS action, on named resources only', () => {
      // Act
      const problems = statements.flatMap(({ where, statement }) => {
        const sensitive = actionsOf(statement).filter(
          (action) => action.startsWith('dynamodb:') || action.startsWith('kms:'),
        );
        if (sensitive.length === 0 || statement.Effect !== 'Allow') return [];
        const found = sensitive
          .filter((action) => action.includes('*'))
          .map((action) => `${where}: ${action}`);
        if (list(statement.Resource as unknown).some((resource) => resource === '*')) {
          found.push(`${where}: ${sensitive.join(', ')} on Resource "*"`);
        }
        return found;
      });

      // Assert
      expect(statements.some(({ statement }) => actionsOf(statement).includes('dynamodb:GetItem'))).toBe(
        true,
      );
      expect(problems).toEqual([]);
    });

    it('lets Step Functions and SES calls act only on named resources', () => {
      // Act
      const problems = statements.flatMap(({ where, statement }) => {
        const scoped = actionsOf(statement).filter(
          (action) =>
            /^states:(StartExecution|StopExecution|SendTask|DescribeExecution|GetExecutionHistory)/.test(
              action,
            ) ||
            action.startsWith('ses:Send') ||
            action.startsWith('secretsmanager:'),
        );
        return scoped.length > 0 && list(statement.Resource as unknown).some((resource) => resource === '*')
          ? [`${where}: ${scoped.join(', ')} on Resource "*"`]
          : [];
      });

      // Assert
      expect(problems).toEqual([]);
    });

    it('hands functions secrets by ARN, never a secret value in their environment', () => {
      // Act
      const exposed = resourcesOfType(templates, 'AWS::Lambda::Function').flatMap(({ where, properties }) => {
        const environment = isRecord(properties.Environment) ? properties.Environment.Variables : undefined;
        return Object.keys(isRecord(environment) ? environment : {})
          .filter((name) => /SECRET|TOKEN|PASSWORD|PRIVATE/i.test(name) && !name.endsWith('_ARN'))
          .map((name) => `${where}: ${name}`);
      });

      // Assert
      expect(exposed).toEqual([]);
    });
  });

  describe('encryption at rest', () => {
    it('encrypts the table with the customer-managed key, and rotates every KMS key', () => {
      // Act
      const tables = resourcesOfType(templates, 'AWS::DynamoDB::Table');
      const keys = resourcesOfType(templates, 'AWS::KMS::Key');

      // Assert
      expect(tables.length).toBeGreaterThan(0);
      for (const table of tables) {
        expect(table.properties.SSESpecification, table.where).toMatchObject({
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: expect.anything(),
        });
      }
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(key.properties.EnableKeyRotation, key.where).toBe(true);
    });

    it('encrypts every log group, topic, queue and bucket', () => {
      // Act
      const unencrypted = [
        ...resourcesOfType(templates, 'AWS::Logs::LogGroup').filter((found) => !found.properties.KmsKeyId),
        ...resourcesOfType(templates, 'AWS::SNS::Topic').filter((found) => !found.properties.KmsMasterKeyId),
        ...resourcesOfType(templates, 'AWS::SQS::Queue').filter(
          (found) => !found.properties.KmsMasterKeyId && found.properties.SqsManagedSseEnabled !== true,
        ),
        ...resourcesOfType(templates, 'AWS::S3::Bucket').filter(
          (found) => !found.properties.BucketEncryption,
        ),
      ].map((found) => found.where);

      // Assert
      expect(resourcesOfType(templates, 'AWS::Logs::LogGroup').length).toBeGreaterThan(functions.length);
      expect(unencrypted).toEqual([]);
    });
  });

  describe('TLS only', () => {
    it('denies plain HTTP on every topic, queue and bucket through its resource policy', () => {
      // Arrange
      const policyStatements = (type: string, documentKey: string, targetsKey: string) =>
        resourcesOfType(templates, type).map(({ properties }) => ({
          targets: JSON.stringify(properties[targetsKey] ?? ''),
          denies: list(
            (isRecord(properties[documentKey]) ? (properties[documentKey] as Json).Statement : undefined) as
              | unknown[]
              | undefined,
          ).some(deniesPlainHttp),
        }));
      const topicPolicies = policyStatements('AWS::SNS::TopicPolicy', 'PolicyDocument', 'Topics');
      const queuePolicies = policyStatements('AWS::SQS::QueuePolicy', 'PolicyDocument', 'Queues');
      const bucketPolicies = policyStatements('AWS::S3::BucketPolicy', 'PolicyDocument', 'Bucket');
      const protectedBy = (policies: typeof topicPolicies, logicalId: string) =>
        policies.some((policy) => policy.denies && policy.targets.includes(`"${logicalId}"`));

      // Act
      const unprotected = [
        ...resourcesOfType(templates, 'AWS::SNS::Topic').filter(
          (found) => !protectedBy(topicPolicies, found.id),
        ),
        ...resourcesOfType(templates, 'AWS::SQS::Queue').filter(
          (found) => !protectedBy(queuePolicies, found.id),
        ),
        ...resourcesOfType(templates, 'AWS::S3::Bucket').filter(
          (found) => !protectedBy(bucketPolicies, found.id),
        ),
      ].map((found) => found.where);

      // Assert
      expect(resourcesOfType(templates, 'AWS::SNS::Topic').length).toBeGreaterThan(0);
      expect(unprotected).toEqual([]);
    });

    it('serves the API only as a regional HTTPS endpoint (API Gateway has no plain-HTTP listener)', () => {
      // Act
      const apis = resourcesOfType(templates, 'AWS::ApiGateway::RestApi');

      // Assert
      expect(apis.map((found) => found.properties.EndpointConfiguration)).toEqual([{ Types: ['REGIONAL'] }]);
    });
  });

  describe('API access logs and execution logs', () => {
    it('log who called what as JSON, without the Authorization header, API key values, queries or bodies', () => {
      // Arrange
      const [stage] = resourcesOfType(templates, 'AWS::ApiGateway::Stage');
      const accessLog = isRecord(stage?.properties.AccessLogSetting) ? stage.properties.AccessLogSetting : {};

      // Act
      const fields = JSON.parse(String(accessLog.Format)) as Record<string, string>;
      const values = Object.values(fields).join(' ');

      // Assert
      expect(fields).toMatchObject({ keyId: '$context.authorizer.keyId', status: '$context.status' });
      expect(values).not.toMatch(
        /\$input|\$method\.request|\$context\.identity\.apiKey|requestOverride|responseOverride|authorization\b|querystring|\$context\.authorizer\.(?!keyId|error)/i,
      );
    });

    it('never writes request or response bodies to execution logs', () => {
      // Act
      const [stage] = resourcesOfType(templates, 'AWS::ApiGateway::Stage');
      const settings = list(stage?.properties.MethodSettings as Json[] | undefined);

      // Assert
      expect(settings.length).toBeGreaterThan(0);
      expect(settings.every((setting) => setting.DataTraceEnabled === false)).toBe(true);
    });
  });

  describe('API keys: rate limits and revocation', () => {
    it('limits each API key in AWS WAF as the local API does: per Authorization header, 429 with Retry-After', () => {
      // Arrange
      const [acl] = resourcesOfType(templates, 'AWS::WAFv2::WebACL');
      const rules = list(acl?.properties.Rules as Json[] | undefined);

      // Act
      const perKey = rules.find((rule) => rule.Name === 'RateLimitPerApiKey');
      const perIp = rules.find((rule) => rule.Name === 'RateLimitPerIp');
      const bodies = acl?.properties.CustomResponseBodies as Record<string, { Content: string }>;

      // Assert
      expect(perKey?.Statement).toEqual({
        RateBasedStatement: {
          Limit: requestsPerKeyPerWindow(),
          EvaluationWindowSec: RATE_LIMIT_WINDOW_SECONDS,
          AggregateKeyType: 'CUSTOM_KEYS',
          CustomKeys: [
            { Header: { Name: 'authorization', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } },
          ],
        },
      });
      for (const rule of [perKey, perIp]) {
        expect(rule?.Action).toMatchObject({
          Block: {
            CustomResponse: {
              ResponseCode: 429,
              CustomResponseBodyKey: 'rate-limited',
              ResponseHeaders: [{ Name: 'Retry-After', Value: expect.stringMatching(/^\d+$/) }],
            },
          },
        });
      }
      expect(JSON.parse(bodies['rate-limited']?.Content ?? '{}')).toMatchObject({
        error: { code: 'rate_limited', details: [] },
      });
    });

    it('caches the authorizer per Authorization header for at most 60 s, so a revoked key stops within a minute', () => {
      // Act
      const authorizers = resourcesOfType(templates, 'AWS::ApiGateway::Authorizer');

      // Assert
      expect(authorizers).toHaveLength(1);
      expect(authorizers[0]?.properties).toMatchObject({
        Type: 'REQUEST',
        IdentitySource: 'method.request.header.Authorization',
      });
      expect(Number(authorizers[0]?.properties.AuthorizerResultTtlInSeconds)).toBeLessThanOrEqual(60);
    });
  });
});
