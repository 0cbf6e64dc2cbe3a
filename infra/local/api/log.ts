function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The gateway's own error log: one JSON line on stderr, like an execution log in CloudWatch. The cause of a
 * 5xx lives here, never in the answer the client gets.
 */
export function logGatewayError(
  message: string,
  fields: Readonly<Record<string, unknown>>,
  cause?: unknown,
): void {
  const error =
    cause instanceof Error
      ? { name: cause.name, message: cause.message, stack: cause.stack }
      : cause === undefined
        ? undefined
        : { value: describe(cause) };
  const line = {
    level: 'ERROR',
    service: 'local-api-gateway',
    timestamp: new Date().toISOString(),
    message,
    ...fields,
    error,
  };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}
