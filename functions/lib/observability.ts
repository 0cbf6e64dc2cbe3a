import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { redactLogValue } from '#lib/redaction.ts';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'partnerflow';

/**
 * The one logger, metrics and tracer every handler shares (Powertools, built once per module load). Every value
 * of every log line passes the redaction (functions/lib/redaction.ts): no credential reaches CloudWatch.
 */
export const logger = new Logger({ serviceName, jsonReplacerFn: redactLogValue });
export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'PartnerFlow',
});

/**
 * Whether the Powertools tracer would trace here, by its own rule (Tracer#setTracingEnabled): inside Lambda
 * (AWS_EXECUTION_ENV), unless POWERTOOLS_TRACE_ENABLED is false or it runs under SAM local or the Amplify mock.
 */
export function tracingActive(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const executionEnv = env.AWS_EXECUTION_ENV ?? '';
  return (
    executionEnv !== '' &&
    executionEnv !== 'AWS_Lambda_amplify-mock' &&
    (env.AWS_SAM_LOCAL ?? '') === '' &&
    (env.POWERTOOLS_TRACE_ENABLED ?? '').toLowerCase() !== 'false'
  );
}

/** What handlers may ask of the tracer; the same calls work whether tracing is active or not. */
export type PartnerTracer = Pick<
  Tracer,
  'captureAWSv3Client' | 'putAnnotation' | 'putMetadata' | 'addErrorAsMetadata' | 'isTracingEnabled'
>;

/** Powertools' own behaviour when tracing is disabled: every call does nothing, clients stay as they are. */
const inactiveTracer: PartnerTracer = {
  captureAWSv3Client: (client) => client,
  putAnnotation: () => undefined,
  putMetadata: () => undefined,
  addErrorAsMetadata: () => undefined,
  isTracingEnabled: () => false,
};

/**
 * The Powertools tracer where tracing is active; elsewhere (tests, the local runtime) a stand-in that does what
 * a disabled Powertools tracer does: nothing. Imported on demand because it brings the X-Ray SDK (~115 KB
 * minified): the bundler puts it in a chunk of its own (infra/bundling.ts) that a cold start without tracing
 * never loads. Deployed functions run with active tracing, so there it loads as before.
 */
export const tracer: PartnerTracer = tracingActive()
  ? new (await import('@aws-lambda-powertools/tracer')).Tracer({ serviceName })
  : inactiveTracer;
