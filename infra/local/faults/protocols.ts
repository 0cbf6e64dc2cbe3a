import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FaultService } from '#local/faults/rules.ts';

/**
 * How each service names its operations on the wire, and how it answers an error, so that an injected fault
 * reaches the SDK (or the TikTok client) exactly as the real service's error would: same status, same error
 * code, same body shape. The SDK then classifies and retries it on its own.
 */

export interface ErrorAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The status AWS services answer these errors with; anything else is a client error (400) unless numeric. */
const STATUS_OF: Readonly<Record<string, number>> = {
  InternalServerError: 500,
  InternalServerErrorException: 500,
  InternalFailure: 500,
  InternalError: 500,
  ServiceException: 500,
  ServiceUnavailable: 503,
  ServiceUnavailableException: 503,
  RequestTimeout: 408,
  RequestTimeoutException: 408,
};

/** The HTTP status an injected error is answered with: the rule's, a numeric error's own, or AWS's usual. */
export function statusOf(error: string, status: number | undefined): number {
  if (status !== undefined) return status;
  if (/^\d{3}$/.test(error)) return Number(error);
  return STATUS_OF[error] ?? 400;
}

/** The operation a request calls: `PutItem`, `SendEmail`, `StartExecution`, or a TikTok path. */
export function operationOf(
  service: FaultService,
  request: IncomingMessage,
  body: Buffer,
): string | undefined {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.lastIndexOf('.') + 1);
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  if (service === 'ses') {
    if (path.startsWith('/v2/email/outbound-emails')) return 'SendEmail';
    // SES v1 speaks the query protocol: the action is a form field of the body.
    return new URLSearchParams(body.toString('utf8')).get('Action') ?? undefined;
  }
  return path;
}

const AWS_JSON = 'application/x-amz-json-1.0';
const MESSAGE = 'Injected fault (PARTNERFLOW_FAULTS)';

function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The error answer of `service` for an error code (or a bare HTTP status) and status. */
export function errorAnswer(
  service: FaultService,
  request: IncomingMessage,
  error: string,
  status: number,
): ErrorAnswer {
  const requestId = randomUUID();
  const code = /^\d{3}$/.test(error) ? (status === 429 ? 'ThrottlingException' : 'InternalFailure') : error;
  switch (service) {
    case 'dynamodb':
      return {
        status,
        headers: { 'content-type': AWS_JSON, 'x-amzn-requestid': requestId },
        body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${code}`, message: MESSAGE }),
      };
    case 'sfn':
      return {
        status,
        headers: { 'content-type': AWS_JSON, 'x-amzn-requestid': requestId },
        body: JSON.stringify({ __type: code, message: MESSAGE }),
      };
    case 'ses':
      if ((request.url ?? '').startsWith('/v2/')) {
        return {
          status,
          headers: {
            'content-type': 'application/json',
            'x-amzn-errortype': code,
            'x-amzn-requestid': requestId,
          },
          body: JSON.stringify({ message: MESSAGE }),
        };
      }
      return {
        status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
        body:
          '<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error>' +
          `<Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${xmlEscape(code)}</Code>` +
          `<Message>${MESSAGE}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    case 'tiktok':
    case 'lambda':
      // TikTok Shop's envelope; its client reads the HTTP status and the code (36009002 rate limit, 36009003 busy).
      return {
        status,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          code: status === 429 ? 36009002 : status >= 500 ? 36009003 : 36009004,
          message: MESSAGE,
          request_id: requestId,
        }),
      };
  }
}
