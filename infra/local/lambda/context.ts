import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { functionName, LOCAL_ACCOUNT, LOCAL_REGION } from '#catalog/naming.ts';

/** A Lambda context as AWS hands it to a handler, with a clock that counts down the function's timeout. */
export function createLambdaContext(functionId: string, memoryMb = 256, timeoutMs = 10_000): Context {
  const name = functionName(functionId);
  const deadline = Date.now() + timeoutMs;
  const requestId = randomUUID();
  const today = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`,
    memoryLimitInMB: String(memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `${today}/[$LATEST]${requestId.replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
