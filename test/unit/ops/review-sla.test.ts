import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordReviewPastSla } from '#lib/metrics/review-sla.ts';
import { logger, metrics } from '#lib/observability.ts';
import { taskHandler } from '#lib/workflows/task-handler.ts';
import { createLambdaContext } from '#local/lambda/context.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('recordReviewPastSla', () => {
  it('publishes one ReviewsPastSla count, the metric the stack alarms on, and logs the review', () => {
    // Arrange
    const added = vi.spyOn(metrics, 'addMetric');
    const published = vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    const warned = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);

    // Act
    recordReviewPastSla({
      reviewId: 'rv_1',
      workflow: 'creator-onboarding',
      partnerId: 'acme',
      dueAt: '2026-11-24T10:00:00.000Z',
    });

    // Assert
    expect(added).toHaveBeenCalledWith('ReviewsPastSla', 'Count', 1);
    expect(published).toHaveBeenCalledTimes(1);
    expect(warned).toHaveBeenCalledWith(
      'A review is past its SLA',
      expect.objectContaining({ reviewId: 'rv_1' }),
    );
  });
});

describe('the correlation id', () => {
  it('is on every log line of a task: the execution name, as on the API request that started it', async () => {
    // Arrange
    const appended = vi.spyOn(logger, 'appendKeys');
    const handler = taskHandler('ScoreAndTier', async () => {
      logger.info('scoring');
      return 'ok';
    });

    // Act
    await handler(
      { input: {}, execution: 'cr_abc-onboarding' },
      createLambdaContext('onboarding-score-and-tier'),
    );

    // Assert
    expect(appended).toHaveBeenCalledWith(
      expect.objectContaining({ correlationId: 'cr_abc-onboarding', step: 'ScoreAndTier' }),
    );
  });
});
