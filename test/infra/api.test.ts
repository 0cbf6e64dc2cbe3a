import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PartnerApi } from '#infra/constructs/api.ts';
import { functionArnOf } from '#infra/constructs/arns.ts';
import type { PartnerFlowStack } from '#infra/stack.ts';
import { infraTestCatalog } from '#test/fixtures/infra/catalog.ts';
import { type Synthesized, synthesize } from '#test/infra/support/synth.ts';
import { onlyResource } from '#test/infra/support/template.ts';

describe('API', () => {
  let stack: PartnerFlowStack;
  let api: PartnerApi;
  let template: Template;
  let resolved: Synthesized['resolve'];

  beforeAll(() => {
    ({ stack, template, resolve: resolved } = synthesize({ catalog: infraTestCatalog, skipBundling: true }));
    if (stack.api === undefined)
      throw new Error('The test catalog declares routes, so the stack must build an API');
    api = stack.api;
  });

  const resourceId = (path: string) => resolved(api.restApi.root.resourceForPath(path).resourceId);

  it('authorizes with a REQUEST authorizer on the Authorization header, caching decisions for 60 s', () => {
    const authorizer = onlyResource(template, 'AWS::ApiGateway::Authorizer');

    expect(authorizer).toMatchObject({
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 60,
    });
    // The authorizer function lives in an area stack: the API names it by its fixed name.
    expect(JSON.stringify(authorizer.AuthorizerUri)).toContain(
      ':function:partnerflow-api-authorizer/invocations',
    );
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'partnerflow-api-authorizer' });
  });

  it('lets API Gateway invoke each routed function for its own method only, and the authorizer for the authorizer', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).map(
      (resource) => resource.Properties as { FunctionName: unknown; Principal: string; SourceArn: unknown },
    );
    const sourceOf = (functionId: string) =>
      permissions
        .filter(
          (permission) =>
            JSON.stringify(permission.FunctionName) ===
            JSON.stringify(resolved(functionArnOf(stack, functionId))),
        )
        .map((permission) => {
          expect(permission.Principal).toBe('apigateway.amazonaws.com');
          // The joined text of the source ARN, references (partition, API id, stage) shown as <ref>.
          const parts = (permission.SourceArn as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
          return parts.map((part) => (typeof part === 'string' ? part : '<ref>')).join('');
        });

    expect(permissions).toHaveLength(infraTestCatalog.routes.length + 1);
    for (const route of infraTestCatalog.routes) {
      // The deployed stage (a reference, never '*'), the method, the path with '*' for each path parameter.
      const methodArnEnd = `/<ref>/${route.method}${route.path.replace(/\{[^}]+\}/g, '*')}`;
      expect(sourceOf(route.functionId), route.path).toEqual([
        expect.stringMatching(/^arn:<ref>:execute-api:/),
      ]);
      expect(sourceOf(route.functionId)[0]?.endsWith(methodArnEnd), route.path).toBe(true);
    }
    expect(sourceOf('api-authorizer')).toEqual([expect.stringMatching(/\/authorizers\/<ref>$/)]);
  });

  it('puts the authorizer on every non-public route and none on public ones, keeping the declared paths', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      ResourceId: resourceId('/v1/fixture-reports'),
      AuthorizationType: 'CUSTOM',
      AuthorizerId: Match.anyValue(),
      Integration: Match.objectLike({ Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' }),
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      ResourceId: resourceId('/v1/fixture-reviews/{reviewId}/decision'),
      AuthorizationType: 'CUSTOM',
      RequestParameters: { 'method.request.path.reviewId': true },
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      ResourceId: resourceId('/v1/fixture-reports/{reportId}'),
      AuthorizationType: 'NONE',
      AuthorizerId: Match.absent(),
    });
    template.resourceCountIs('AWS::ApiGateway::Method', infraTestCatalog.routes.length);
  });

  it("validates a JSON body against the structure of the route's schema", () => {
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
    template.hasResourceProperties('AWS::ApiGateway::Model', {
      ContentType: 'application/json',
      Schema: {
        $schema: 'http://json-schema.org/draft-04/schema#',
        type: 'object',
        properties: { partnerId: { type: 'string' }, weekOf: { type: 'string' } },
        required: ['partnerId'],
        additionalProperties: false,
      },
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      ResourceId: resourceId('/v1/fixture-reports'),
      RequestModels: { 'application/json': Match.anyValue() },
      RequestValidatorId: Match.anyValue(),
    });
  });

  it('logs access as JSON without the Authorization header, traces and throttles the stage', () => {
    const stage = onlyResource(template, 'AWS::ApiGateway::Stage');
    const accessLog = stage.AccessLogSetting as { Format: string };
    const fields = JSON.parse(accessLog.Format) as Record<string, string>;

    expect(stage).toMatchObject({
      StageName: 'prod',
      TracingEnabled: true,
      MethodSettings: [
        {
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
          ThrottlingRateLimit: 50,
          ThrottlingBurstLimit: 100,
        },
      ],
    });
    expect(fields).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(
      Object.values(fields).filter((value) => /authorization|header|apiKey|querystring/i.test(value)),
    ).toEqual([]);
  });

  it('answers API Gateway errors in the API error shape', () => {
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      StatusCode: '401',
      ResponseTemplates: {
        'application/json': JSON.stringify({
          error: { code: 'unauthorized', message: 'A valid API key is required', details: [] },
        }),
      },
    });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'BAD_REQUEST_BODY',
      StatusCode: '400',
      ResponseTemplates: {
        'application/json':
          '{"error":{"code":"validation_failed","message":$context.error.messageString,"details":[]}}',
      },
    });
  });

  it('associates a regional WAF web ACL with managed rule groups and a rate limit to the stage', () => {
    const acl = onlyResource(template, 'AWS::WAFv2::WebACL', { Scope: 'REGIONAL' });
    const rules = acl.Rules as { Name: string; Statement: Record<string, unknown> }[];

    expect(rules.map((rule) => rule.Name)).toEqual([
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesAmazonIpReputationList',
      'RateLimitPerApiKey',
      'RateLimitPerIp',
    ]);
    expect(rules.at(-1)?.Statement).toEqual({ RateBasedStatement: { Limit: 1000, AggregateKeyType: 'IP' } });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: resolved(api.stage.stageArn),
      WebACLArn: Match.objectLike({ 'Fn::GetAtt': Match.arrayWith(['Arn']) }),
    });
  });

  it('alarms the ops topic when more than 5% of requests fail with 5xx', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5XXError',
      Statistic: 'Average',
      Threshold: 0.05,
      AlarmActions: [resolved(stack.observability.topic.topicArn)],
    });
  });
});
