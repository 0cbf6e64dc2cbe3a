import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultInjector } from '#local/faults/injector.ts';
import { errorAnswer, operationOf, statusOf } from '#local/faults/protocols.ts';
import type { FaultService } from '#local/faults/rules.ts';
import { closeServer, listeningPort, urlOf } from '#local/ports.ts';

/** The error that stands for a dropped connection rather than an answer. */
export const CONNECTION_RESET = 'ECONNRESET';

export interface FaultProxy {
  readonly service: FaultService;
  /** Where clients should send their requests instead of the service. */
  readonly url: string;
  close(): Promise<void>;
}

interface Upstream {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function forward(target: URL, agent: Agent, request: IncomingMessage, body: Buffer): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, host: target.host },
        agent,
      },
      (answer) => {
        readAll(answer).then(
          (answerBody) =>
            resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: answerBody }),
          reject,
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Hop-by-hop headers describe one connection; the proxy's own connection has its own. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

function send(
  response: ServerResponse,
  status: number,
  headers: IncomingHttpHeaders,
  body: Buffer | string,
): void {
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) response.setHeader(name, value);
  }
  response.setHeader('content-length', Buffer.byteLength(body));
  response.writeHead(status);
  response.end(body);
}

async function handle(
  service: FaultService,
  target: URL,
  agent: Agent,
  injector: FaultInjector,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const body = await readAll(request);
  const decision = injector.enabled
    ? injector.decide(service, operationOf(service, request, body))
    : undefined;
  if (decision !== undefined && decision.latencyMs > 0) await sleep(decision.latencyMs);
  const error = decision?.error;
  if (error?.when === 'before') {
    if (error.name === CONNECTION_RESET) {
      request.socket.destroy();
      return;
    }
    const answer = errorAnswer(service, request, error.name, statusOf(error.name, error.status));
    send(response, answer.status, answer.headers, answer.body);
    return;
  }
  let upstream: Upstream;
  try {
    upstream = await forward(target, agent, request, body);
  } catch {
    // The service itself is gone (stopping, say): a dropped connection is what a client would see.
    request.socket.destroy();
    return;
  }
  if (error?.when === 'after') {
    // The work is done; only its answer is lost.
    if (error.name === CONNECTION_RESET) {
      request.socket.destroy();
      return;
    }
    const answer = errorAnswer(service, request, error.name, statusOf(error.name, error.status));
    send(response, answer.status, answer.headers, answer.body);
    return;
  }
  send(response, upstream.status, upstream.headers, upstream.body);
}

/**
 * Starts an HTTP proxy in front of one service: every request goes through the injector, which may delay it,
 * fail it without forwarding it, or forward it and then lose the answer. With no rule set it only forwards.
 */
export async function startFaultProxy(options: {
  readonly service: FaultService;
  readonly host: string;
  readonly targetUrl: string;
  readonly injector: FaultInjector;
}): Promise<FaultProxy> {
  const target = new URL(options.targetUrl);
  const agent = new Agent({ keepAlive: true });
  const server = createServer((request, response) => {
    request.on('error', () => undefined);
    response.on('error', () => undefined);
    handle(options.service, target, agent, options.injector, request, response).catch(() => {
      request.socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: 0 }, () => resolve());
  });
  const port = listeningPort(server);
  return {
    service: options.service,
    url: urlOf(options.host, port),
    close: async () => {
      const closing = closeServer(server);
      server.closeAllConnections();
      agent.destroy();
      await closing;
    },
  };
}
