import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { $ZodType } from 'zod/v4/core';
import { AUTHORIZER_FUNCTION_ID } from '#catalog/index.ts';
import type { RouteSpec } from '#catalog/types.ts';
import { GATEWAY_ANSWERS, gatewayAnswerTemplate } from './api-errors.ts';
import { requestBodyModel } from './api-models.ts';
import { alarmNameFor, encryptedLogGroup, type OpsSink } from './observability.ts';

export const STAGE_NAME = 'prod';
const JSON_CONTENT_TYPE = 'application/json';

export interface PartnerApiProps {
  readonly routes: readonly RouteSpec[];
  /** The function a route or the authorizer calls, by catalog id. */
  readonly functionOf: (functionId: string) => lambda.IFunction;
  readonly ops: OpsSink;
  /** Steady requests per second for every method together. @default 50 */
  readonly throttlingRateLimit?: number;
  /** @default 100 */
  readonly throttlingBurstLimit?: number;
}

/**
 * Access-log fields: who called what, how it ended and how long it took. Never the Authorization header, the
 * query string or a body (they may carry keys, cursors or personal data); the key id is not a secret.
 */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTimeEpoch',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  method: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integration.latency',
  integrationError: '$context.integration.error',
  authorizerError: '$context.authorizer.error',
  keyId: '$context.authorizer.keyId',
  errorType: '$context.error.responseType',
  wafStatus: '$context.waf.status',
  xrayTraceId: '$context.xrayTraceId',
};

/**
 * The REST API built from the route table: the paths as declared (they start with /v1), each method proxying
 * to its function, the API-key authorizer on every non-public route, body validation from the route's schema,
 * JSON access logs, X-Ray, stage-wide throttling and the API's own error shape for API Gateway's answers.
 */
export class PartnerApi extends Construct {
  readonly restApi: apigateway.RestApi;
  readonly stage: apigateway.Stage;
  /** JSON access logs (one line per request); the ops log queries read them. */
  readonly accessLogs: logs.LogGroup;
  private authorizer?: apigateway.RequestAuthorizer;
  private bodyValidator?: apigateway.RequestValidator;
  private paramsValidator?: apigateway.RequestValidator;

