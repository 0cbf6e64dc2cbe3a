import { registerSecretValue } from '#lib/redaction.ts';
import { TikTokApiError } from '#lib/tiktok/errors.ts';
import { signatureTimestamp, signRequest } from '#lib/tiktok/signing.ts';
import { type HttpCall, send, type TransportOptions } from '#lib/tiktok/transport.ts';

/**
 * The TikTok Shop Open API as PartnerFlow uses it: the token endpoints on the auth host, and signed calls on the
 * API host. Base URLs come from configuration; nothing here knows which TikTok (or stand-in) it talks to.
 */

export interface TikTokAppCredentials {
  readonly appKey: string;
  readonly appSecret: string;
}

export interface TikTokClientOptions extends TransportOptions {
  /** e.g. https://open-api.tiktokglobalshop.com */
  readonly apiBaseUrl: string;
  /** e.g. https://auth.tiktok-shops.com */
  readonly authBaseUrl: string;
  readonly credentials: TikTokAppCredentials;
  readonly now?: () => Date;
}

/** A token pair as `/api/v2/token/get` and `/api/v2/token/refresh` grant it. */
export interface TokenGrant {
  readonly accessToken: string;
  /** From `access_token_expire_in`, which is an absolute Unix timestamp, not a duration. */
  readonly accessTokenExpiresAt: Date;
  readonly refreshToken: string;
  readonly refreshTokenExpiresAt: Date;
  readonly openId: string;
  readonly sellerName: string;
  readonly sellerBaseRegion: string;
  readonly grantedScopes: readonly string[];
}

/** One shop of `/authorization/202309/shops`; `cipher` goes with every shop-scoped call. */
export interface AuthorizedShop {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly cipher: string;
  readonly code: string;
  readonly sellerType: string;
}

export interface SignedRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** e.g. `/authorization/202309/shops`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  /** Sent as JSON; signed as the exact text sent. */
  readonly body?: unknown;
  readonly accessToken?: string;
  /** Added as `shop_cipher` for shop-scoped endpoints. */
  readonly shopCipher?: string;
}

export const TOKEN_GET_PATH = '/api/v2/token/get';
export const TOKEN_REFRESH_PATH = '/api/v2/token/refresh';
export const AUTHORIZED_SHOPS_PATH = '/authorization/202309/shops';

/** Unix seconds before 2001 cannot be an absolute expiry: such a value would be a duration read wrongly. */
const EARLIEST_PLAUSIBLE_EXPIRY = 1_000_000_000;

type Json = Readonly<Record<string, unknown>>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function unexpected(endpoint: string, message: string): TikTokApiError {
  return new TikTokApiError({ kind: 'UnexpectedResponse', code: 'SHAPE', message, endpoint });
}

function field(data: Json, name: string, endpoint: string): string {
  const value = data[name];
  if (typeof value !== 'string' || value === '') throw unexpected(endpoint, `${name} is missing`);
  return value;
}

function expiry(data: Json, name: string, endpoint: string): Date {
  const value = Number(data[name]);
  if (!Number.isInteger(value) || value < EARLIEST_PLAUSIBLE_EXPIRY) {
    throw unexpected(endpoint, `${name} is not an absolute Unix timestamp`);
  }
  return new Date(value * 1000);
}

function tokenGrant(data: unknown, endpoint: string): TokenGrant {
  if (!isRecord(data)) throw unexpected(endpoint, 'data is missing');
  const scopes = data.granted_scopes;
  // Masked in every later log line of this process (functions/lib/redaction.ts).
  registerSecretValue(typeof data.access_token === 'string' ? data.access_token : undefined);
  registerSecretValue(typeof data.refresh_token === 'string' ? data.refresh_token : undefined);
  return {
    accessToken: field(data, 'access_token', endpoint),
    accessTokenExpiresAt: expiry(data, 'access_token_expire_in', endpoint),
    refreshToken: field(data, 'refresh_token', endpoint),
    refreshTokenExpiresAt: expiry(data, 'refresh_token_expire_in', endpoint),
    openId: typeof data.open_id === 'string' ? data.open_id : '',
    sellerName: typeof data.seller_name === 'string' ? data.seller_name : '',
    sellerBaseRegion: typeof data.seller_base_region === 'string' ? data.seller_base_region : '',
    grantedScopes: Array.isArray(scopes) ? scopes.filter((scope) => typeof scope === 'string') : [],
  };
}

