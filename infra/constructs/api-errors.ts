import { ResponseType } from 'aws-cdk-lib/aws-apigateway';

/**
 * An answer API Gateway gives on its own (before any handler runs), rewritten into the API's one error shape
 * `{"error": {"code", "message", "details"}}` so a client parses every 4xx/5xx the same way.
 */
export interface GatewayAnswer {
  readonly type: ResponseType;
  /** Unset keeps API Gateway's own status (the DEFAULT_* families cover several). */
  readonly statusCode?: string;
  readonly code: string;
  /** A JSON string literal, or `$context.error.messageString` (API Gateway's own message, already quoted). */
  readonly message: string;
}

const quoted = (text: string) => JSON.stringify(text);
const OWN_MESSAGE = '$context.error.messageString';

export const GATEWAY_ANSWERS: readonly GatewayAnswer[] = [
  { type: ResponseType.BAD_REQUEST_BODY, statusCode: '400', code: 'validation_failed', message: OWN_MESSAGE },
  {
    type: ResponseType.BAD_REQUEST_PARAMETERS,
    statusCode: '400',
    code: 'validation_failed',
    message: OWN_MESSAGE,
  },
  {
    type: ResponseType.UNAUTHORIZED,
    statusCode: '401',
    code: 'unauthorized',
    message: quoted('A valid API key is required'),
  },
  {
    type: ResponseType.ACCESS_DENIED,
    statusCode: '403',
    code: 'forbidden',
    message: quoted('This key may not use this route'),
  },
  {
    type: ResponseType.WAF_FILTERED,
    statusCode: '403',
    code: 'forbidden',
    message: quoted('The request was blocked'),
  },
  // API Gateway answers an unknown path or method with 403 "Missing Authentication Token".
  {
    type: ResponseType.MISSING_AUTHENTICATION_TOKEN,
    statusCode: '404',
    code: 'not_found',
    message: quoted('No such route'),
  },
  {
    type: ResponseType.REQUEST_TOO_LARGE,
    statusCode: '413',
    code: 'payload_too_large',
    message: quoted('The request body is too large'),
  },
  {
    type: ResponseType.UNSUPPORTED_MEDIA_TYPE,
    statusCode: '415',
    code: 'unsupported_media_type',
    message: quoted('Send application/json'),
  },
  {
    type: ResponseType.THROTTLED,
    statusCode: '429',
    code: 'rate_limited',
    message: quoted('Too many requests; retry later'),
  },
  {
    type: ResponseType.QUOTA_EXCEEDED,
    statusCode: '429',
    code: 'rate_limited',
    message: quoted('Too many requests; retry later'),
  },
  { type: ResponseType.DEFAULT_4XX, code: 'bad_request', message: OWN_MESSAGE },
  { type: ResponseType.DEFAULT_5XX, code: 'internal_error', message: quoted('Something went wrong') },
];

export function gatewayAnswerTemplate(answer: GatewayAnswer): string {
  return `{"error":{"code":${quoted(answer.code)},"message":${answer.message},"details":[]}}`;
}
