import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '#lib/observability.ts';

/** The one DynamoDB document client; its endpoint comes from the SDK's own configuration (AWS_ENDPOINT_URL_DYNAMODB). */
export const dynamodb = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
  marshallOptions: { removeUndefinedValues: true },
});
