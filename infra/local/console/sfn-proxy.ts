/**
 * The Step Functions operations the console may call through its proxy: reads, redrive and stop. Nothing that
 * starts an execution or completes a task (reviews are decided through the API, which checks and audits them).
 */
export const CONSOLE_SFN_OPERATIONS: ReadonlySet<string> = new Set([
  'ListStateMachines',
  'DescribeStateMachine',
  'DescribeStateMachineForExecution',
  'ListExecutions',
  'DescribeExecution',
  'GetExecutionHistory',
  'RedriveExecution',
  'StopExecution',
]);

const TARGET_PREFIX = 'AWSStepFunctions.';
const MAX_BODY_BYTES = 64 * 1024;

export interface ProxyAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

const refusal = (type: string, message: string): ProxyAnswer => ({
  status: 400,
  contentType: 'application/x-amz-json-1.0',
  body: JSON.stringify({ __type: type, message }),
});

/**
 * Forwards one Step Functions JSON-protocol call (`x-amz-target: AWSStepFunctions.<Operation>`) to the local
 * service, when the operation is one the console may use; the service's answer (errors included) goes back as is.
 */
export async function forwardToStepFunctions(
  sfnUrl: string,
  target: string | undefined,
  body: string,
): Promise<ProxyAnswer> {
  const operation = target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
  if (operation === undefined || !CONSOLE_SFN_OPERATIONS.has(operation)) {
    return refusal('AccessDeniedException', `The console may not call ${target ?? 'this operation'}`);
  }
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
    return refusal('ValidationException', `The request is larger than ${MAX_BODY_BYTES} bytes`);
  }
  const response = await fetch(sfnUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `${TARGET_PREFIX}${operation}` },
    body: body === '' ? '{}' : body,
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? 'application/x-amz-json-1.0',
    body: await response.text(),
  };
}
