import type { RenderedEmail } from '#functions/creators/emails.ts';
import { serviceName } from '#functions/sellers/domain/services.ts';
import { emailLayout, html, type SafeHtml } from '#lib/email/html.ts';
import type { SellerService } from '#lib/repositories/sellers.ts';

/** Seller emails: plain words, every user-supplied value escaped (the `html` template does it). */

const list = (items: readonly string[]): SafeHtml =>
  html`<ul style="padding-left:20px;margin:8px 0 16px 0">${items.map((item) => html`<li style="margin:4px 0">${item}</li>`)}</ul>`;

const textList = (items: readonly string[]) => items.map((item) => `  - ${item}`).join('\n');

const day = (iso: string) => iso.slice(0, 10);

export interface ConfirmationInput {
  readonly shopName: string;
  readonly partnerName: string;
  readonly services: readonly SellerService[];
  readonly sellerId: string;
  readonly reauthorization: boolean;
}

/** To the seller: the authorization worked, and what the agency now does for the shop. */
export function renderSellerConfirmation(input: ConfirmationInput): RenderedEmail {
  const title = input.reauthorization
    ? `${input.shopName} is authorized again with ${input.partnerName}`
    : `${input.shopName} is now connected to ${input.partnerName}`;
  const services = input.services.map(serviceName);
  const body = html`<p>Thank you for authorizing ${input.partnerName} on TikTok Shop. Your shop <strong>${input.shopName}</strong> is connected, and these services are now active:</p>
${list(services)}
<p>You can withdraw the authorization at any time in TikTok Shop Seller Center; we will then stop all work on your shop.</p>`;
  const text = [
    title,
    '',
    `Thank you for authorizing ${input.partnerName} on TikTok Shop. Your shop ${input.shopName} is connected, and these services are now active:`,
    textList(services),
    '',
    'You can withdraw the authorization at any time in TikTok Shop Seller Center; we will then stop all work on your shop.',
  ].join('\n');
  return { subject: title, html: emailLayout(title, body), text };
}

/** To the partner's managers: a seller was authorized. */
export function renderManagerConfirmation(input: ConfirmationInput): RenderedEmail {
  const title = `Seller authorized: ${input.shopName}`;
  const services = input.services.map(serviceName);
  const lead = input.reauthorization
    ? 'renewed its authorization of your app'
    : 'authorized your app and is now ACTIVE';
  const body = html`<p>The TikTok shop <strong>${input.shopName}</strong> (seller ${input.sellerId}) ${lead}. Active services:</p>
${list(services)}
<p>PartnerFlow keeps its access token fresh until the seller withdraws the authorization.</p>`;
  const text = [
    title,
    '',
    `The TikTok shop ${input.shopName} (seller ${input.sellerId}) ${lead}. Active services:`,
    textList(services),
    '',
    'PartnerFlow keeps its access token fresh until the seller withdraws the authorization.',
  ].join('\n');
  return { subject: title, html: emailLayout(title, body), text };
}

export type ReauthorizationReason =
  /** The auth code was invalid, expired or already used. */
  | 'code-rejected'
  /** The token did not grant a shop, or granted another shop than the seller's. */
  | 'wrong-shop'
  /** TikTok announced that the authorization expires soon. */
  | 'expiring'
  /** The token could no longer be refreshed. */
  | 'refresh-failed';

export interface ReauthorizationInput {
  readonly shopName: string;
  readonly partnerName: string;
  readonly reason: ReauthorizationReason;
  /** The app's authorization link, when the partner configured one. */
  readonly authorizationUrl?: string;
  readonly expiresAt?: string;
}

