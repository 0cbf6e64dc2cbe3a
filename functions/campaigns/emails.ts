import type { RenderedEmail } from '#functions/creators/emails.ts';
import { emailLayout, html, type SafeHtml } from '#lib/email/html.ts';
import { formatMinorUnits } from '#lib/money.ts';
import type { CampaignProduct, MoneyTotal } from '#lib/repositories/campaigns.ts';

/** Campaign emails: plain words, every user-supplied value escaped (the `html` template does it). */

const list = (items: readonly string[]): SafeHtml =>
  html`<ul style="padding-left:20px;margin:8px 0 16px 0">${items.map((item) => html`<li style="margin:4px 0">${item}</li>`)}</ul>`;
const textList = (items: readonly string[]) => items.map((item) => `  - ${item}`).join('\n');
/** `2026-12-01 09:00 UTC`. */
const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const productLine = (product: CampaignProduct) =>
  `Product ${product.productId}: ${product.commissionRate}% commission`;
const money = (totals: readonly MoneyTotal[]) =>
  totals.length === 0
    ? '0'
    : totals.map((total) => `${formatMinorUnits(total.amountMinor)} ${total.currency}`).join(', ');

/** The campaign as every email names it. */
export interface CampaignFacts {
  readonly campaignName: string;
  readonly shopName: string;
  readonly partnerName: string;
  readonly startAt: string;
  readonly endAt: string;
}

export interface InvitationEmailInput extends CampaignFacts {
  readonly creatorName: string;
  readonly message: string;
  readonly products: readonly CampaignProduct[];
  readonly freeSamples: boolean;
}

/** To a creator: the invitation, with the products, their commission and the dates. */
export function renderInvitation(input: InvitationEmailInput): RenderedEmail {
  const title = `Invitation: ${input.campaignName} with ${input.shopName}`;
  const products = input.products.map(productLine);
  const samples = input.freeSamples
    ? 'Free samples are available: request them from the collaboration in TikTok Shop.'
    : 'This campaign has no free samples.';
  const body = html`<p>Hi ${input.creatorName},</p>
<p>${input.partnerName} invites you to a targeted TikTok Shop collaboration with <strong>${input.shopName}</strong>, from <strong>${when(input.startAt)}</strong> to <strong>${when(input.endAt)}</strong>. The products and the commission you earn on each sale:</p>
${list(products)}
<p>${samples}</p>
<p style="white-space:pre-line;border-left:3px solid #e5e7eb;padding-left:12px;color:#374151">${input.message}</p>
<p>The collaboration is waiting for you in your TikTok Shop affiliate center: add the products to your showcase to start earning.</p>`;
  const text = [
    title,
    '',
    `Hi ${input.creatorName},`,
    '',
    `${input.partnerName} invites you to a targeted TikTok Shop collaboration with ${input.shopName}, from ${when(input.startAt)} to ${when(input.endAt)}. The products and the commission you earn on each sale:`,
    textList(products),
    '',
    samples,
    '',
    input.message,
    '',
    'The collaboration is waiting for you in your TikTok Shop affiliate center: add the products to your showcase to start earning.',
  ].join('\n');
  return { subject: title, html: emailLayout(title, body), text };
}

export interface WithdrawalEmailInput extends CampaignFacts {
  readonly creatorName: string;
  readonly cancelled: boolean;
}

/** To an invited creator: the campaign will not run (cancelled, or its launch failed). */
export function renderWithdrawal(input: WithdrawalEmailInput): RenderedEmail {
  const title = `Withdrawn: ${input.campaignName} with ${input.shopName}`;
  const why = input.cancelled ? 'has been cancelled' : 'could not be launched';
  const lead = `The campaign ${input.campaignName} with ${input.shopName}, to which ${input.partnerName} invited you, ${why}. Your invitation is withdrawn and the collaboration is closed: there is nothing for you to do.`;
  const body = html`<p>Hi ${input.creatorName},</p><p>${lead}</p><p>We are sorry for the change of plans, and will be in touch with other campaigns.</p>`;
  const text = [
    title,
    '',
    `Hi ${input.creatorName},`,
    '',
    lead,
    '',
    'We are sorry for the change of plans, and will be in touch with other campaigns.',
  ].join('\n');
  return { subject: title, html: emailLayout(title, body), text };
}

export interface ActivationEmailInput extends CampaignFacts {
  readonly products: readonly CampaignProduct[];
  readonly invited: number;
  readonly failed: number;
  readonly conflicts: number;
}

/** To the seller: the campaign is live, who was invited, what it offers. */
export function renderActivation(input: ActivationEmailInput): RenderedEmail {
  const title = `Your campaign ${input.campaignName} is live`;
  const facts = [
    `Runs until ${when(input.endAt)}`,
    `${input.invited} creator(s) invited${input.failed > 0 ? `, ${input.failed} could not be` : ''}`,
    ...(input.conflicts > 0
      ? [
          `${input.conflicts} creator/product pair(s) left out: those creators already promote the product in another collaboration of your shop`,
        ]
      : []),
  ];
  const products = input.products.map(productLine);
  const body = html`<p>${input.partnerName} launched the targeted collaboration <strong>${input.campaignName}</strong> for ${input.shopName} on TikTok Shop.</p>
${list(facts)}
<p>Products and commission:</p>
${list(products)}
<p>You will get the results when the campaign ends.</p>`;
  const text = [
    title,
    '',
    `${input.partnerName} launched the targeted collaboration ${input.campaignName} for ${input.shopName} on TikTok Shop.`,
    textList(facts),
    '',
    'Products and commission:',
    textList(products),
    '',
    'You will get the results when the campaign ends.',
  ].join('\n');
  return { subject: title, html: emailLayout(title, body), text };
}

export interface ResultsEmailInput extends CampaignFacts {
  readonly campaignId: string;
  readonly invitationsSent: number;
  readonly invitationsFailed: number;
  readonly orders: number;
  readonly gmv: readonly MoneyTotal[];
  readonly commission: readonly MoneyTotal[];
  /** The campaign ended while a pause held it. */
  readonly endedWhilePaused: boolean;
}

/** To the seller and the partner's managers: what the campaign achieved. */
export function renderResults(input: ResultsEmailInput): RenderedEmail {
  const title = `Results: ${input.campaignName} (${input.shopName})`;
  const figures = [
    `Creators invited: ${input.invitationsSent}${input.invitationsFailed > 0 ? ` (${input.invitationsFailed} could not be)` : ''}`,
    `Affiliate orders: ${input.orders}`,
    `GMV: ${money(input.gmv)}`,
    `Commission earned: ${money(input.commission)}`,
  ];
  const lead = `The campaign ${input.campaignName} (${input.campaignId}) for ${input.shopName} ran from ${when(input.startAt)} to ${when(input.endAt)}.`;
  const paused = input.endedWhilePaused
    ? 'It ended while paused by a policy review: the figures include only what happened before the pause and any orders TikTok attributed since.'
    : '';
  const body = html`<p>${lead}</p>${list(figures)}${paused === '' ? '' : html`<p>${paused}</p>`}<p>Orders cancelled after the sale are not counted.</p>`;
  const text = [
    title,
    '',
    lead,
    textList(figures),
    '',
    ...(paused === '' ? [] : [paused, '']),
    'Orders cancelled after the sale are not counted.',
  ].join('\n');
  return { subject: title, html: emailLayout(title, body), text };
}
