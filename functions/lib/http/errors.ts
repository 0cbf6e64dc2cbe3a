/** One entry per problem found in a request: where it is and what is wrong. */
export interface ErrorDetail {
  readonly path: string;
  readonly issue: string;
}

export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unprocessable_entity'
  | 'rate_limited'
  | 'internal_error'
  | 'service_unavailable';

/** An error that maps to one API answer; anything else becomes a generic 500 that leaks nothing. */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details: readonly ErrorDetail[] = []) =>
  new HttpError(400, details.length > 0 ? 'validation_failed' : 'bad_request', message, details);
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} was not found`);
export const conflict = (message: string, details: readonly ErrorDetail[] = []) =>
  new HttpError(409, 'conflict', message, details);
export const unprocessable = (message: string, details: readonly ErrorDetail[] = []) =>
  new HttpError(422, 'unprocessable_entity', message, details);
export const forbidden = (message = 'This key may not use this route') =>
  new HttpError(403, 'forbidden', message);
export const unauthorized = (message = 'A valid API key is required') =>
  new HttpError(401, 'unauthorized', message);
