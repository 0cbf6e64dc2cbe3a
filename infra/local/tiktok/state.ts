import { randomBytes, randomInt } from 'node:crypto';
import { TargetCollaborationBook } from '#local/tiktok/collaborations.ts';

/**
 * What the local TikTok Shop knows: shops (made up on first mention), one-time auth codes, token grants, and
 * failures it was told to produce. Kept in memory: a restart of the runtime is a new TikTok, whose tokens the
 * stored pairs no longer match (as if every seller had been deauthorized).
 */

/** An auth code lives 30 minutes and works once ("Authorization overview"). */
export const AUTH_CODE_LIFETIME_SECONDS = 30 * 60;
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 7 * 24 * 3600;
export const DEFAULT_REFRESH_TOKEN_TTL_SECONDS = 60 * 24 * 3600;

export type StandInEndpoint =
  | 'token/get'
  | 'token/refresh'
  | 'shops'
  | 'target-collaborations/create'
  | 'target-collaborations/remove';

/** A failure the stand-in produces instead of answering, for the next `times` calls of an endpoint. */
export type FaultKind =
  | 'rate-limit'
  | 'server-error'
  | 'invalid-code'
  | 'invalid-refresh-token'
  /** A business refusal of a collaboration call (not retryable). */
  | 'rejected';

export interface Fault {
  /** `*` applies to any endpoint. */
  readonly endpoint: StandInEndpoint | '*';
  readonly kind: FaultKind;
  /** How many calls fail; default 1. */
  readonly times?: number;
}

export interface StandInShop {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly cipher: string;
  readonly code: string;
  readonly sellerType: 'LOCAL' | 'CROSS_BORDER';
}

export interface IssuedAuthCode {
  readonly code: string;
  readonly shop: StandInShop;
  readonly expiresAt: Date;
}

interface AuthCodeRecord {
  readonly shopId: string;
  readonly issuedAtSeconds: number;
  used: boolean;
}

interface Grant {
  readonly openId: string;
  readonly shopId: string;
  readonly accessToken: string;
  readonly accessTokenExpiresAt: number;
  readonly refreshToken: string;
  readonly refreshTokenExpiresAt: number;
  /** A refresh replaces the grant: its refresh token no longer works. */
  replaced: boolean;
}

/** TikTok's answer: `code` 0 with `data`, or an error code and message with the HTTP status to send. */
export type StandInAnswer =
  | { readonly status: 200; readonly data: unknown }
  | {
      readonly status: number;
      readonly code: number;
      readonly message: string;
      readonly headers?: Readonly<Record<string, string>>;
    };

export interface RecordedRequest {
  readonly method: string;
  /** The path only: the query of a token call holds the app secret and the code. */
  readonly path: string;
  readonly status: number;
  readonly at: Date;
}

export interface StandInStateOptions {
  readonly accessTokenTtlSeconds?: number;
  readonly refreshTokenTtlSeconds?: number;
  readonly now?: () => Date;
}

const token = (prefix: string) => `${prefix}${randomBytes(30).toString('base64url')}`;
const digits = (length: number) =>
  `${randomInt(1, 10)}${Array.from({ length: length - 1 }, () => randomInt(0, 10)).join('')}`;

const FAULT_ANSWERS: Readonly<Record<FaultKind, StandInAnswer>> = {
  'rate-limit': {
    status: 429,
    code: 36009002,
    message: 'Too many requests. The rate limit of 50 QPS per app and shop was exceeded.',
  },
  'server-error': { status: 500, code: 36009003, message: 'Internal error. Please try again later.' },
  'invalid-code': { status: 200, code: 36004004, message: 'The auth_code is invalid.' },
  'invalid-refresh-token': {
    status: 200,
    code: 36004004,
    message: 'The refresh_token is invalid or expired.',
  },
  rejected: {
    status: 200,
    code: 16024001,
    message: 'The request was rejected: the shop cannot run target collaborations now.',
  },
};

export class TikTokShopState {
  readonly requests: RecordedRequest[] = [];
  readonly collaborations = new TargetCollaborationBook();
  private readonly shopsByName = new Map<string, StandInShop>();
  private readonly codes = new Map<string, AuthCodeRecord>();
  private readonly byAccessToken = new Map<string, Grant>();
  private readonly byRefreshToken = new Map<string, Grant>();
  private faults: { endpoint: StandInEndpoint | '*'; kind: FaultKind; remaining: number }[] = [];
  private readonly issued: string[] = [];
  private readonly accessTtl: number;
  private readonly refreshTtl: number;
  private readonly now: () => Date;

  constructor(options: StandInStateOptions = {}) {
    this.accessTtl = options.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS;
    this.refreshTtl = options.refreshTokenTtlSeconds ?? DEFAULT_REFRESH_TOKEN_TTL_SECONDS;
    this.now = options.now ?? (() => new Date());
  }

  nowSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  /** The shop of this name, made up the first time it is named. */
  shop(name: string, region = 'US'): StandInShop {
    let shop = this.shopsByName.get(name);
    if (shop === undefined) {
      shop = {
        id: digits(19),
        name,
        region,
        cipher: token('ROW_'),
        code: `${region}LC${randomBytes(4).toString('hex').toUpperCase()}`,
        sellerType: 'LOCAL',
      };
      this.shopsByName.set(name, shop);
    }
    return shop;
  }

