import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { METRICS_DIMENSIONS, METRICS_NAMESPACE, REVIEWS_PAST_SLA_METRIC } from '#catalog/metrics.ts';
import { alarmNameFor, anyOccurrenceAlarm, type OpsSink } from './observability.ts';

export interface ServiceAlarmsProps {
  readonly ops: OpsSink;
  /**
   * SES puts an account under review at a 5% bounce rate: the alarm fires before that, at this rate.
   * @default 0.04
   */
  readonly bounceRateThreshold?: number;
}

/** SES metrics of the account (PartnerFlow sends every email through it), counted over five minutes. */
export const sesMetric = (metricName: 'Send' | 'Bounce' | 'Complaint' | 'Delivery'): cloudwatch.Metric =>
  new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic: 'Sum', period: Duration.minutes(5) });

/** SES's own reputation figures (0-1), which it recomputes over a representative volume of recent sends. */
export const sesReputationMetric = (metricName: 'Reputation.BounceRate' | 'Reputation.ComplaintRate') =>
  new cloudwatch.Metric({
    namespace: 'AWS/SES',
    metricName,
    statistic: 'Maximum',
    period: Duration.hours(1),
  });

/**
 * The alarms that watch services rather than one construct: the SES bounce rate (sending stops if it climbs)
 * and reviews past their SLA (PartnerFlow's own metric, emitted when a review's first window runs out).
 */
export class ServiceAlarms extends Construct {
  readonly reviewsPastSla: cloudwatch.Metric;
  readonly bounceRateAlarm: cloudwatch.Alarm;
  readonly reviewsPastSlaAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    this.reviewsPastSla = new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: REVIEWS_PAST_SLA_METRIC,
      dimensionsMap: { ...METRICS_DIMENSIONS },
      statistic: 'Sum',
      period: Duration.minutes(5),
    });

    this.bounceRateAlarm = new cloudwatch.Alarm(this, 'SesBounceRateAlarm', {
      alarmName: alarmNameFor('ses-bounce-rate'),
      alarmDescription:
        'SES bounce rate is high: SES reviews the account at 5% and may pause sending at 10% (check the managers and creators PartnerFlow emails)',
      metric: sesReputationMetric('Reputation.BounceRate'),
      threshold: props.bounceRateThreshold ?? 0.04,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    props.ops.watch(this.bounceRateAlarm);

    this.reviewsPastSlaAlarm = anyOccurrenceAlarm(this, 'ReviewsPastSlaAlarm', {
      name: alarmNameFor('reviews-past-sla'),
      description:
        'A manager review ran past its SLA undecided (the managers were reminded; see the log line "A review is past its SLA" for the review id)',
      metric: this.reviewsPastSla,
    });
    props.ops.watch(this.reviewsPastSlaAlarm);
  }
}