const REASON_WORDS: Readonly<Record<ReauthorizationReason, (input: ReauthorizationInput) => string>> = {
  'code-rejected': () =>
    'The authorization code we received could not be used: it was invalid, had expired (codes last 30 minutes) or had already been used.',
  'wrong-shop': () =>
    'The authorization we received was not for this shop. Please sign in with the account that owns the shop.',
  expiring: (input) =>
    `Your authorization of ${input.partnerName} expires${input.expiresAt === undefined ? ' soon' : ` on ${day(input.expiresAt)}`}. Without a renewal we will have to stop working on your shop.`,
  'refresh-failed': () =>
    'TikTok Shop no longer accepts our access to your shop, so we cannot keep working on it until you authorize again.',
};

/** To the seller: please authorize again, and why. */
export function renderReauthorizationRequest(input: ReauthorizationInput): RenderedEmail {
  const title = `Please authorize ${input.partnerName} again for ${input.shopName}`;
  const why = REASON_WORDS[input.reason](input);
  const how =
    input.authorizationUrl === undefined
      ? `Open TikTok Shop Seller Center, authorize ${input.partnerName}'s app again, and send the new authorization code to your account manager.`
      : `Authorize ${input.partnerName}'s app again with the link below, then send the new authorization code to your account manager.`;
  const link =
    input.authorizationUrl === undefined
      ? ''
      : html`<p><a href="${input.authorizationUrl}" style="display:inline-block;padding:10px 16px;background:#111827;color:#ffffff;border-radius:6px;text-decoration:none">Authorize again</a></p>`;
  const body = html`<p>${why}</p><p>${how}</p>${link}<p>Questions? Reply to this email and your agency will help.</p>`;
  const text = [
    title,
    '',
    why,
    '',
    how,
    ...(input.authorizationUrl === undefined ? [] : ['', input.authorizationUrl]),
    '',
    'Questions? Reply to this email and your agency will help.',
  ].join('\n');
  return { subject: title, html: emailLayout(title, body), text };
}

export interface SellerNoticeInput {
  readonly shopName: string;
  readonly sellerId: string;
  readonly partnerName: string;
}

/** To the managers: the token could not be refreshed; the seller must authorize again. */
export function renderReauthRequiredNotice(input: SellerNoticeInput): RenderedEmail {
  const title = `Re-authorization needed: ${input.shopName}`;
  const body = html`<p>TikTok Shop refused to refresh the access token of <strong>${input.shopName}</strong> (seller ${input.sellerId}). The seller is now REAUTH_REQUIRED and was asked to authorize again; work that needs its shop is on hold until then.</p>
<p>Start the new authorization with the seller's id so the seller keeps its history.</p>`;
  const text = [
    title,
    '',
    `TikTok Shop refused to refresh the access token of ${input.shopName} (seller ${input.sellerId}). The seller is now REAUTH_REQUIRED and was asked to authorize again; work that needs its shop is on hold until then.`,
    '',
    "Start the new authorization with the seller's id so the seller keeps its history.",
  ].join('\n');
  return { subject: title, html: emailLayout(title, body), text };
}

/** To the managers: the seller withdrew the authorization. */
export function renderDeauthorizationNotice(
  input: SellerNoticeInput & { readonly pausedCampaigns: readonly string[] },
): RenderedEmail {
  const title = `Seller deauthorized: ${input.shopName}`;
  const campaigns =
    input.pausedCampaigns.length === 0
      ? 'It had no active campaigns.'
      : `Its active campaigns were paused: ${input.pausedCampaigns.join(', ')}.`;
  const body = html`<p>The seller of <strong>${input.shopName}</strong> (seller ${input.sellerId}) withdrew the authorization of your app in TikTok Shop. PartnerFlow marked the seller REVOKED, deleted its tokens and stopped refreshing them.</p><p>${campaigns}</p>`;
  const text = [
    title,
    '',
    `The seller of ${input.shopName} (seller ${input.sellerId}) withdrew the authorization of your app in TikTok Shop. PartnerFlow marked the seller REVOKED, deleted its tokens and stopped refreshing them.`,
    '',
    campaigns,
  ].join('\n');
  return { subject: title, html: emailLayout(title, body), text };
}
