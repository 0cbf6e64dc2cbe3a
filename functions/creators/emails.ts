import type { Tier } from '#functions/creators/domain/policy.ts';
import { emailLayout, html, type SafeHtml } from '#lib/email/html.ts';

export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

interface TrainingPlan {
  readonly title: string;
  readonly items: readonly string[];
}

const TRAINING_PLANS: Readonly<Record<Tier, TrainingPlan>> = {
  top: {
    title: 'Your plan as a top-tier creator',
    items: [
      'A dedicated account manager will contact you within two business days.',
      'Book your 1:1 strategy call to plan your first campaigns and product picks.',
      'Priority access to high-commission targeted collaborations.',
    ],
  },
  mid: {
    title: 'Your plan as a mid-tier creator',
    items: [
      'Join the monthly e-commerce webinar series (invitations follow by email).',
      'Send two videos a month for content review and get written feedback.',
      'Access to open and targeted collaborations that match your categories.',
    ],
  },
  'long-tail': {
    title: 'Your plan to grow on TikTok Shop',
    items: [
      'Take the self-paced TikTok Shop policy course (about 45 minutes).',
      'Join the fortnightly community sessions to learn from other creators.',
      'Start with open collaborations and build your sales record.',
    ],
  },
};

/** The rules creators break most often, in plain words. */
const POLICY_BASICS: readonly string[] = [
  'Show only products you received or bought, and describe them truthfully: no exaggerated or medical claims.',
  'Never move a sale off TikTok Shop (no links or payment details for outside deals).',
  'Disclose every paid partnership with the branded content toggle.',
  'No counterfeit goods, and no content that uses music, images or brands you have no rights to.',
  'Keep minors out of selling content, and treat viewers with respect: no harassment or spam.',
];

const REASON_WORDS: Readonly<Record<string, string>> = {
  UNDER_AGE: 'TikTok Shop affiliates must be 18 or older.',
  TOO_FEW_FOLLOWERS: 'TikTok Shop affiliates need at least 1,000 followers.',
  OPEN_CRITICAL_VIOLATION: 'Your account has an open critical policy violation.',
  DUPLICATE_HANDLE: 'This TikTok handle is already managed or under review.',
  REVIEW_TIMEOUT: 'Our managers could not review your application in time. You are welcome to apply again.',
  MANAGER_REJECTED: 'A manager reviewed your application and could not approve it this time.',
  PROCESSING_FAILED:
    'We could not complete your application because of a problem on our side. Please apply again.',
  LOW_ENGAGEMENT: 'The engagement rate is below 1%.',
  PRIOR_VIOLATION: 'The creator has an earlier violation of medium severity or higher.',
  REGION_NOT_SERVED: 'The creator is in a region the agency does not serve.',
};

/** A reason code in words a creator or manager understands. */
export function reasonInWords(reason: string): string {
  return REASON_WORDS[reason] ?? reason;
}

const list = (items: readonly string[]): SafeHtml =>
  html`<ul style="padding-left:20px;margin:8px 0 16px 0">${items.map((item) => html`<li style="margin:4px 0">${item}</li>`)}</ul>`;

const textList = (items: readonly string[]) => items.map((item) => `  - ${item}`).join('\n');

export interface WelcomeInput {
  readonly displayName: string;
  readonly handle: string;
  readonly tier: Tier;
  readonly pilotEndsAt?: string;
  readonly partnerName: string;
}

/** The welcome email: the tier's training plan and the policy basics. */
export function renderWelcomeEmail(input: WelcomeInput): RenderedEmail {
  const plan = TRAINING_PLANS[input.tier];
  const pilot =
    input.pilotEndsAt === undefined
      ? undefined
      : `You start with a 30-day pilot that ends on ${input.pilotEndsAt.slice(0, 10)}; keep posting and selling to stay on.`;
  const title = `Welcome to ${input.partnerName}, ${input.displayName}!`;
  const body = html`<p>Your TikTok Shop creator account <strong>@${input.handle}</strong> is now active with ${input.partnerName}.</p>
${pilot === undefined ? '' : html`<p style="background:#fff7e6;padding:10px 12px;border-radius:6px">${pilot}</p>`}
<h2 style="font-size:16px;margin:20px 0 4px 0">${plan.title}</h2>${list(plan.items)}
<h2 style="font-size:16px;margin:20px 0 4px 0">The policy basics</h2>${list(POLICY_BASICS)}
<p>Questions? Reply to this email and your agency will help.</p>`;
  const text = [
    title,
    '',
    `Your TikTok Shop creator account @${input.handle} is now active with ${input.partnerName}.`,
    ...(pilot === undefined ? [] : ['', pilot]),
    '',
    `${plan.title}:`,
    textList(plan.items),
    '',
    'The policy basics:',
    textList(POLICY_BASICS),
    '',
    'Questions? Reply to this email and your agency will help.',
  ].join('\n');
  return { subject: title, html: emailLayout(title, body), text };
}

