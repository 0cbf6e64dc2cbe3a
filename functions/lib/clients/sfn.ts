import { SFNClient } from '@aws-sdk/client-sfn';
import { tracer } from '#lib/observability.ts';

/** The one Step Functions client (AWS_ENDPOINT_URL_SFN points it at the local service). */
export const sfn = tracer.captureAWSv3Client(new SFNClient({}));
