import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '#local/faults/injector.ts';
import { describeRule, FaultRuleError, parseFaultRules } from '#local/faults/rules.ts';

/** The runtime's fault switchboard over HTTP, on the API's port: GET shows, PUT replaces, DELETE clears. */
export const FAULTS_PATH = '/local/faults';

const MAX_BODY_BYTES = 64 * 1024;

function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const plain = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return plain === '::1' || plain.startsWith('127.');
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

const problem = (code: string, message: string) => ({ error: { code, message, details: [] } });

async function readText(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function showFaults(injector: FaultInjector) {
  return { rules: injector.rules.map(describeRule), stats: injector.stats() };
}

/**
 * Serves `/local/faults` for a runtime started with fault injection (loopback callers only; the rest of the
 * world gets 404, as if the route did not exist). PUT takes rules as JSON (an array of rules) or as the compact
 * text (`text/plain`, or JSON `{"spec": "..."}`); `taskFunctionIds` are what `transient@p` hits in Lambda.
 */
export function faultControlRoute(injector: FaultInjector, taskFunctionIds: readonly string[]) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== FAULTS_PATH || !isLoopback(request.socket.remoteAddress)) return false;
    switch (request.method) {
      case 'GET':
        sendJson(response, 200, showFaults(injector));
        return true;
      case 'DELETE':
        injector.clear();
        sendJson(response, 200, showFaults(injector));
        return true;
      case 'PUT': {
        const text = await readText(request);
        if (text === undefined) {
          sendJson(response, 413, problem('payload_too_large', `At most ${MAX_BODY_BYTES} bytes of rules`));
          return true;
        }
        try {
          const parsed: unknown = (request.headers['content-type'] ?? '').includes('json')
            ? JSON.parse(text)
            : undefined;
          const spec =
            typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && 'spec' in parsed
              ? String((parsed as { spec: unknown }).spec)
              : parsed === undefined
                ? text
                : JSON.stringify(parsed);
          injector.set(parseFaultRules(spec, taskFunctionIds));
        } catch (error) {
          const message =
            error instanceof FaultRuleError || error instanceof SyntaxError ? error.message : 'Bad rules';
          sendJson(response, 400, problem('bad_request', message));
          return true;
        }
        sendJson(response, 200, showFaults(injector));
        return true;
      }
      default:
        response.setHeader('allow', 'GET, PUT, DELETE');
        sendJson(response, 405, problem('method_not_allowed', 'Use GET, PUT or DELETE'));
        return true;
    }
  };
}
