import type { IncomingMessage, ServerResponse } from 'node:http';
import { logGatewayError } from '#local/api/log.ts';
import { consoleFile, consoleScript } from '#local/console/assets.ts';
import { emailsOfExecution } from '#local/console/execution-emails.ts';
import { createOpsGate } from '#local/console/ops-gate.ts';
import { forwardToStepFunctions } from '#local/console/sfn-proxy.ts';
import { readCapturedEmails } from '#local/ses.ts';

/** A workflow as the console knows it: its state machine and the suffix its execution names end with. */
export interface ConsoleWorkflow {
  readonly name: string;
  readonly stateMachineArn: string;
  readonly executionSuffix: string;
}

export interface ConsoleOptions {
  readonly sfnUrl: string;
  readonly sesUrl: string;
  readonly workflows: readonly ConsoleWorkflow[];
  readonly invokeFunction: (functionId: string, event: unknown) => Promise<unknown>;
  readonly authorizerFunctionId: string;
}

/** What the console page loads before a key is given; the rest answers only an ops key. */
export const CONSOLE_PATH = '/console';

const MAX_BODY_BYTES = 64 * 1024;

/** The page runs only its own script and style, talks only to this origin, and cannot be framed. */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { ...PAGE_HEADERS, 'content-type': contentType });
  response.end(body);
}

const sendJson = (response: ServerResponse, status: number, body: unknown) =>
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(body));

const sendError = (response: ServerResponse, status: number, code: string, message: string) =>
  sendJson(response, status, { error: { code, message, details: [] } });

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () =>
      resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')),
    );
    request.on('error', reject);
  });
}

async function describeExecution(sfnUrl: string, executionArn: string) {
  const answer = await forwardToStepFunctions(
    sfnUrl,
    'AWSStepFunctions.DescribeExecution',
    JSON.stringify({ executionArn }),
  );
  if (answer.status !== 200) return undefined;
  return JSON.parse(answer.body) as { name: string; input?: string; startDate: number; stopDate?: number };
}

/**
 * The local ops console as an `extraRoutes` handler of the API server: the page and its assets at `/console`,
 * and behind the ops key its three calls: `GET /console/api/config` (the workflows), `POST /console/api/sfn`
 * (a same-origin Step Functions proxy, limited to reads, redrive and stop) and `GET /console/api/emails`
 * (the captured emails of one execution). Reviews are read and decided through the API itself.
 */
export function consoleRoutes(options: ConsoleOptions) {
  const gate = createOpsGate({
    invokeFunction: options.invokeFunction,
    authorizerFunctionId: options.authorizerFunctionId,
  });
  const suffixes = options.workflows.map((workflow) => workflow.executionSuffix);

  const api = async (path: string, request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const decision = await gate.check(request);
    if (!decision.allowed) {
      sendError(
        response,
        decision.status,
        decision.status === 401 ? 'unauthorized' : 'forbidden',
        decision.message,
      );
      return;
    }
    const method = request.method ?? 'GET';
    if (path === '/console/api/config' && method === 'GET') {
      sendJson(response, 200, { workflows: options.workflows, sesUrl: options.sesUrl });
      return;
    }
    if (path === '/console/api/sfn' && method === 'POST') {
      const body = await readBody(request);
      if (body === undefined) {
        sendError(
          response,
          413,
          'payload_too_large',
          `The request body must be at most ${MAX_BODY_BYTES} bytes`,
        );
        return;
      }
      const target = request.headers['x-amz-target'];
      const answer = await forwardToStepFunctions(
        options.sfnUrl,
        typeof target === 'string' ? target : undefined,
        body,
      );
      send(response, answer.status, answer.contentType, answer.body);
      return;
    }
    if (path === '/console/api/emails' && method === 'GET') {
      const executionArn =
        new URL(request.url ?? '/', 'http://localhost').searchParams.get('execution') ?? '';
      const execution =
        executionArn === '' ? undefined : await describeExecution(options.sfnUrl, executionArn);
      if (execution === undefined) {
        sendError(response, 404, 'not_found', 'No such execution');
        return;
      }
      const businessId = suffixes.reduce(
        (id, suffix) => (id.endsWith(`-${suffix}`) ? id.slice(0, -(suffix.length + 1)) : id),
        execution.name,
      );
      const emails = emailsOfExecution(
        await readCapturedEmails(options.sesUrl),
        {
          businessId,
          input: execution.input ?? '',
          startDate: new Date(execution.startDate * 1000),
          ...(execution.stopDate === undefined ? {} : { stopDate: new Date(execution.stopDate * 1000) }),
        },
        options.sesUrl,
      );
      sendJson(response, 200, { items: emails, viewerUrl: options.sesUrl });
      return;
    }
    sendError(response, 404, 'not_found', `No console call ${method} ${path}`);
  };

  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== CONSOLE_PATH && !path.startsWith(`${CONSOLE_PATH}/`)) return false;
    try {
      if (path.startsWith('/console/api/')) {
        await api(path, request, response);
        return true;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        sendError(response, 405, 'method_not_allowed', `${request.method} is not allowed here; use GET`);
        return true;
      }
      const asset =
        path === CONSOLE_PATH || path === `${CONSOLE_PATH}/`
          ? await consoleFile('index.html')
          : path === '/console/console.css'
            ? await consoleFile('console.css')
            : path === '/console/console.js'
              ? await consoleScript()
              : undefined;
      if (asset === undefined) sendError(response, 404, 'not_found', `No console page ${path}`);
      else send(response, 200, asset.contentType, request.method === 'HEAD' ? '' : asset.body);
    } catch (error) {
      logGatewayError('The ops console failed on a request', { url: request.url }, error);
      if (!response.headersSent)
        sendError(response, 500, 'internal_error', 'The ops console failed; see the runtime log');
    }
    return true;
  };
}

type ExtraRoute = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

/** Several `extraRoutes` handlers as one: the first that handles a request wins. */
export function firstMatching(...routes: readonly ExtraRoute[]): ExtraRoute {
  return async (request, response) => {
    for (const route of routes) if (await route(request, response)) return true;
    return false;
  };
}
