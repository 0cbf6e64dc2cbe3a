import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { APP_PREFIX } from '#catalog/naming.ts';

/** What the other constructs need from operations: where logs go (encrypted, retained) and where alarms go. */
export interface OpsSink {
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /**
   * Sends the alarm to the ops topic and lists it on the dashboard. An alarm of a nested stack needs a fixed name
   * (`alarmNameFor`): the dashboard refers to it by that name, not through an output of its stack.
   */
  watch(alarm: cloudwatch.Alarm): void;
}

export interface ObservabilityProps {
  /** Subscribed to the ops topic when given (context `opsEmail`). */
  readonly opsEmail?: string;
  /** @default ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

/** Explicit KMS actions (no wildcards) a service needs to encrypt and read back what it stores. */
const SERVICE_ENCRYPTION_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey',
];

/**
 * The ops topic every alarm notifies, the key that encrypts every log group and the topic, and the queue that
 * keeps deliveries nobody could make (scheduler targets, topic subscriptions, asynchronous invocations).
 */
export class Observability extends Construct implements OpsSink {
  readonly logKey: kms.Key;
  readonly logRetention: logs.RetentionDays;
  readonly topic: sns.Topic;
  readonly deadLetters: sqs.Queue;
  /** Every watched alarm, usable from this construct's stack (alarms of nested stacks by their names). */
  readonly alarms: cloudwatch.IAlarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps = {}) {
    super(scope, id);
    const { region, account, partition } = Stack.of(this);
    this.logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;

    this.logKey = new kms.Key(this, 'LogKey', {
      description: 'PartnerFlow: encrypts log groups and the ops topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.logKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsEncryptsThisAccountsLogGroups',
        principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: SERVICE_ENCRYPTION_ACTIONS,
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*`,
          },
        },
      }),
    );
    // CloudWatch alarms publish to an encrypted topic only if the alarm service may use its key.
    this.logKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToTheOpsTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );

    this.topic = new sns.Topic(this, 'OpsTopic', {
      displayName: 'PartnerFlow operations',
      masterKey: this.logKey,
      enforceSSL: true,
    });

    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const terminalQueue =
      'This queue is itself the dead-letter queue (EventBridge Scheduler targets, SNS subscriptions, asynchronously invoked functions); a queue behind it would only move the same messages again, and its depth alarms the ops topic';
    Validations.of(this.deadLetters).acknowledge(
      { id: 'AwsSolutions-SQS3', reason: terminalQueue },
      { id: 'Serverless-SQSRedrivePolicy', reason: terminalQueue },
    );
    this.watch(
      anyOccurrenceAlarm(this, 'DeadLettersWaiting', {
        name: alarmNameFor('dead-letters-waiting'),
        description:
          'Deliveries failed for good (a schedule could not start its workflow, an alarm email bounced, or an asynchronous invocation failed)',
        metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
      }),
    );

    if (props.opsEmail !== undefined) {
      this.topic.addSubscription(
        new EmailSubscription(props.opsEmail, { deadLetterQueue: this.deadLetters }),
      );
    }
  }

  watch(alarm: cloudwatch.Alarm): void {
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(Stack.of(alarm) === Stack.of(this) ? alarm : this.referenceByName(alarm));
  }

  /** An alarm of another (nested) stack, referred to by its fixed name: no output, no cross-stack dependency. */
  private referenceByName(alarm: cloudwatch.Alarm): cloudwatch.IAlarm {
    const resource = alarm.node.defaultChild;
    const name = resource instanceof cloudwatch.CfnAlarm ? resource.alarmName : undefined;
    if (name === undefined || Token.isUnresolved(name)) {
      throw new Error(
        `Alarm ${alarm.node.path} is in another stack than the ops topic: give it a fixed name (alarmNameFor) so the dashboard can list it by name`,
      );
    }
    return cloudwatch.Alarm.fromAlarmName(this, `Watched ${name}`, name);
  }
}

/** A fixed, readable alarm name (`partnerflow-<subject>-<condition>`): it is the subject of every alarm email. */
export const alarmNameFor = (...parts: readonly string[]): string => [APP_PREFIX, ...parts].join('-');

export interface AnyOccurrenceAlarmProps {
  /** From `alarmNameFor`. */
  readonly name: string;
  readonly description: string;
  readonly metric: cloudwatch.IMetric;
}

/** A log group encrypted with the ops key and kept only as long as the retention says. */
export function encryptedLogGroup(scope: Construct, id: string, ops: OpsSink): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    encryptionKey: ops.logKey,
    retention: ops.logRetention,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/** An alarm that fires when a count metric records anything at all in five minutes (no data is fine). */
export function anyOccurrenceAlarm(
  scope: Construct,
  id: string,
  { name, description, metric }: AnyOccurrenceAlarmProps,
): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, {
    alarmName: name,
    alarmDescription: description,
    metric,
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

/** A count metric summed over the five minutes every PartnerFlow alarm looks at. */
export const fiveMinuteSum = (metric: cloudwatch.Metric): cloudwatch.Metric =>
  metric.with({ period: Duration.minutes(5), statistic: 'Sum' });
