import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isJsonObject, parseJson } from '#local/sfn/json.ts';
import type { Operation } from '#local/sfn/operations.ts';
import { OperationInput, ServiceError } from '#local/sfn/protocol.ts';

const TARGET_PREFIX = 'AWSStepFunctions.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
/** Inputs and outputs are capped at 256 KiB by AWS; leave room for the rest of a request. */
const MAX_BODY_BYTES = 1_048_576;

export interface ListeningServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves the operations over Step Functions' JSON 1.0 protocol: `POST /`, the operation named by
 * `x-amz-target: AWSStepFunctions.<Operation>`, errors as HTTP 400 `{"__type", "message"}`. Requests are
 * signed by the SDK; the signature is not checked.
 */
export async function listen(
  host: string,
  port: number,
  operations: ReadonlyMap<string, Operation>,
): Promise<ListeningServer> {
  const server = createServer((request, response) => {
    void handle(request, response, operations);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${urlHost}:${address.port}`, port: address.port, close: () => closeServer(server) };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  operations: ReadonlyMap<string, Operation>,
): Promise<void> {
  try {
    const target = request.headers['x-amz-target'];
    const name =
      typeof target === 'string' && target.startsWith(TARGET_PREFIX)
        ? target.slice(TARGET_PREFIX.length)
        : '';
    const operation = operations.get(name);
    if (request.method !== 'POST' || operation === undefined) {
      throw new ServiceError(
        'UnknownOperationException',
        `Unknown operation ${String(target ?? request.method)}`,
      );
    }
    const body = await readBody(request);
    const parsed = body === '' ? { ok: true as const, value: {} } : parseJson(body);
    if (!parsed.ok || !isJsonObject(parsed.value)) {
      throw new ServiceError('SerializationException', 'The request body is not a JSON object');
    }
    send(response, 200, (await operation(new OperationInput(parsed.value))) ?? {});
  } catch (error) {
    if (error instanceof ServiceError) {
      send(response, 400, { __type: error.type, message: error.message });
      return;
    }
    console.error('Step Functions: an operation failed unexpectedly', error);
    send(response, 500, { __type: 'InternalFailure', message: 'The local Step Functions service failed' });
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ServiceError('ValidationException', `The request is larger than ${MAX_BODY_BYTES} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(text);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // SDK clients keep connections alive; without this, close waits for them to time out.
    server.closeAllConnections();
  });
}
