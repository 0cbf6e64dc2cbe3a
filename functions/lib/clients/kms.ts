import { KMSClient } from '@aws-sdk/client-kms';
import { tracer } from '#lib/observability.ts';

/** The one KMS client (data keys for seller credentials); only functions that seal or open secrets load it. */
export const kms = tracer.captureAWSv3Client(new KMSClient({}));
