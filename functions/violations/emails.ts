import { POLICIES, POLICY_WORDS, type PolicyName } from '#functions/violations/domain/policies.ts';
import { emailLayout, html, type SafeHtml } from '#lib/email/html.ts';

export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

/** What a notice tells the subject: the action taken, or how it ended. */
export type NoticeKind =
  | 'warning'
  | 'restriction'
  | 'suspension'
  | 'ban'
  | 'interim-suspension'
  | 'suspension-lifted'
  | 'enforcement-ended'
  | 'appeal-upheld'
  | 'appeal-overturned';

export interface NoticeInput {
  readonly kind: NoticeKind;
  readonly violationId: string;
  readonly displayName: string;
  readonly subjectName: string;
  readonly partnerName: string;
  readonly policy: string;
  readonly occurredAt: string;
  /** RESTRICTED, SUSPENDED: the end of the enforcement; absent for a ban or an interim suspension. */
  readonly endsAt?: string;
  readonly endedStatus?: string;
  readonly strikesInWindow?: number;
  readonly strikeWindowDays: number;
  readonly banAtStrikes: number;
  /** Present when the subject may still appeal. */
  readonly appealDeadline?: string;
}

const isPolicy = (policy: string): policy is PolicyName => (POLICIES as readonly string[]).includes(policy);

/** The policy's title and its rule in plain words; an unknown name reads as "a TikTok Shop policy". */
export function policyInWords(policy: string) {
  return POLICY_WORDS[isPolicy(policy) ? policy : 'other'];
}

const day = (iso: string) => iso.slice(0, 10);
const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

interface NoticeText {
  readonly subject: string;
  readonly headline: string;
  readonly consequence: readonly string[];
}

function noticeText(input: NoticeInput): NoticeText {
  const until = input.endsAt === undefined ? '' : ` until ${minute(input.endsAt)}`;
  switch (input.kind) {
    case 'warning':
      return {
        subject: `Warning about TikTok Shop policy: ${policyInWords(input.policy).title}`,
        headline: 'This is a warning. Your account is not restricted.',
        consequence: ['Repeated violations lead to restrictions, suspension and, in the end, a ban.'],
      };
    case 'restriction':
      return {
        subject: `Your account ${input.subjectName} is restricted${until}`,
        headline: `Your account is restricted${until}.`,
        consequence: [
          "While restricted, you cannot be invited to new campaigns; a seller's running campaigns are paused.",
          'The restriction ends by itself at that time.',
        ],
      };
    case 'suspension':
      return {
        subject: `Your account ${input.subjectName} is suspended${until}`,
        headline: `Your account is suspended${until}.`,
        consequence: [
          'While suspended, your campaigns are paused and you cannot be invited to new ones.',
          'The suspension ends by itself at that time, and paused campaigns resume.',
        ],
      };
    case 'ban':
      return {
        subject: `Your account ${input.subjectName} is banned`,
        headline: 'Your account is banned from campaigns managed by your agency.',
        consequence: [
          'Your campaigns are stopped. TikTok Shop removes e-commerce access at six confirmed violations.',
        ],
      };
    case 'interim-suspension':
      return {
        subject: `Your account ${input.subjectName} is suspended while a report is reviewed`,
        headline: 'A serious report was made about your account. It is suspended while a manager reviews it.',
        consequence: [
          'Your campaigns are paused meanwhile. You will hear from us as soon as the review is done.',
        ],
      };
    case 'suspension-lifted':
      return {
        subject: `The suspension of ${input.subjectName} is lifted`,
        headline: 'A manager reviewed the report and lifted the suspension. No strike was counted.',
        consequence: ['Your account is active again and paused campaigns resume.'],
      };
    case 'enforcement-ended':
      return {
        subject: `The ${input.endedStatus === 'SUSPENDED' ? 'suspension' : 'restriction'} of ${input.subjectName} has ended`,
        headline: `Your account's ${input.endedStatus === 'SUSPENDED' ? 'suspension' : 'restriction'} has ended.`,
        consequence: ['Paused campaigns resume. The strike still counts for the rest of its period.'],
      };
    case 'appeal-upheld':
      return {
        subject: `Your appeal for ${input.subjectName} was reviewed: the decision stands`,
        headline: 'A manager reviewed your appeal and upheld the decision.',
        consequence: ['The action and the strike stand.'],
      };
    case 'appeal-overturned':
      return {
        subject: `Your appeal for ${input.subjectName} was successful`,
        headline: 'A manager reviewed your appeal and overturned the decision.',
        consequence: ['The strike is removed, your account is restored and paused campaigns resume.'],
      };
  }
}

