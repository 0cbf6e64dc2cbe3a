import { SESClient } from '@aws-sdk/client-ses';
import { tracer } from '#lib/observability.ts';

/** The one SES client (AWS_ENDPOINT_URL_SES points it at the local SES). */
export const ses = tracer.captureAWSv3Client(new SESClient({}));
