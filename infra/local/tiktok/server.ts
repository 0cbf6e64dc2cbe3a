import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listeningPort, urlOf } from '#local/ports.ts';
import {
  type Fault,
  type FaultKind,
  type IssuedAuthCode,
  type StandInAnswer,
  type StandInEndpoint,
  type StandInStateOptions,
  TikTokShopState,
} from '#local/tiktok/state.ts';
import { verifySignedRequest } from '#local/tiktok/verify.ts';

/**
 * The local TikTok Shop Open API (127.0.0.1:8090 under `npm start`): the endpoints PartnerFlow calls, checked the
 * way TikTok checks them (app key and secret on the token endpoints; app key, timestamp and signature on signed
 * calls), plus a few local-only admin routes under `/__local/` to mint auth codes, arm failures and push signed
 * webhooks to the API. PartnerFlow reaches it only through TIKTOK_SHOP_API_URL and TIKTOK_SHOP_AUTH_URL.
 */

export interface TikTokStandInOptions extends StandInStateOptions {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly appKey: string;
  readonly appSecret: string;
  /** One line per request: method, path (never the query) and status. */
  readonly log?: (line: string) => void;
}

export interface DeliveredWebhook {
  readonly status: number;
  readonly body: string;
  readonly notificationId: string;
  /** The exact bytes sent (to replay them). */
  readonly rawBody: string;
}

export interface WebhookToDeliver {
  readonly type: number;
  readonly shopId: string;
  readonly data?: Readonly<Record<string, unknown>>;
  /** Default: a fresh 19-digit id. */
  readonly notificationId?: string;
  /** Unix seconds; default now. */
  readonly timestamp?: number;
}