function shopOf(value: unknown, endpoint: string): AuthorizedShop {
  if (!isRecord(value)) throw unexpected(endpoint, 'a shop is not an object');
  return {
    id: field(value, 'id', endpoint),
    name: typeof value.name === 'string' ? value.name : '',
    region: typeof value.region === 'string' ? value.region : '',
    cipher: field(value, 'cipher', endpoint),
    code: typeof value.code === 'string' ? value.code : '',
    sellerType: typeof value.seller_type === 'string' ? value.seller_type : '',
  };
}

/** Turns the generic "grant refused" of a token endpoint into the kind a caller acts on. */
function asGrantError(error: unknown, kind: 'AuthCodeRejected' | 'RefreshTokenRejected'): unknown {
  if (!(error instanceof TikTokApiError) || error.retryable) return error;
  if (error.kind !== 'RequestRejected' && error.kind !== 'AccessTokenRejected') return error;
  return new TikTokApiError({
    kind,
    code: error.code,
    message: error.detail,
    endpoint: error.endpoint,
    ...(error.httpStatus === undefined ? {} : { httpStatus: error.httpStatus }),
    ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
  });
}

export class TikTokShopClient {
  constructor(private readonly options: TikTokClientOptions) {}

  /** Exchanges a seller's one-time auth code (valid 30 minutes, single use) for a token pair. */
  async getAccessToken(authCode: string): Promise<TokenGrant> {
    try {
      return tokenGrant(
        await this.tokenCall(TOKEN_GET_PATH, { auth_code: authCode, grant_type: 'authorized_code' }),
        TOKEN_GET_PATH,
      );
    } catch (error) {
      throw asGrantError(error, 'AuthCodeRejected');
    }
  }

  /** Trades a refresh token for a new pair: both tokens change, so the caller must store both at once. */
  async refreshAccessToken(refreshToken: string): Promise<TokenGrant> {
    try {
      return tokenGrant(
        await this.tokenCall(TOKEN_REFRESH_PATH, {
          refresh_token: refreshToken,
          grant_type: 'refresh_token',
        }),
        TOKEN_REFRESH_PATH,
      );
    } catch (error) {
      throw asGrantError(error, 'RefreshTokenRejected');
    }
  }

  /** The shops the seller's token is authorized for, each with its `cipher`. */
  async getAuthorizedShops(accessToken: string): Promise<AuthorizedShop[]> {
    const data = await this.request({ method: 'GET', path: AUTHORIZED_SHOPS_PATH, accessToken });
    const shops = isRecord(data) ? data.shops : undefined;
    if (!Array.isArray(shops)) throw unexpected(AUTHORIZED_SHOPS_PATH, 'shops is missing');
    return shops.map((shop) => shopOf(shop, AUTHORIZED_SHOPS_PATH));
  }

  /**
   * A signed Open API call (202309 and later): `app_key`, `timestamp` and `sign` in the query, the access token
   * in `x-tts-access-token`. Answers the envelope's `data`; failures are TikTokApiErrors.
   */
  async request(request: SignedRequest): Promise<unknown> {
    const { credentials } = this.options;
    const now = (this.options.now ?? (() => new Date()))();
    const query: Record<string, string> = {
      ...request.query,
      app_key: credentials.appKey,
      timestamp: signatureTimestamp(now),
      ...(request.shopCipher === undefined ? {} : { shop_cipher: request.shopCipher }),
    };
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const contentType = 'application/json';
    query.sign = signRequest(
      { path: request.path, query, ...(body === undefined ? {} : { body }), contentType },
      credentials.appSecret,
    );
    const url = new URL(request.path, this.options.apiBaseUrl);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const call: HttpCall = {
      method: request.method,
      url,
      endpoint: request.path,
      headers: {
        'content-type': contentType,
        ...(request.accessToken === undefined ? {} : { 'x-tts-access-token': request.accessToken }),
      },
      ...(body === undefined ? {} : { body }),
    };
    return send(call, this.options);
  }

  private tokenCall(path: string, parameters: Readonly<Record<string, string>>): Promise<unknown> {
    const url = new URL(path, this.options.authBaseUrl);
    url.searchParams.set('app_key', this.options.credentials.appKey);
    url.searchParams.set('app_secret', this.options.credentials.appSecret);
    for (const [key, value] of Object.entries(parameters)) url.searchParams.set(key, value);
    return send({ method: 'GET', url, endpoint: path, headers: {} }, this.options);
  }
}
