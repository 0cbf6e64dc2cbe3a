import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { REVIEWS_PAST_SLA_METRIC } from '#catalog/metrics.ts';
import { logger, metrics } from '#lib/observability.ts';

/**
 * Counts a review whose decision window ran out undecided (the `ReviewsPastSla` metric the stack alarms on) and
 * logs it with its ids, so the alarm leads straight to the review. Published at once: a task has no other metrics
 * to batch it with.
 */
export function recordReviewPastSla(review: {
  readonly reviewId: string;
  readonly workflow: string;
  readonly partnerId: string;
  readonly dueAt: string;
}): void {
  metrics.addMetric(REVIEWS_PAST_SLA_METRIC, MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
  logger.warn('A review is past its SLA', {
    reviewId: review.reviewId,
    workflow: review.workflow,
    partnerId: review.partnerId,
    dueAt: review.dueAt,
  });
}
