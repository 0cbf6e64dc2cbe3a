import type { AuthorizationFailureCode } from '#functions/sellers/domain/authorization.ts';
import type { SellerContact } from '#functions/sellers/schemas.ts';
import type { SellerService } from '#lib/repositories/sellers.ts';

/**
 * The seller-authorization workflow's state. It holds references only (seller id, authorization id, token
 * version) and expiry times: no token, auth code or shop cipher ever enters it, so none reaches the execution
 * history, CloudWatch (logging ALL includes execution data) or the API's execution answer.
 */

/** What the API starts an authorization with. */
export interface AuthorizeInput {
  readonly mode: 'authorize';
  readonly authorizationId: string;
  readonly sellerId: string;
  readonly partnerId: string;
  /** True when an existing seller authorizes again (a renewal, or after REAUTH_REQUIRED or REVOKED). */
  readonly reauthorization: boolean;
  readonly seller: SellerContact;
  readonly services: readonly SellerService[];
  readonly requestedAt: string;
  readonly requestId?: string;
}

/** One refresh cycle: started by the authorization, then by each cycle for the next (continue-as-new). */
export interface RefreshInput {
  readonly mode: 'refresh';
  readonly sellerId: string;
  readonly partnerId: string;
  /** The pair this cycle refreshes; a cycle that finds another version stops (a newer chain owns the seller). */
  readonly tokenVersion: number;
}

export interface PartnerContext {
  readonly partnerId: string;
  readonly name: string;
  readonly timezone: string;
  readonly managerEmails: readonly string[];
  readonly authorizationUrl?: string;
}

/** Resolved once by ValidateAuthorization. */
export interface AuthorizationContext {
  readonly partner: PartnerContext;
  /** The seller's status when this authorization began (a re-authorization keeps it until it succeeds). */
  readonly statusBefore: string;
  /** The shop a re-authorized seller already holds: the new grant must be for the same one. */
  readonly requiredShopId?: string;
}

/** What ExchangeAuthCode tells the next steps: expiry times only; the pair waits sealed in the table. */
export interface ExchangeResult {
  readonly accessTokenExpiresAt: string;
  readonly refreshTokenExpiresAt: string;
}

/** The shop TikTok granted, without its cipher (that stays in the table). */
export interface ShopResult {
  readonly shopId: string;
  readonly name: string;
  readonly region: string;
}

export interface StoredTokens {
  readonly tokenVersion: number;
  readonly accessTokenExpiresAt: string;
  readonly refreshTokenExpiresAt: string;
}

/** Step Functions' Catch output. */
export interface CaughtError {
  readonly Error: string;
  readonly Cause?: string;
}

export interface AuthorizationState extends AuthorizeInput {
  readonly context?: AuthorizationContext;
  readonly exchange?: ExchangeResult;
  readonly shop?: ShopResult;
  readonly tokens?: StoredTokens;
  readonly activation?: { readonly activatedAt: string };
  readonly confirmation?: { readonly status: 'SENT' };
  readonly confirmationError?: CaughtError;
  readonly rejection?: CaughtError;
  readonly failureRecord?: { readonly code: AuthorizationFailureCode; readonly at: string };
  readonly reauthorizationRequest?: { readonly status: 'SENT' | 'SKIPPED' };
  readonly reauthorizationRequestError?: CaughtError;
  readonly failure?: CaughtError;
}

/** The execution's output (GET /v1/executions/{id} shows it as `outcome`). */
export interface AuthorizationOutcome {
  readonly sellerId: string;
  readonly authorizationId: string;
  readonly status: 'ACTIVE' | 'FAILED';
  readonly reason?: AuthorizationFailureCode;
  readonly shopId?: string;
  readonly accessTokenExpiresAt?: string;
  readonly notifications: Readonly<Record<string, 'SENT' | 'FAILED' | 'SKIPPED'>>;
}

export interface RefreshPlan {
  readonly action: 'wait' | 'stop';
  readonly refreshAt?: string;
  readonly reason?: string;
}

export interface RefreshResult {
  readonly action: 'continue' | 'stop';
  readonly tokenVersion?: number;
  readonly accessTokenExpiresAt?: string;
  readonly reason?: string;
}

export interface RefreshState extends RefreshInput {
  readonly plan?: RefreshPlan;
  readonly refresh?: RefreshResult;
  readonly refreshError?: CaughtError;
  readonly failure?: CaughtError;
}

/** The context every step after ValidateAuthorization relies on. */
export function contextOf(state: AuthorizationState): AuthorizationContext {
  if (state.context === undefined) throw new Error('ValidateAuthorization has not run for this execution');
  return state.context;
}
