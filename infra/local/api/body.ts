import type { IncomingMessage } from 'node:http';

/** API Gateway's payload quota for REST APIs (10 MB); larger requests never reach a function. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

export type BodyRead =
  | { readonly kind: 'complete'; readonly body: Buffer | undefined }
  | { readonly kind: 'too_large' }
  /** The client went away mid-body: there is nobody left to answer. */
  | { readonly kind: 'aborted' };

/** True when the client announced a body over the limit, so it can be refused before a byte is read. */
export function declaresTooLargeBody(request: IncomingMessage, maxBytes: number): boolean {
  const declared = Number(request.headers['content-length']);
  return Number.isFinite(declared) && declared > maxBytes;
}

/**
 * Reads the request body up to `maxBytes`. Past the limit it stops collecting at once (chunked uploads
 * without a length included) and answers `too_large`; it never holds more than the limit in memory.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (read: BodyRead) => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('aborted', onError);
      resolve(read);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        // Keep draining without storing, so the 413 can still be written on this connection.
        request.resume();
        finish({ kind: 'too_large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () =>
      finish({ kind: 'complete', body: size === 0 ? undefined : Buffer.concat(chunks, size) });
    const onError = () => finish({ kind: 'aborted' });
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('aborted', onError);
  });
}
