import { createHash } from 'node:crypto';
import { html, SafeHtml } from '#lib/email/html.ts';
import type { ApiResult, ErrorResult } from '#lib/http/api-handler.ts';
import type { Review, ReviewDecision } from '#lib/repositories/reviews.ts';

const STYLE = `body{margin:0;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1f2328}
main{max-width:560px;margin:32px auto;background:#fff;border-radius:8px;padding:24px 28px;line-height:1.5}
h1{font-size:20px;margin:0 0 16px}dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}
dt{color:#6b7280}dd{margin:0}fieldset{border:0;padding:0;margin:16px 0}label{display:block;margin:6px 0}
input[type=text]{width:100%;box-sizing:border-box;padding:8px;font-size:15px}
button{margin-top:16px;padding:10px 18px;font-size:15px;background:#111827;color:#fff;border:0;border-radius:6px}`;

/**
 * No scripts, no remote resources, the form may only post back here; the token in the URL never leaves as a
 * referrer. The one inline style is allowed by its hash.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'x-robots-tag': 'noindex, nofollow',
  'cache-control': 'no-store',
};

function page(
  statusCode: number,
  title: string,
  body: SafeHtml,
  headers: Readonly<Record<string, string>> = {},
): ApiResult {
  const text = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · PartnerFlow</title><style>${new SafeHtml(STYLE)}</style></head>
<body><main><h1>${title}</h1>
${body}
</main></body></html>`.value;
  return {
    statusCode,
    headers: { ...headers, ...SECURITY_HEADERS },
    rawBody: { contentType: 'text/html; charset=utf-8', text },
  };
}

const DECISION_WORDS: Readonly<Record<ReviewDecision, string>> = { approve: 'Approve', reject: 'Reject' };
const STATUS_WORDS: Readonly<Record<Review['status'], string>> = {
  PENDING: 'waiting for a decision',
  APPROVED: 'approved',
  REJECTED: 'rejected',
  EXPIRED: 'closed: nobody decided in time',
};

function summaryRows(review: Review): SafeHtml {
  const rows: [string, string][] = [
    ['Review', review.reviewId],
    ['About', `${review.subject.type} ${review.subject.id}`],
    ...Object.entries(review.summary)
      .filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value))
      .map(([key, value]): [string, string] => [key, String(value)]),
    ['Why a person decides', review.reasons.join(', ')],
    ['Decide by', review.dueAt],
  ];
  return html`<dl>${rows.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>`;
}

/** The page a review link opens: the review and a form whose button POSTs the decision (a GET never decides). */
export function confirmationFormPage(
  review: Review,
  token: string,
  preselected: ReviewDecision | undefined,
): ApiResult {
  const option = (decision: ReviewDecision) =>
    preselected === decision
      ? html`<label><input type="radio" name="decision" value="${decision}" required checked> ${DECISION_WORDS[decision]}</label>`
      : html`<label><input type="radio" name="decision" value="${decision}" required> ${DECISION_WORDS[decision]}</label>`;
  return page(
    200,
    'Confirm your decision',
    html`${summaryRows(review)}
<form method="post" action="confirm">
<input type="hidden" name="token" value="${token}">
<fieldset><legend>Decision</legend>${option('approve')}${option('reject')}</fieldset>
<label for="reason">Reason (shown in the audit trail)</label>
<input type="text" id="reason" name="reason" required maxlength="500" autocomplete="off">
<button type="submit">Confirm decision</button>
</form>`,
  );
}

/** The answer once a decision is recorded and the workflow resumed. */
export function decisionRecordedPage(review: Review): ApiResult {
  return page(
    200,
    'Decision recorded',
    html`<p>Review ${review.reviewId} is now ${STATUS_WORDS[review.status]}. The workflow has resumed; you can close this page.</p>`,
  );
}

/** A review that is no longer pending: the link has done its one job. */
export function alreadyDecidedPage(review: Review, statusCode: number): ApiResult {
  return page(
    statusCode,
    'Already decided',
    html`<p>Review ${review.reviewId} is already ${STATUS_WORDS[review.status]}; this link cannot change it.</p>`,
  );
}

/** Recorded after the review had timed out: kept, but the workflow no longer waited for it. */
export function tooLatePage(review: Review): ApiResult {
  return page(
    409,
    'The review had timed out',
    html`<p>Your decision on review ${review.reviewId} was recorded, but the review had already timed out, so the workflow did not wait for it.</p>`,
  );
}

/** Any failure (bad link, bad form, not found, 500) as a page with the same status and escaped message. */
export function errorPage(failure: ErrorResult): ApiResult {
  const { message, details } = failure.body.error;
  return page(
    failure.statusCode,
    failure.statusCode >= 500 ? 'Something went wrong' : 'This link cannot be used',
    html`<p>${message}</p>${details.length === 0 ? '' : html`<ul>${details.map((detail) => html`<li>${detail.path}: ${detail.issue}</li>`)}</ul>`}`,
    failure.headers,
  );
}