  /** A fresh auth code for the shop; `ageSeconds` backdates it (an expired code for tests). */
  issueAuthCode(options: { shopName: string; region?: string; ageSeconds?: number }): IssuedAuthCode {
    const shop = this.shop(options.shopName, options.region);
    const code = token('ROW_code_');
    const issuedAtSeconds = this.nowSeconds() - (options.ageSeconds ?? 0);
    this.codes.set(code, { shopId: shop.id, issuedAtSeconds, used: false });
    return { code, shop, expiresAt: new Date((issuedAtSeconds + AUTH_CODE_LIFETIME_SECONDS) * 1000) };
  }

  injectFault(fault: Fault): void {
    this.faults.push({ endpoint: fault.endpoint, kind: fault.kind, remaining: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Every token the stand-in ever issued (tests search logs and histories for them). */
  issuedTokens(): readonly string[] {
    return [...this.issued];
  }

  /** Every auth code the stand-in issued. */
  issuedAuthCodes(): readonly string[] {
    return [...this.codes.keys()];
  }

  /** The answer a fault gives for this call, if one is armed for it. */
  fault(endpoint: StandInEndpoint, applies: (kind: FaultKind) => boolean): StandInAnswer | undefined {
    const index = this.faults.findIndex(
      (fault) => (fault.endpoint === endpoint || fault.endpoint === '*') && applies(fault.kind),
    );
    const fault = this.faults[index];
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return FAULT_ANSWERS[fault.kind];
  }

  /** `/api/v2/token/get`: a valid, unused, unexpired code becomes a grant; the code is used up. */
  exchange(code: string): StandInAnswer {
    const record = this.codes.get(code);
    if (record === undefined) return { status: 200, code: 36004004, message: 'The auth_code is invalid.' };
    if (record.used) return { status: 200, code: 36004004, message: 'The auth_code has already been used.' };
    if (this.nowSeconds() > record.issuedAtSeconds + AUTH_CODE_LIFETIME_SECONDS) {
      return { status: 200, code: 36004004, message: 'The auth_code has expired.' };
    }
    record.used = true;
    return { status: 200, data: this.grant(record.shopId, `open_${digits(12)}`) };
  }

  /** `/api/v2/token/refresh`: a new pair; the old refresh token stops working (rotation). */
  refresh(refreshToken: string): StandInAnswer {
    const grant = this.byRefreshToken.get(refreshToken);
    if (grant === undefined || grant.replaced || this.nowSeconds() > grant.refreshTokenExpiresAt) {
      return { status: 200, code: 36004004, message: 'The refresh_token is invalid or expired.' };
    }
    grant.replaced = true;
    return { status: 200, data: this.grant(grant.shopId, grant.openId) };
  }

  /** `/authorization/202309/shops` for an access token. */
  shopsFor(accessToken: string): StandInAnswer {
    const grant = this.byAccessToken.get(accessToken);
    if (grant === undefined || this.nowSeconds() > grant.accessTokenExpiresAt) {
      return {
        status: 401,
        code: 105002,
        message: 'Invalid credentials. The `x-tts-access-token` header is invalid or expired.',
      };
    }
    const shops = [...this.shopsByName.values()].filter((shop) => shop.id === grant.shopId);
    return {
      status: 200,
      data: {
        shops: shops.map((shop) => ({
          id: shop.id,
          name: shop.name,
          region: shop.region,
          seller_type: shop.sellerType,
          cipher: shop.cipher,
          code: shop.code,
        })),
      },
    };
  }

  /**
   * The shop a shop-scoped call acts on: the access token's grant, with the `shop_cipher` of that very shop (TikTok
   * refuses a call whose cipher names another shop).
   */
  shopForCall(accessToken: string, shopCipher: string): StandInShop | StandInAnswer {
    const grant = this.byAccessToken.get(accessToken);
    if (grant === undefined || this.nowSeconds() > grant.accessTokenExpiresAt) {
      return {
        status: 401,
        code: 105002,
        message: 'Invalid credentials. The `x-tts-access-token` header is invalid or expired.',
      };
    }
    const shop = [...this.shopsByName.values()].find((candidate) => candidate.id === grant.shopId);
    if (shop === undefined || shop.cipher !== shopCipher) {
      return {
        status: 200,
        code: 36009004,
        message: 'Invalid parameter. shop_cipher does not match the shop.',
      };
    }
    return shop;
  }

  private grant(shopId: string, openId: string) {
    const now = this.nowSeconds();
    const grant: Grant = {
      openId,
      shopId,
      accessToken: token('TTP_'),
      accessTokenExpiresAt: now + this.accessTtl,
      refreshToken: token('TTP_'),
      refreshTokenExpiresAt: now + this.refreshTtl,
      replaced: false,
    };
    this.byAccessToken.set(grant.accessToken, grant);
    this.byRefreshToken.set(grant.refreshToken, grant);
    this.issued.push(grant.accessToken, grant.refreshToken);
    const shop = [...this.shopsByName.values()].find((candidate) => candidate.id === shopId);
    return {
      access_token: grant.accessToken,
      // Absolute Unix timestamps, as TikTok sends them (not durations).
      access_token_expire_in: grant.accessTokenExpiresAt,
      refresh_token: grant.refreshToken,
      refresh_token_expire_in: grant.refreshTokenExpiresAt,
      open_id: openId,
      seller_name: shop?.name ?? '',
      seller_base_region: shop?.region ?? '',
      user_type: 0,
      granted_scopes: ['seller.authorization.info', 'seller.affiliate_collaboration.write'],
    };
  }
}
