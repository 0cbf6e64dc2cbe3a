import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functions } from '#catalog/index.ts';
import type { SecretName } from '#catalog/types.ts';
import { stateMachineArnOf } from '#infra/constructs/arns.ts';
import type { PartnerFlowStack } from '#infra/stack.ts';
import { type Synthesized, synthesize } from '#test/infra/support/synth.ts';
import {
  actionsOf,
  onlyResource,
  statementsOfRole,
  statementsTouching,
} from '#test/infra/support/template.ts';

const TIKTOK_SECRETS: readonly SecretName[] = ['TIKTOK_APP_KEY', 'TIKTOK_APP_SECRET'];

describe('seller authorization infrastructure (real catalog)', () => {
  let stack: PartnerFlowStack;
  let template: Template;
  let resolved: Synthesized['resolve'];

  beforeAll(() => {
    ({ stack, template, resolve: resolved } = synthesize({ skipBundling: true }));
  });

  const statementsCache = new Map<string, ReturnType<typeof statementsOfRole>>();
  const statementsOf = (functionId: string) => {
    let statements = statementsCache.get(functionId);
    if (statements === undefined) {
      statements = statementsOfRole(template, resolved(stack.functions.get(functionId).role.roleName));
      statementsCache.set(functionId, statements);
    }
    return statements;
  };
  const environmentCache = new Map<string, Record<string, unknown>>();
  const tokenKeyArn = () => resolved(stack.secrets.tokenKey?.key.keyArn);
  const onTokenKey = (functionId: string) =>
    statementsOf(functionId).filter(
      (statement) => JSON.stringify(statement.Resource) === JSON.stringify(tokenKeyArn()),
    );
  const environmentOf = (functionId: string) => {
    let variables = environmentCache.get(functionId);
    if (variables === undefined) {
      variables = (
        onlyResource(template, 'AWS::Lambda::Function', { FunctionName: `partnerflow-${functionId}` })
          .Environment as { Variables: Record<string, unknown> }
      ).Variables;
      environmentCache.set(functionId, variables);
    }
    return variables;
  };

  it('creates one rotating, retained KMS key for seller tokens, apart from the table key', () => {
    const key = stack.secrets.tokenKey?.key;
    expect(key).toBeDefined();
    const keys = template.findResources('AWS::KMS::Key');
    const tokenKey = keys[stack.getLogicalId(key?.node.defaultChild as never)];
    expect(tokenKey).toMatchObject({ DeletionPolicy: 'Retain', Properties: { EnableKeyRotation: true } });
    expect(tokenKeyArn()).not.toEqual(resolved(stack.data.key.keyArn));
  });

  it('grants each function exactly the data-key actions it declares, for PartnerFlow contexts only', () => {
    for (const spec of functions) {
      const granted = onTokenKey(spec.id);
      const expected = (spec.tokenKey ?? []).map((access) =>
        access === 'encrypt' ? 'kms:GenerateDataKey' : 'kms:Decrypt',
      );
      if (expected.length === 0) {
        expect(granted, spec.id).toEqual([]);
        expect(environmentOf(spec.id).TOKEN_KEY_ARN, spec.id).toBeUndefined();
        continue;
      }
      expect(granted, spec.id).toEqual([
        {
          Effect: 'Allow',
          Action: expected.length === 1 ? expected[0] : expected,
          Resource: tokenKeyArn(),
          Condition: {
            StringEquals: { 'kms:EncryptionContext:purpose': ['seller-tokens', 'seller-auth-code'] },
          },
        },
      ]);
      expect(environmentOf(spec.id).TOKEN_KEY_ARN, spec.id).toEqual(tokenKeyArn());
    }
    // The API seals the auth code; the shop lookup only opens; the exchange and the refresh do both.
    expect(
      actionsOf(onTokenKey('start-seller-authorization')[0] ?? { Effect: '', Action: [], Resource: '' }),
    ).toEqual(['kms:GenerateDataKey']);
    expect(
      actionsOf(onTokenKey('seller-auth-get-shop')[0] ?? { Effect: '', Action: [], Resource: '' }),
    ).toEqual(['kms:Decrypt']);
  });

  it('keeps the TikTok app credentials in Secrets Manager, readable only by the functions that call TikTok', () => {
    for (const name of TIKTOK_SECRETS) {
      const secret = stack.secrets.secretOf(name);
      expect(secret, name).toBeDefined();
      const arn = resolved(secret?.secretArn);
      for (const spec of functions) {
        const reads = statementsTouching(statementsOf(spec.id), 'secretsmanager').filter(
          (statement) => JSON.stringify(statement.Resource) === JSON.stringify(arn),
        );
        const declares = (spec.secrets ?? []).includes(name);
        expect(reads.length > 0, `${spec.id} reads ${name}`).toBe(declares);
        expect(environmentOf(spec.id)[`${name}_ARN`], spec.id).toEqual(declares ? arn : undefined);
        for (const statement of reads) {
          expect(
            actionsOf(statement).every((action) => !action.includes('*')),
            spec.id,
          ).toBe(true);
        }
      }
    }
    // The value never appears in the template or a function's configuration: only the ARN does.
    expect(JSON.stringify(template.toJSON())).not.toMatch(/"TIKTOK_APP_(KEY|SECRET)"\s*:/);
  });

  it('serves the webhook without the API key authorizer (the handler checks TikTok signature)', () => {
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method')) as {
      Properties: { HttpMethod: string; AuthorizationType: string; ResourceId: unknown };
    }[];
    const resources = template.findResources('AWS::ApiGateway::Resource') as Record<
      string,
      { Properties: { PathPart: string } }
    >;
    const webhook = methods.filter((method) => {
      const id = (method.Properties.ResourceId as { Ref?: string }).Ref ?? '';
      return resources[id]?.Properties.PathPart === 'tiktok-shop';
    });
    expect(webhook).toHaveLength(1);
    expect(webhook[0]?.Properties).toMatchObject({ HttpMethod: 'POST', AuthorizationType: 'NONE' });
  });

  it('lets the authorization workflow start only itself (the next refresh cycle), and the webhook only its workflow', () => {
    const role = stack.workflows.get('seller-authorization').role;
    const starts = statementsTouching(statementsOfRole(template, resolved(role.roleName)), 'states');
    expect(starts).toEqual([
      {
        Effect: 'Allow',
        Action: 'states:StartExecution',
        Resource: resolved(stateMachineArnOf(stack, 'seller-authorization')),
      },
    ]);
    expect(statementsTouching(statementsOf('receive-tiktok-shop-webhook'), 'states')).toEqual([
      {
        Effect: 'Allow',
        Action: 'states:StartExecution',
        Resource: resolved(stateMachineArnOf(stack, 'seller-notification')),
      },
    ]);
    expect(statementsTouching(statementsOf('receive-tiktok-shop-webhook'), 'dynamodb')).toEqual([]);
  });
});