  constructor(scope: Construct, id: string, props: PartnerApiProps) {
    super(scope, id);
    const { ops } = props;
    const accessLogs = encryptedLogGroup(this, 'AccessLogs', ops);
    this.accessLogs = accessLogs;

    this.restApi = new apigateway.RestApi(this, 'RestApi', {
      restApiName: 'partnerflow',
      description: 'PartnerFlow API',
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: STAGE_NAME,
        tracingEnabled: true,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
        // Execution logs at ERROR only, and never request/response bodies (dataTrace), which hold secrets.
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        throttlingRateLimit: props.throttlingRateLimit ?? 50,
        throttlingBurstLimit: props.throttlingBurstLimit ?? 100,
      },
    });
    this.stage = this.restApi.deploymentStage;
    Validations.of(this.restApi).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'The account-level role API Gateway writes execution logs with (APIG6); the AWS-managed policy is the documented one and holds only CloudWatch Logs actions',
    });

    for (const answer of GATEWAY_ANSWERS) {
      this.restApi.addGatewayResponse(`Answer${answer.type.responseType}`, {
        type: answer.type,
        statusCode: answer.statusCode,
        templates: { [JSON_CONTENT_TYPE]: gatewayAnswerTemplate(answer) },
      });
    }

    for (const route of props.routes) this.addRoute(route, props.functionOf);
    if (this.bodyValidator === undefined) {
      Validations.of(this.restApi).acknowledge({
        id: 'AwsSolutions-APIG2',
        reason:
          'No route in the catalog declares a request body yet, so there is no body to validate; path parameters are validated, and the body validator appears with the first route that has a requestBody schema',
      });
    }

    ops.watch(
      new cloudwatch.Alarm(this, 'ServerErrorRateAlarm', {
        alarmName: alarmNameFor('api-5xx-rate'),
        alarmDescription: 'More than 5% of API requests answered 5xx',
        metric: this.restApi.metricServerError({ statistic: 'Average', period: Duration.minutes(5) }),
        threshold: 0.05,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  private addRoute(route: RouteSpec, functionOf: PartnerApiProps['functionOf']): void {
    const handler = functionOf(route.functionId);
    const isPublic = route.roles === 'public';
    const pathParameters = [...route.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');
    const method = this.restApi.root
      .resourceForPath(route.path)
      .addMethod(
        route.method,
        new apigateway.LambdaIntegration(handler, { proxy: true, allowTestInvoke: false }),
        {
          ...(isPublic
            ? { authorizationType: apigateway.AuthorizationType.NONE }
            : {
                authorizationType: apigateway.AuthorizationType.CUSTOM,
                authorizer: this.apiKeyAuthorizer(functionOf),
              }),
          requestParameters: Object.fromEntries(
            pathParameters.map((name) => [`method.request.path.${name}`, true]),
          ),
          ...this.validation(route),
        },
      );

    Validations.of(method).acknowledge({
      id: 'AwsSolutions-COG4',
      reason:
        'Callers are partner systems with API keys, authorized by the PartnerFlow API-key Lambda authorizer, not Cognito users',
    });
    if (isPublic) {
      Validations.of(method).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `${route.method} ${route.path} is declared public in the route catalog (${route.summary}); its handler authenticates the request itself`,
      });
    }
  }

  private apiKeyAuthorizer(functionOf: PartnerApiProps['functionOf']): apigateway.RequestAuthorizer {
    this.authorizer ??= new apigateway.RequestAuthorizer(this, 'ApiKeyAuthorizer', {
      handler: functionOf(AUTHORIZER_FUNCTION_ID),
      identitySources: [apigateway.IdentitySource.header('Authorization')],
      resultsCacheTtl: Duration.seconds(60),
    });
    return this.authorizer;
  }

  private validator(kind: 'body' | 'params'): apigateway.RequestValidator {
    if (kind === 'body') {
      this.bodyValidator ??= this.restApi.addRequestValidator('BodyAndParameters', {
        validateRequestBody: true,
        validateRequestParameters: true,
      });
      return this.bodyValidator;
    }
    this.paramsValidator ??= this.restApi.addRequestValidator('Parameters', {
      validateRequestBody: false,
      validateRequestParameters: true,
    });
    return this.paramsValidator;
  }

  /**
   * A JSON body is checked against the model made from the route's schema; a form post (the handler parses
   * it) and a route without a body get their path parameters checked.
   */
  private validation(route: RouteSpec): Pick<apigateway.MethodOptions, 'requestValidator' | 'requestModels'> {
    const sendsJson = (route.requestContentType ?? JSON_CONTENT_TYPE) === JSON_CONTENT_TYPE;
    if (route.requestBody === undefined || !sendsJson) return { requestValidator: this.validator('params') };
    return {
      requestValidator: this.validator('body'),
      requestModels: { [JSON_CONTENT_TYPE]: this.bodyModel(route, route.requestBody) },
    };
  }

  private bodyModel(route: RouteSpec, schema: $ZodType): apigateway.IModel {
    const id = `${route.method}${route.path.replace(/[^A-Za-z0-9]+/g, ' ')}`;
    // A CfnModel takes the JSON Schema document as is (the L2 Model would need it re-typed key by key).
    const model = new apigateway.CfnModel(this, `Model ${id}`, {
      restApiId: this.restApi.restApiId,
      contentType: JSON_CONTENT_TYPE,
      description: `Request body of ${route.method} ${route.path}`,
      schema: requestBodyModel(schema),
    });
    return apigateway.Model.fromModelName(this, `ModelRef ${id}`, model.ref);
  }
}
