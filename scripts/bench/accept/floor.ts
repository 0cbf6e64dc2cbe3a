import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { RouteSpec } from '#catalog/types.ts';

export const FLOOR_FUNCTION_ID = 'bench-accept-floor';

/** The floor's route: beside the real one, behind the same API adapter and authorizer. */
export const FLOOR_ROUTE: RouteSpec = {
  method: 'POST',
  path: '/v1/bench/accept-floor',
  functionId: FLOOR_FUNCTION_ID,
  roles: ['partner'],
  summary: 'Benchmark floor: one conditional put and one StartExecution, nothing else',
};

type Clients = {
  readonly dynamodb: typeof import('#lib/clients/dynamodb.ts').dynamodb;
  readonly sfn: typeof import('#lib/clients/sfn.ts').sfn;
  readonly tableName: string;
  readonly stateMachineArn: string;
  readonly PutCommand: typeof import('@aws-sdk/lib-dynamodb').PutCommand;
  readonly StartExecutionCommand: typeof import('@aws-sdk/client-sfn').StartExecutionCommand;
};
let clients: Promise<Clients> | undefined;

/** The shared clients, loaded on first use (after the runtime has set the endpoints), like a handler module. */
function loadClients(): Promise<Clients> {
  clients ??= (async () => {
    const [
      { dynamodb },
      { sfn },
      { TABLE_NAME },
      { stateMachineArnOf },
      { PutCommand },
      { StartExecutionCommand },
    ] = await Promise.all([
      import('#lib/clients/dynamodb.ts'),
      import('#lib/clients/sfn.ts'),
      import('#lib/repositories/table-name.ts'),
      import('#lib/workflows/executions.ts'),
      import('@aws-sdk/lib-dynamodb'),
      import('@aws-sdk/client-sfn'),
    ]);
    return {
      dynamodb,
      sfn,
      tableName: TABLE_NAME,
      stateMachineArn: stateMachineArnOf('creator-onboarding'),
      PutCommand,
      StartExecutionCommand,
    };
  })();
  return clients;
}

/**
 * What no accept path can do without: one conditional write (the request is recorded once) and one
 * StartExecution. No validation, no idempotency, no audit, no middleware.
 */
export async function acceptFloor(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const { dynamodb, sfn, tableName, stateMachineArn, PutCommand, StartExecutionCommand } =
    await loadClients();
  const id = `fl_${randomBytes(12).toString('hex')}`;
  await dynamodb.send(
    new PutCommand({
      TableName: tableName,
      Item: { pk: `BENCH#${id}`, sk: 'FLOOR', body: event.body ?? '' },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  await sfn.send(
    new StartExecutionCommand({ stateMachineArn, name: `${id}-onboarding`, input: event.body ?? '{}' }),
  );
  return {
    statusCode: 202,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ executionId: id }),
  };
}
