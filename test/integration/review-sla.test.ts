// A review that runs past its SLA counts once in the ReviewsPastSla metric the stack alarms on.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REVIEWS_PAST_SLA_METRIC } from '#catalog/metrics.ts';
import { metrics } from '#lib/observability.ts';
import { executionArnFor, statePath } from '#test/support/executions.ts';
import { creatorApplication } from '#test/support/onboarding.ts';
import {
  api,
  createApiKey,
  createPartner,
  pollUntil,
  startTestRuntime,
  type TestRuntime,
} from '#test/support/runtime.ts';

let runtime: TestRuntime;
let partnerKey: string;

beforeAll(async () => {
  // The first review window runs out at once; the reminder's own window stays long.
  runtime = await startTestRuntime({
    time: { timeScale: 0.001, taskTimeoutMs: { RequestManagerReview: 200 } },
  });
  const partner = await createPartner(runtime);
  partnerKey = await createApiKey(runtime, { role: 'partner', partnerId: partner.partnerId });
});

afterAll(async () => {
  await runtime?.close();
});

describe('reviews past SLA', () => {
  it('are counted once, when the managers are reminded', async () => {
    // Arrange
    const added = vi.spyOn(metrics, 'addMetric');
    const started = await api(runtime, partnerKey).post<{ executionId: string }>('/v1/creators/onboardings', {
      creator: creatorApplication({ engagementRate: 0.001 }),
    });
    const arn = executionArnFor('creator-onboarding', started.body.executionId);

    // Act
    await pollUntil(
      async () => ((await statePath(runtime, arn)).includes('RemindManagers') ? true : undefined),
      {
        describe: () => `${started.body.executionId} never reminded the managers`,
      },
    );
    await pollUntil(async () => (added.mock.calls.length > 0 ? true : undefined), {
      describe: () => 'no metric was emitted',
    });

    // Assert
    expect(added.mock.calls.filter(([name]) => name === REVIEWS_PAST_SLA_METRIC)).toEqual([
      [REVIEWS_PAST_SLA_METRIC, 'Count', 1],
    ]);
    added.mockRestore();
  });
});