function strikeLine(input: NoticeInput): string | undefined {
  if (input.strikesInWindow === undefined) return undefined;
  return `This is strike ${input.strikesInWindow} of ${input.banAtStrikes} in ${input.strikeWindowDays} days. At ${input.banAtStrikes} confirmed violations within ${input.strikeWindowDays} days, the account is banned.`;
}

function appealLines(input: NoticeInput): readonly string[] {
  if (input.appealDeadline === undefined) return [];
  return [
    `If you believe this decision is wrong, you can appeal until ${minute(input.appealDeadline)}.`,
    `Reply to this email with your side of the story: it reaches ${input.partnerName}, who files the appeal for you. Quote the reference ${input.violationId}.`,
    'A manager reviews every appeal. If it succeeds, the strike is removed, your status restored and paused campaigns resumed.',
  ];
}

const paragraph = (text: string) => html`<p>${text}</p>`;
const section = (title: string, body: SafeHtml) =>
  html`<h2 style="font-size:16px;margin:20px 0 4px 0">${title}</h2>${body}`;

/**
 * The notice to a creator or seller: what happened, the policy in plain words, the action and its end, the
 * strike count and how to appeal. Replies go to the agency (the caller sets Reply-To).
 */
export function renderViolationNotice(input: NoticeInput): RenderedEmail {
  const text = noticeText(input);
  const words = policyInWords(input.policy);
  const strikes = strikeLine(input);
  const appeal = appealLines(input);
  const report = `A report dated ${day(input.occurredAt)} concerns the TikTok Shop policy "${words.title}" (reference ${input.violationId}).`;
  const body = html`<p>Hello ${input.displayName},</p>
${paragraph(report)}
<p style="background:#fff7e6;padding:10px 12px;border-radius:6px"><strong>${text.headline}</strong></p>
${text.consequence.map(paragraph)}
${section('The policy, in plain words', paragraph(words.rule))}
${strikes === undefined ? '' : paragraph(strikes)}
${appeal.length === 0 ? '' : section('How to appeal', html`${appeal.map(paragraph)}`)}
<p>Questions? Reply to this email and ${input.partnerName} will help.</p>`;
  const lines = [
    `Hello ${input.displayName},`,
    '',
    report,
    '',
    text.headline,
    ...text.consequence,
    '',
    'The policy, in plain words:',
    `  ${words.rule}`,
    ...(strikes === undefined ? [] : ['', strikes]),
    ...(appeal.length === 0 ? [] : ['', 'How to appeal:', ...appeal.map((line) => `  ${line}`)]),
    '',
    `Questions? Reply to this email and ${input.partnerName} will help.`,
  ];
  return { subject: text.subject, html: emailLayout(text.subject, body), text: lines.join('\n') };
}

export interface ReviewEmailInput {
  readonly kind: 'violation' | 'appeal';
  readonly reviewId: string;
  readonly partnerName: string;
  readonly subjectName: string;
  readonly policy: string;
  readonly figures: readonly (readonly [string, string])[];
  readonly ifApproved: string;
  readonly ifRejected: string;
  readonly statement?: string;
  /** The report's evidence: URLs and text, shown as text (never as links a mail client would follow). */
  readonly evidence: readonly string[];
  readonly dueAt: string;
  readonly approveUrl: string;
  readonly rejectUrl: string;
  readonly reminder: boolean;
}

