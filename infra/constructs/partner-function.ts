import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { functionName } from '#catalog/naming.ts';
import type { FunctionSpec } from '#catalog/types.ts';
import { bundledFunctionCode } from './function-code.ts';
import {
  alarmNameFor,
  anyOccurrenceAlarm,
  encryptedLogGroup,
  fiveMinuteSum,
  type OpsSink,
} from './observability.ts';

export const DEFAULT_MEMORY_MB = 256;
export const DEFAULT_TIMEOUT_SECONDS = 10;

/**
 * How the function is called. Synchronous callers (API Gateway, the authorizer, Step Functions' lambda:invoke)
 * receive the error themselves, so a dead-letter queue would never fill; anything else gets one.
 */
export type FunctionInvocation =
  | { readonly kind: 'synchronous'; readonly callers: readonly string[] }
  | { readonly kind: 'asynchronous'; readonly deadLetterQueue: sqs.IQueue };

export interface PartnerFunctionProps {
  readonly spec: FunctionSpec;
  /** TABLE_NAME, SENDER_EMAIL, workflow ARNs...; the spec's own `environment` is added on top. */
  readonly environment: Readonly<Record<string, string>>;
  readonly invocation: FunctionInvocation;
  readonly ops: OpsSink;
  /**
   * Caps the function and guarantees it capacity. Unset, functions share the account's unreserved pool, which
   * API throttling and Map MaxConcurrency already bound. @default - none reserved
   */
  readonly reservedConcurrency?: number;
}

/**
 * The house Lambda function: Node 24 on arm64, an ESM bundle built by the local esbuild with the shared
 * settings of infra/bundling.ts (minified, source maps on, the runtime's own AWS SDK), X-Ray, JSON logs in an encrypted log group with retention, its own role
 * that holds only what it is granted, and alarms on errors and throttles.
 */
export class PartnerFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PartnerFunctionProps) {
    super(scope, id);
    const { spec, ops, invocation } = props;

    this.logGroup = encryptedLogGroup(this, 'Logs', ops);
    // An own role instead of the default one: no AWS-managed policy, and nothing beyond its grants.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `PartnerFlow function ${spec.id}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new lambda.Function(this, 'Function', {
      functionName: functionName(spec.id),
      description: spec.description,
      code: bundledFunctionCode(spec.entry),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb ?? DEFAULT_MEMORY_MB,
      timeout: Duration.seconds(spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      reservedConcurrentExecutions: props.reservedConcurrency,
      deadLetterQueue: invocation.kind === 'asynchronous' ? invocation.deadLetterQueue : undefined,
      environment: functionEnvironment(spec, props.environment),
    });

    // Lambda's X-Ray integration writes through these two actions, which have no resource-level permissions.
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) support only Resource "*"',
    });
    if (invocation.kind === 'synchronous') {
      Validations.of(this.function).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason: `Invoked only synchronously (${invocation.callers.join('; ')}): the caller receives every error (API 5xx alarm, Step Functions Retry/Catch), so a dead-letter queue would never receive anything`,
      });
    }

    const name = functionName(spec.id);
    ops.watch(
      anyOccurrenceAlarm(this, 'ErrorsAlarm', {
        name: alarmNameFor(spec.id, 'errors'),
        description: `${name} failed (threw or timed out)`,
        metric: fiveMinuteSum(this.function.metricErrors()),
      }),
    );
    ops.watch(
      anyOccurrenceAlarm(this, 'ThrottlesAlarm', {
        name: alarmNameFor(spec.id, 'throttles'),
        description: `${name} was throttled`,
        metric: fiveMinuteSum(this.function.metricThrottles()),
      }),
    );
  }
}

function functionEnvironment(
  spec: FunctionSpec,
  base: Readonly<Record<string, string>>,
): Record<string, string> {
  const own = spec.environment ?? {};
  const clash = Object.keys(own).find((name) => name in base);
  if (clash !== undefined) {
    throw new Error(
      `Function '${spec.id}' sets ${clash} in its environment, which the stack already provides`,
    );
  }
  return { ...base, NODE_OPTIONS: '--enable-source-maps', ...own };
}
