import { type ServerResponse, validateHeaderName, validateHeaderValue } from 'node:http';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { errorResult, toProxyResult } from '#lib/http/api-handler.ts';
import { type ErrorCode, HttpError } from '#lib/http/errors.ts';

/** An HTTP answer ready to be written: header names as the function spelled them, the body as bytes. */
export interface HttpAnswer {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: Buffer;
  /** Close the connection after answering, e.g. when the rest of an oversized body should not be read. */
  readonly closeConnection?: boolean;
}

export type ProxyResultReading =
  | { readonly ok: true; readonly answer: HttpAnswer }
  | { readonly ok: false; readonly problem: string };

/** Headers that describe the connection or the framing: the gateway sets them itself. */
const GATEWAY_OWNED_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

type HeaderScalar = string | number | boolean;

const isHeaderScalar = (value: unknown): value is HeaderScalar =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

function isValidHeader(name: string, value: string): boolean {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Merges `headers` and `multiValueHeaders` as API Gateway does: a name present in both takes only the
 * multi-value list. Undefined when any name or value could not be sent.
 */
function mergeHeaders(single: unknown, multi: unknown): Record<string, string | string[]> | undefined {
  if ((single !== undefined && single !== null && typeof single !== 'object') || Array.isArray(single))
    return undefined;
  if ((multi !== undefined && multi !== null && typeof multi !== 'object') || Array.isArray(multi))
    return undefined;
  const merged = new Map<string, [string, string[]]>();
  for (const [name, value] of Object.entries(single ?? {})) {
    if (!isHeaderScalar(value)) return undefined;
    merged.set(name.toLowerCase(), [name, [String(value)]]);
  }
  for (const [name, values] of Object.entries(multi ?? {})) {
    if (!Array.isArray(values) || !values.every(isHeaderScalar)) return undefined;
    merged.set(name.toLowerCase(), [name, values.map(String)]);
  }
  const headers: Record<string, string | string[]> = {};
  for (const [lower, [name, values]] of merged) {
    if (GATEWAY_OWNED_HEADERS.has(lower) || values.length === 0) continue;
    if (!values.every((value) => isValidHeader(name, value))) return undefined;
    headers[name] = values.length === 1 && values[0] !== undefined ? values[0] : values;
  }
  return headers;
}

/**
 * Reads a function's answer as a Lambda proxy result. Anything else (no status, a non-string body, bad
 * headers) is what API Gateway calls a malformed proxy response: the caller answers 502.
 */
export function readProxyResult(result: unknown): ProxyResultReading {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    return { ok: false, problem: 'the function did not return an object' };
  }
  const { statusCode, body, headers, multiValueHeaders, isBase64Encoded } = result as Record<string, unknown>;
  if (
    typeof statusCode !== 'number' ||
    !Number.isInteger(statusCode) ||
    statusCode < 100 ||
    statusCode > 599
  ) {
    return { ok: false, problem: 'statusCode is not an HTTP status' };
  }
  if (body !== undefined && body !== null && typeof body !== 'string') {
    return { ok: false, problem: 'body is not a string' };
  }
  if (isBase64Encoded !== undefined && isBase64Encoded !== null && typeof isBase64Encoded !== 'boolean') {
    return { ok: false, problem: 'isBase64Encoded is not a boolean' };
  }
  const merged = mergeHeaders(headers, multiValueHeaders);
  if (merged === undefined) return { ok: false, problem: 'headers cannot be sent' };
  const text = body ?? '';
  return {
    ok: true,
    answer: {
      statusCode,
      headers: merged,
      body: isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8'),
    },
  };
}

/** An answer in the API's standard error shape, rendered by the same code the handlers use. */
export function errorAnswer(
  statusCode: number,
  code: ErrorCode,
  message: string,
  requestId: string,
  headers: Readonly<Record<string, string>> = {},
): HttpAnswer {
  const rendered: APIGatewayProxyResult = toProxyResult(
    errorResult(new HttpError(statusCode, code, message, [], headers), requestId),
  );
  const reading = readProxyResult(rendered);
  if (!reading.ok) throw new Error(`The standard error shape could not be rendered: ${reading.problem}`);
  return reading.answer;
}

/** Writes an answer, adding the gateway's own headers last so a function cannot spoof the request id. */
export function writeAnswer(
  response: ServerResponse,
  answer: HttpAnswer,
  gatewayHeaders: Readonly<Record<string, string>>,
): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.statusCode = answer.statusCode;
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  for (const [name, value] of Object.entries(gatewayHeaders)) response.setHeader(name, value);
  response.setHeader('content-length', answer.body.length);
  if (answer.closeConnection === true) response.setHeader('connection', 'close');
  response.end(answer.body);
}