/** The review request to one manager: the report (or appeal), what each decision does, and confirm links. */
export function renderViolationReviewEmail(input: ReviewEmailInput): RenderedEmail {
  const what = input.kind === 'appeal' ? 'Appeal' : 'Violation';
  const subject = `${input.reminder ? 'Reminder: ' : ''}${what} review needed: ${input.subjectName} (${input.reviewId})`;
  const words = policyInWords(input.policy);
  const intro =
    input.kind === 'appeal'
      ? `${input.subjectName} appealed a decision about the policy "${words.title}". A manager of ${input.partnerName} decides:`
      : `A report about ${input.subjectName} under the policy "${words.title}" needs a manager of ${input.partnerName} to decide:`;
  const button = (label: string, url: string, color: string) =>
    html`<a href="${url}" style="display:inline-block;padding:10px 18px;margin-right:8px;border-radius:6px;background:${color};color:#ffffff;text-decoration:none;font-weight:bold">${label}</a>`;
  const figures = [...input.figures, ['Decide by', minute(input.dueAt)] as const];
  const evidence =
    input.evidence.length === 0
      ? html``
      : section(
          'Evidence',
          html`<ul style="padding-left:20px;margin:8px 0 16px 0">${input.evidence.map((item) => html`<li style="margin:4px 0;word-break:break-all">${item}</li>`)}</ul>`,
        );
  const body = html`<p>${input.reminder ? 'This review is past its deadline and still waiting for a decision. ' : ''}${intro}</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:8px 0 16px 0">${figures.map(
    ([label, value]) =>
      html`<tr><td style="padding:4px 16px 4px 0;color:#6b7280">${label}</td><td style="padding:4px 0"><strong>${value}</strong></td></tr>`,
  )}</table>
${evidence}
${input.statement === undefined ? '' : section('The appeal, in their words', html`<blockquote style="margin:0;padding:8px 12px;border-left:3px solid #d1d5db">${input.statement}</blockquote>`)}
<p><strong>Approve:</strong> ${input.ifApproved}<br><strong>Reject:</strong> ${input.ifRejected}</p>
<p>${button('Approve…', input.approveUrl, '#15803d')}${button('Reject…', input.rejectUrl, '#b91c1c')}</p>
<p style="font-size:13px;color:#6b7280">Each button opens a confirmation page; nothing is decided until you confirm there. The links are personal to you.</p>`;
  const text = [
    `${input.reminder ? 'REMINDER (past its deadline): ' : ''}${intro}`,
    '',
    ...figures.map(([label, value]) => `${label}: ${value}`),
    ...(input.evidence.length === 0 ? [] : ['', 'Evidence:', ...input.evidence.map((item) => `  - ${item}`)]),
    ...(input.statement === undefined ? [] : ['', 'The appeal, in their words:', input.statement]),
    '',
    `Approve: ${input.ifApproved}`,
    `  ${input.approveUrl}`,
    `Reject: ${input.ifRejected}`,
    `  ${input.rejectUrl}`,
    '',
    'Each link opens a confirmation page; nothing is decided until you confirm there.',
  ].join('\n');
  return { subject, html: emailLayout(subject, body), text };
}

export interface EscalationEmailInput {
  readonly kind: 'violation' | 'appeal';
  readonly reviewId: string;
  readonly partnerName: string;
  readonly subjectName: string;
  readonly dueAt: string;
  readonly defaultOutcome: string;
}

/** To the escalation contacts: a review missed its SLA; what happens if nobody decides in the extra time. */
export function renderEscalationEmail(input: EscalationEmailInput): RenderedEmail {
  const subject = `Review past its SLA: ${input.subjectName} (${input.reviewId})`;
  const lines = [
    `The ${input.kind === 'appeal' ? 'appeal' : 'violation'} review ${input.reviewId} about ${input.subjectName} for ${input.partnerName} was not decided within its SLA.`,
    `The managers were reminded. If nobody decides by ${minute(input.dueAt)}, the policy's default applies: ${input.defaultOutcome}.`,
    'Managers decide it from their email or with POST /v1/reviews/{reviewId}/decision.',
  ];
  return {
    subject,
    html: emailLayout(subject, html`${lines.map(paragraph)}`),
    text: lines.join('\n\n'),
  };
}