export interface TikTokStandIn {
  readonly url: string;
  readonly port: number;
  readonly state: TikTokShopState;
  issueAuthCode(options: { shopName: string; region?: string; ageSeconds?: number }): IssuedAuthCode;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** Where webhooks go (the API's `/v1/webhooks/tiktok-shop`); the runtime sets it once the API listens. */
  setWebhookTarget(url: string): void;
  /** Signs a notification as TikTok does and POSTs it to the webhook target. */
  deliverWebhook(webhook: WebhookToDeliver): Promise<DeliveredWebhook>;
  /** POSTs bytes as they are, signed (a replay of an earlier delivery). */
  deliverRawWebhook(rawBody: string): Promise<Omit<DeliveredWebhook, 'notificationId'>>;
  close(): Promise<void>;
}

const ENDPOINTS: Readonly<Record<string, StandInEndpoint>> = {
  'GET /api/v2/token/get': 'token/get',
  'GET /api/v2/token/refresh': 'token/refresh',
  'GET /authorization/202309/shops': 'shops',
  'POST /affiliate_seller/202405/target_collaborations': 'target-collaborations/create',
};
/** `DELETE /affiliate_seller/202409/target_collaborations/{target_collaboration_id}`. */
const REMOVE_COLLABORATION = /^\/affiliate_seller\/202409\/target_collaborations\/([^/]+)$/;

/** The endpoint a request calls, and the collaboration id a removal names. */
function endpointOf(method: string, path: string): { endpoint: StandInEndpoint; id?: string } | undefined {
  const exact = ENDPOINTS[`${method} ${path}`];
  if (exact !== undefined) return { endpoint: exact };
  const removal = method === 'DELETE' ? REMOVE_COLLABORATION.exec(path) : null;
  return removal?.[1] === undefined
    ? undefined
    : { endpoint: 'target-collaborations/remove', id: decodeURIComponent(removal[1]) };
}

/** Faults that make sense for an endpoint: a bad code only on token/get, a bad refresh token only on refresh. */
const FAULTS_FOR: Readonly<Record<StandInEndpoint, ReadonlySet<FaultKind>>> = {
  'token/get': new Set(['rate-limit', 'server-error', 'invalid-code']),
  'token/refresh': new Set(['rate-limit', 'server-error', 'invalid-refresh-token']),
  shops: new Set(['rate-limit', 'server-error']),
  'target-collaborations/create': new Set(['rate-limit', 'server-error', 'rejected']),
  'target-collaborations/remove': new Set(['rate-limit', 'server-error', 'rejected']),
};

const FAULT_KINDS: ReadonlySet<string> = new Set([
  'rate-limit',
  'server-error',
  'invalid-code',
  'invalid-refresh-token',
  'rejected',
]);

function readAll(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function sendAnswer(response: ServerResponse, answer: StandInAnswer): number {
  const requestId = `${Date.now()}${randomBytes(8).toString('hex').toUpperCase()}`;
  if ('data' in answer) {
    sendJson(response, 200, { code: 0, message: 'success', request_id: requestId, data: answer.data });
  } else {
    sendJson(
      response,
      answer.status,
      { code: answer.code, message: answer.message, request_id: requestId, data: {} },
      { ...answer.headers },
    );
  }
  return answer.status;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

type Json = Record<string, unknown>;
const parseJson = (text: string): Json | undefined => {
  try {
    const parsed: unknown = JSON.parse(text === '' ? '{}' : text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Json)
      : undefined;
  } catch {
    return undefined;
  }
};

/** Starts the stand-in; its state lives in memory for as long as it runs. */
export async function startTikTokStandIn(options: TikTokStandInOptions): Promise<TikTokStandIn> {
  const state = new TikTokShopState(options);
  const log = options.log ?? (() => undefined);
  let webhookTarget: string | undefined;

  const api = (
    { endpoint, id }: { endpoint: StandInEndpoint; id?: string },
    url: URL,
    request: IncomingMessage,
    body: string,
  ): StandInAnswer => {
    if (endpoint === 'token/get' || endpoint === 'token/refresh') {
      const keyOk = sameText(url.searchParams.get('app_key') ?? '', options.appKey);
      const secretOk = sameText(url.searchParams.get('app_secret') ?? '', options.appSecret);
      if (!keyOk || !secretOk) {
        return {
          status: 200,
          code: 36009004,
          message: 'Invalid credentials. Invalid `app_key` or `app_secret`.',
        };
      }
      const grantType = url.searchParams.get('grant_type');
      const expected = endpoint === 'token/get' ? 'authorized_code' : 'refresh_token';
      if (grantType !== expected) {
        return { status: 200, code: 36009004, message: `Invalid parameter. grant_type must be ${expected}.` };
      }
      const faulted = state.fault(endpoint, (kind) => FAULTS_FOR[endpoint].has(kind));
      if (faulted !== undefined) return faulted;
      return endpoint === 'token/get'
        ? state.exchange(url.searchParams.get('auth_code') ?? '')
        : state.refresh(url.searchParams.get('refresh_token') ?? '');
    }
    const verdict = verifySignedRequest({
      url,
      body,
      contentType: request.headers['content-type'] ?? '',
      appKey: options.appKey,
      appSecret: options.appSecret,
      nowSeconds: state.nowSeconds(),
    });
    if (!verdict.ok) return { status: 401, code: verdict.code, message: verdict.message };
    const faulted = state.fault(endpoint, (kind) => FAULTS_FOR[endpoint].has(kind));
    if (faulted !== undefined) return faulted;
    const header = request.headers['x-tts-access-token'];
    const accessToken = typeof header === 'string' ? header : '';
    if (endpoint === 'shops') return state.shopsFor(accessToken);
    const shop = state.shopForCall(accessToken, url.searchParams.get('shop_cipher') ?? '');
    if ('status' in shop) return shop;
    if (endpoint === 'target-collaborations/remove') {
      return state.collaborations.remove(shop, id ?? '', state.nowSeconds());
    }
    const json = parseJson(body);
    if (json === undefined)
      return { status: 200, code: 36009004, message: 'Invalid parameter. The body is not JSON.' };
    return state.collaborations.create(shop, json, state.nowSeconds());
  };

  const admin = async (
    path: string,
    method: string,
    body: string,
    response: ServerResponse,
  ): Promise<number> => {
    const json = parseJson(body);
    if (json === undefined) {
      sendJson(response, 400, { message: 'The body must be a JSON object' });
      return 400;
    }
    if (path === '/__local/auth-codes' && method === 'POST') {
      const shopName = typeof json.shopName === 'string' ? json.shopName.trim() : '';
      if (shopName === '') {
        sendJson(response, 400, { message: 'shopName is required' });
        return 400;
      }
      const issued = state.issueAuthCode({
        shopName,
        ...(typeof json.region === 'string' ? { region: json.region } : {}),
        ...(typeof json.ageSeconds === 'number' ? { ageSeconds: json.ageSeconds } : {}),
      });
      sendJson(response, 201, {
        code: issued.code,
        expiresAt: issued.expiresAt.toISOString(),
        shop: { id: issued.shop.id, name: issued.shop.name, region: issued.shop.region },
      });
      return 201;
    }
    if (path === '/__local/faults' && method === 'POST') {
      const endpoint = String(json.endpoint ?? '*');
      const kind = String(json.kind ?? '');
      const times = Number(json.times ?? 1);
      if (!FAULT_KINDS.has(kind) || !(endpoint === '*' || endpoint in FAULTS_FOR) || !(times >= 1)) {
        sendJson(response, 400, {
          message:
            'kind must be rate-limit, server-error, invalid-code, invalid-refresh-token or rejected; endpoint token/get, token/refresh, shops, target-collaborations/create, target-collaborations/remove or *; times at least 1',
        });
        return 400;
      }
      state.injectFault({ endpoint: endpoint as StandInEndpoint | '*', kind: kind as FaultKind, times });
      response.writeHead(204).end();
      return 204;
    }
    if (path === '/__local/faults' && method === 'DELETE') {
      state.clearFaults();
      response.writeHead(204).end();
      return 204;
    }
    sendJson(response, 404, { message: `No local route ${method} ${path}` });
    return 404;
  };

  const server = createServer((request, response) => {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://stand-in');
    void (async () => {
      let status = 500;
      try {
        const body = await readAll(request);
        const endpoint = endpointOf(method, url.pathname);
        if (url.pathname.startsWith('/__local/')) status = await admin(url.pathname, method, body, response);
        else if (endpoint !== undefined) status = sendAnswer(response, api(endpoint, url, request, body));
        else status = sendAnswer(response, { status: 404, code: 36009009, message: 'Invalid path.' });
      } catch (error) {
        status = sendAnswer(response, { status: 500, code: 36009003, message: (error as Error).message });
      }
      state.requests.push({ method, path: url.pathname, status, at: new Date() });
      log(`TikTok stand-in: ${method} ${url.pathname} -> ${status}`);
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = listeningPort(server);

  const post = async (rawBody: string) => {
    if (webhookTarget === undefined) throw new Error('The TikTok stand-in has no webhook target yet');
    const signature = createHmac('sha256', options.appSecret)
      .update(`${options.appKey}${rawBody}`)
      .digest('hex');
    const answer = await fetch(webhookTarget, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: signature },
      body: rawBody,
    });
    return { status: answer.status, body: await answer.text(), rawBody };
  };

  return {
    url: urlOf(options.host, port),
    port,
    state,
    issueAuthCode: (issue) => state.issueAuthCode(issue),
    injectFault: (fault) => state.injectFault(fault),
    clearFaults: () => state.clearFaults(),
    setWebhookTarget: (target) => {
      webhookTarget = target;
    },
    deliverWebhook: async (webhook) => {
      const notificationId =
        webhook.notificationId ?? `7${Array.from({ length: 18 }, () => randomInt(0, 10)).join('')}`;
      const rawBody = JSON.stringify({
        type: webhook.type,
        tts_notification_id: notificationId,
        shop_id: webhook.shopId,
        timestamp: webhook.timestamp ?? state.nowSeconds(),
        data: webhook.data ?? {},
      });
      return { ...(await post(rawBody)), notificationId };
    },
    deliverRawWebhook: post,
    close: async () => {
      server.closeAllConnections();
      await closeServer(server);
    },
  };
}