export interface RejectionInput {
  readonly displayName: string;
  readonly handle: string;
  readonly partnerName: string;
  readonly reasons: readonly string[];
}

/** The rejection notice: why, in plain words. */
export function renderRejectionEmail(input: RejectionInput): RenderedEmail {
  const title = `Your application with ${input.partnerName}`;
  const reasons = input.reasons.map(reasonInWords);
  const body = html`<p>Hello ${input.displayName},</p>
<p>Thank you for applying to work with ${input.partnerName} as @${input.handle}. We cannot approve your application at this time:</p>
${list(reasons)}
<p>If your situation changes, you are welcome to apply again.</p>`;
  const text = [
    `Hello ${input.displayName},`,
    '',
    `Thank you for applying to work with ${input.partnerName} as @${input.handle}. We cannot approve your application at this time:`,
    textList(reasons),
    '',
    'If your situation changes, you are welcome to apply again.',
  ].join('\n');
  return { subject: title, html: emailLayout(title, body), text };
}

export interface ReviewRequestInput {
  readonly reviewId: string;
  readonly partnerName: string;
  readonly creator: {
    readonly displayName: string;
    readonly handle: string;
    readonly region: string;
    readonly followers: number;
    readonly avgViews: number;
    readonly engagementRate: number;
    readonly gmv30d: string;
  };
  readonly tier: Tier;
  readonly reasons: readonly string[];
  readonly dueAt: string;
  readonly approveUrl: string;
  readonly rejectUrl: string;
  readonly reminder: boolean;
}

/** The review request to one manager: the figures, why a human must decide, and links to confirm pages. */
export function renderReviewRequestEmail(input: ReviewRequestInput): RenderedEmail {
  const { creator } = input;
  const subject = `${input.reminder ? 'Reminder: ' : ''}Review needed: creator @${creator.handle} (${input.reviewId})`;
  const figures: readonly [string, string][] = [
    ['Creator', `${creator.displayName} (@${creator.handle})`],
    ['Region', creator.region],
    ['Followers', creator.followers.toLocaleString('en-US')],
    ['Average views', creator.avgViews.toLocaleString('en-US')],
    ['Engagement rate', `${(creator.engagementRate * 100).toFixed(2)}%`],
    ['GMV, last 30 days', `USD ${creator.gmv30d}`],
    ['Proposed tier', input.tier],
    ['Review id', input.reviewId],
    ['Decide by', input.dueAt],
  ];
  const reasons = input.reasons.map(reasonInWords);
  const button = (label: string, url: string, color: string) =>
    html`<a href="${url}" style="display:inline-block;padding:10px 18px;margin-right:8px;border-radius:6px;background:${color};color:#ffffff;text-decoration:none;font-weight:bold">${label}</a>`;
  const body = html`<p>${input.reminder ? 'This review is still waiting for a decision. ' : ''}A creator applied to ${input.partnerName} and needs a manager's decision:</p>
${list(reasons)}
<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:8px 0 16px 0">${figures.map(
    ([label, value]) =>
      html`<tr><td style="padding:4px 16px 4px 0;color:#6b7280">${label}</td><td style="padding:4px 0"><strong>${value}</strong></td></tr>`,
  )}</table>
<p>${button('Approve…', input.approveUrl, '#15803d')}${button('Reject…', input.rejectUrl, '#b91c1c')}</p>
<p style="font-size:13px;color:#6b7280">Each button opens a confirmation page; nothing is decided until you confirm there. The links are personal to you and work once.</p>`;
  const text = [
    `${input.reminder ? 'REMINDER: ' : ''}A creator applied to ${input.partnerName} and needs a manager's decision:`,
    textList(reasons),
    '',
    ...figures.map(([label, value]) => `${label}: ${value}`),
    '',
    `Approve: ${input.approveUrl}`,
    `Reject: ${input.rejectUrl}`,
    '',
    'Each link opens a confirmation page; nothing is decided until you confirm there.',
  ].join('\n');
  return { subject, html: emailLayout(subject, body), text };
}
