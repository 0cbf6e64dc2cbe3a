import type { IssuedAuthCode } from '#local/tiktok/state.ts';
import { executionArnFor } from '#test/support/executions.ts';
import { type ApiResponse, api, type TestRuntime, waitForExecution } from '#test/support/runtime.ts';

export interface AuthorizationAnswer {
  readonly executionId: string;
  readonly workflow: string;
  readonly sellerId: string;
  readonly authorizationId: string;
  readonly status: string;
  readonly links: { readonly execution: string; readonly seller: string };
}

export interface SellerAnswer {
  readonly sellerId: string;
  readonly shopName: string;
  readonly region: string;
  readonly contactEmail: string;
  readonly status: string;
  readonly services: readonly string[];
  readonly shop?: { readonly shopId: string; readonly name: string; readonly region: string };
  readonly tokens?: {
    readonly accessTokenExpiresAt: string;
    readonly refreshTokenExpiresAt: string;
    readonly lastStoredAt: string;
    readonly lastSource: string;
  };
  readonly authorizationExpiresAt?: string;
  readonly failure?: { readonly code: string; readonly message: string };
  readonly lastAuthorization?: { readonly executionId: string; readonly result: string };
}

export interface AuthorizeOptions {
  readonly shopName: string;
  readonly region?: string;
  readonly contactEmail?: string;
  readonly services?: readonly string[];
  /** Re-authorizes this seller. */
  readonly sellerId?: string;
  /** Default: a fresh code from the stand-in for `shopName`. */
  readonly authCode?: string;
  readonly headers?: Record<string, string>;
}

export interface Authorization {
  readonly answer: ApiResponse<AuthorizationAnswer>;
  readonly issued: IssuedAuthCode | undefined;
  readonly executionArn: string;
}

/** POST /v1/sellers/authorizations with a code the stand-in minted for the shop (or the one given). */
export async function requestAuthorization(
  runtime: TestRuntime,
  key: string,
  options: AuthorizeOptions,
): Promise<Authorization> {
  const region = options.region ?? 'ID';
  const issued =
    options.authCode === undefined
      ? runtime.tiktok.issueAuthCode({ shopName: options.shopName, region })
      : undefined;
  const answer = await api(runtime, key).post<AuthorizationAnswer>(
    '/v1/sellers/authorizations',
    {
      seller: {
        shopName: options.shopName,
        region,
        contactEmail: options.contactEmail ?? 'owner@shop.example.com',
      },
      authCode: options.authCode ?? issued?.code,
      services: options.services ?? ['listing-optimization', 'data-analysis'],
      ...(options.sellerId === undefined ? {} : { sellerId: options.sellerId }),
    },
    options.headers,
  );
  if (answer.status !== 202)
    throw new Error(`authorization not accepted: ${answer.status} ${JSON.stringify(answer.body)}`);
  return {
    answer,
    issued,
    executionArn: executionArnFor('seller-authorization', answer.body.executionId),
  };
}

/** Requests an authorization and waits for its execution to end; answers the seller as the API shows it. */
export async function authorizeSeller(runtime: TestRuntime, key: string, options: AuthorizeOptions) {
  const authorization = await requestAuthorization(runtime, key, options);
  const execution = await waitForExecution(runtime, authorization.executionArn);
  const seller = await api(runtime, key).get<SellerAnswer>(
    `/v1/sellers/${authorization.answer.body.sellerId}`,
  );
  return { ...authorization, execution, seller: seller.body };
}

/** The execution ARN of a seller's refresh cycle for one token version. */
export const refreshCycleArn = (sellerId: string, tokenVersion: number) =>
  executionArnFor('seller-authorization', `${sellerId}-v${tokenVersion}-authorization`);
