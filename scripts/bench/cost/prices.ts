/**
 * AWS's public on-demand prices in US East (N. Virginia), as read from the services' pricing pages on the date
 * below. Free tiers are ignored: the figures are the marginal cost of the next 1,000 executions.
 */
export const PRICES = {
  asOf: '2026-11-22',
  region: 'us-east-1',
  /** Step Functions Standard: $0.025 per 1,000 state transitions, retries included. */
  stateTransition: 0.025 / 1000,
  /** Lambda: $0.20 per million requests. */
  lambdaRequest: 0.2 / 1_000_000,
  /** Lambda on Arm (Graviton, the functions' architecture), first 7.5 billion GB-seconds a month. */
  lambdaGbSecondArm: 0.0000133334,
  /** DynamoDB on demand (since the November 2024 price cut): $0.625 per million write request units. */
  dynamodbWriteUnit: 0.625 / 1_000_000,
  /** DynamoDB on demand: $0.125 per million read request units. */
  dynamodbReadUnit: 0.125 / 1_000_000,
  /** SES outbound: $0.10 per 1,000 emails; a message to several recipients counts once per recipient. */
  sesEmail: 0.1 / 1000,
  /** API Gateway REST API: $3.50 per million requests (first 333 million a month). */
  apiGatewayRestRequest: 3.5 / 1_000_000,
  sources: [
    'https://aws.amazon.com/step-functions/pricing/',
    'https://aws.amazon.com/lambda/pricing/',
    'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    'https://aws.amazon.com/ses/pricing/',
    'https://aws.amazon.com/api-gateway/pricing/',
  ],
} as const;
