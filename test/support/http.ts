/**
 * A small fetch wrapper for tests that talk to an HTTP server by base URL (the local API server, a stand-in):
 *
 *   const reply = await httpRequest(server.url, '/v1/things', { bearer: key, json: { name: 'x' } });
 *   expect(reply.status).toBe(202);
 *   expect(errorOf(reply).code).toBe('validation_failed');
 */
export interface HttpRequestOptions {
  /** Default GET, or POST when a body is given. */
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as `Authorization: Bearer <bearer>`. */
  readonly bearer?: string;
  /** Sent as JSON with `content-type: application/json`. */
  readonly json?: unknown;
  /** Sent as is (set the content type in `headers`). */
  readonly body?: string | Uint8Array;
}

export interface HttpReply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON; undefined when it is empty or not JSON. */
  readonly json: unknown;
}

export async function httpRequest(
  baseUrl: string,
  path: string,
  options: HttpRequestOptions = {},
): Promise<HttpReply> {
  const headers: Record<string, string> = {};
  if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
  let body: string | Uint8Array | undefined = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { ...headers, ...options.headers },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export interface ErrorReply {
  readonly code: string;
  readonly message: string;
  readonly details: readonly { readonly path: string; readonly issue: string }[];
}

/** The `error` of an answer in the API's standard error shape; throws (failing the test) for any other body. */
export function errorOf(reply: HttpReply): ErrorReply {
  const error = (reply.json as { error?: Partial<ErrorReply> } | undefined)?.error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string' || !Array.isArray(error.details)) {
    throw new Error(`Expected the standard error shape, got ${reply.status}: ${reply.text.slice(0, 300)}`);
  }
  return { code: error.code, message: error.message, details: error.details };
}
