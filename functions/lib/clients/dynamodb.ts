import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '#lib/observability.ts';

/** The one low-level DynamoDB client, for libraries that want one (Powertools idempotency); code uses `dynamodb`. */
export const dynamodbClient = tracer.captureAWSv3Client(new DynamoDBClient({}));

/** The one DynamoDB document client; its endpoint comes from the SDK's own configuration (AWS_ENDPOINT_URL_DYNAMODB). */
export const dynamodb = DynamoDBDocumentClient.from(dynamodbClient, {
  marshallOptions: { removeUndefinedValues: true },
});
