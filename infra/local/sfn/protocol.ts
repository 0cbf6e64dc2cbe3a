import type { JsonObject, JsonValue } from '#local/sfn/json.ts';

/**
 * The Step Functions wire protocol (AWS JSON 1.0) as far as the operations need it: errors, dates, input fields
 * and page tokens. The SDK turns `{"__type": T, "message": M}` (HTTP 400) into an error whose `name` is T.
 */

export class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

export const serviceErrors = {
  validation: (message: string) => new ServiceError('ValidationException', message),
  invalidArn: (arn: string) => new ServiceError('InvalidArn', `Invalid Arn: '${arn}'`),
  invalidName: (name: string) => new ServiceError('InvalidName', `Invalid Name: '${name}'`),
  invalidInput: (detail: string) =>
    new ServiceError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${detail}'`),
  invalidOutput: (detail: string) => new ServiceError('InvalidOutput', `Invalid Output: '${detail}'`),
  invalidToken: (detail: string) => new ServiceError('InvalidToken', `Invalid Token: '${detail}'`),
  machineMissing: (arn: string) =>
    new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`),
  executionMissing: (arn: string) =>
    new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`),
  executionExists: (arn: string) =>
    new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`),
  notRedrivable: (message: string) => new ServiceError('ExecutionNotRedrivable', message),
  taskMissing: () => new ServiceError('TaskDoesNotExist', 'Task Does Not Exist'),
  taskTimedOut: () =>
    new ServiceError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'"),
} as const;

/** Dates travel as epoch seconds with a fraction; the SDK turns them into Date objects. */
export function wireDate(epochMs: number): number;
export function wireDate(epochMs: number | undefined): number | undefined;
export function wireDate(epochMs: number | undefined): number | undefined {
  return epochMs === undefined ? undefined : epochMs / 1000;
}

/** Typed, validated access to an operation's input members. */
export class OperationInput {
  constructor(private readonly body: JsonObject) {}

  requiredString(key: string): string {
    const value = this.optionalString(key);
    if (value === undefined)
      throw serviceErrors.validation(`1 validation error detected: '${key}' must not be null`);
    return value;
  }

  optionalString(key: string): string | undefined {
    const value = this.member(key);
    if (value === undefined || typeof value === 'string') return value;
    throw serviceErrors.validation(`'${key}' must be a string`);
  }

  optionalBoolean(key: string): boolean | undefined {
    const value = this.member(key);
    if (value === undefined || typeof value === 'boolean') return value;
    throw serviceErrors.validation(`'${key}' must be a boolean`);
  }

  /** maxResults: 0 or absent means the default; more than 1000 is refused, as AWS does. */
  pageSize(key = 'maxResults', defaultSize = 100): number {
    const value = this.member(key);
    if (value === undefined || value === 0) return defaultSize;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 1000) {
      throw serviceErrors.validation(`'${key}' must be an integer from 0 to 1000`);
    }
    return value;
  }

  /** A string whose length AWS bounds (e.g. 256 for an error, 32768 for a cause). */
  boundedString(key: string, maxLength: number): string | undefined {
    const value = this.optionalString(key);
    if (value !== undefined && value.length > maxLength) {
      throw serviceErrors.validation(`'${key}' must have length less than or equal to ${maxLength}`);
    }
    return value;
  }

  private member(key: string): JsonValue | undefined {
    const value = this.body[key];
    return value === null ? undefined : value;
  }
}

/** Page tokens: opaque to clients, bound to the query that made them so they cannot be replayed elsewhere. */
export function encodePageToken(scope: string, position: number): string {
  return Buffer.from(JSON.stringify({ scope, position })).toString('base64url');
}

export function decodePageToken(token: string, scope: string): number {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      scope?: unknown;
      position?: unknown;
    };
    if (
      decoded.scope === scope &&
      typeof decoded.position === 'number' &&
      Number.isInteger(decoded.position)
    ) {
      return decoded.position;
    }
  } catch {
    // fall through to the error below
  }
  throw serviceErrors.invalidToken('Invalid pagination token');
}
