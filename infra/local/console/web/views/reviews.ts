import { formatUtc } from '#infra/ops/format.ts';
import { announce, h, replaceChildren, statusBadge } from '../dom.ts';
import { CallFailed, type ConsoleConfig, partnerflowApi, type Review } from '../http.ts';
import type { View } from '../view.ts';
import { executionHref } from './executions.ts';

const STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'EXPIRED'];

const executionArnOf = (config: ConsoleConfig, review: Review): string | undefined => {
  const workflow = config.workflows.find((candidate) => candidate.name === review.workflow);
  return workflow === undefined
    ? undefined
    : `${workflow.stateMachineArn.replace(':stateMachine:', ':execution:')}:${review.executionId}`;
};

/** The review's summary (handle, tier, figures...) as more facts of the same list. */
function summaryFacts(summary: Readonly<Record<string, unknown>>): HTMLElement[] {
  return Object.entries(summary).flatMap(([name, value]) => [
    h('dt', {}, name),
    h('dd', {}, typeof value === 'object' ? JSON.stringify(value) : String(value)),
  ]);
}

/**
 * One review as a card; a pending one carries its decision form (a reason is required, as the API requires).
 * The decision goes through PartnerFlow's API, which records it once and resumes the workflow.
 */
export function reviewCard(
  config: ConsoleConfig,
  review: Review,
  onDecided: (review: Review) => void,
): HTMLElement {
  const overdue = review.status === 'PENDING' && new Date(review.dueAt).getTime() < Date.now();
  const arn = executionArnOf(config, review);
  const reasonId = `reason-${review.reviewId}`;
  const reason = h('textarea', {
    id: reasonId,
    name: 'reason',
    rows: 2,
    maxlength: 500,
    required: true,
    placeholder: 'Why (the creator and the audit trail see this)',
  });
  const message = h('p', { class: 'form-message', role: 'alert' });
  const decide = async (decision: 'approve' | 'reject') => {
    if (reason.value.trim() === '') {
      message.textContent = 'Give a reason first.';
      reason.focus();
      return;
    }
    for (const button of form.querySelectorAll('button')) button.disabled = true;
    try {
      const decided = await partnerflowApi.decideReview(review.reviewId, decision, reason.value.trim());
      announce(`Review ${review.reviewId} ${decided.status.toLowerCase()}`);
      onDecided(decided);
    } catch (error) {
      message.textContent = error instanceof CallFailed ? error.message : 'The decision could not be sent.';
      for (const button of form.querySelectorAll('button')) button.disabled = false;
    }
  };
  const form = h(
    'form',
    { class: 'decision', onsubmit: (event: Event) => event.preventDefault() },
    h('label', { for: reasonId }, 'Reason'),
    reason,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'approve', onclick: () => void decide('approve') }, 'Approve'),
      h('button', { type: 'button', class: 'reject', onclick: () => void decide('reject') }, 'Reject'),
    ),
    message,
  );
  return h(
    'article',
    {
      class: `card review${overdue ? ' overdue' : ''}`,
      'data-review': review.reviewId,
      'aria-labelledby': `title-${review.reviewId}`,
    },
    h(
      'header',
      {},
      h('h3', { id: `title-${review.reviewId}` }, `${review.subject.type} ${review.subject.id}`),
      statusBadge(review.status),
      overdue ? h('span', { class: 'badge status-failed' }, 'past SLA') : undefined,
    ),
    h(
      'dl',
      { class: 'facts compact' },
      h('dt', {}, 'Review'),
      h('dd', { class: 'mono' }, review.reviewId),
      h('dt', {}, 'Partner'),
      h('dd', {}, review.partnerId),
      h('dt', {}, 'Workflow'),
      h(
        'dd',
        {},
        arn === undefined
          ? review.workflow
          : h('a', { href: executionHref(arn) }, `${review.workflow} execution`),
      ),
      h('dt', {}, 'Due'),
      h('dd', {}, h('time', { datetime: review.dueAt }, formatUtc(new Date(review.dueAt)))),
      h('dt', {}, 'Reasons'),
      h('dd', {}, review.reasons.join(', ') || '—'),
      review.decision === undefined ? undefined : h('dt', {}, 'Decision'),
      review.decision === undefined
        ? undefined
        : h('dd', {}, `${review.decision} by ${review.decidedBy ?? '?'}: ${review.decisionReason ?? ''}`),
      ...summaryFacts(review.summary),
    ),
    review.status === 'PENDING' ? form : undefined,
  );
}

/** Reviews across every partner, by status (pending first, soonest due first), decided right here. */
export function reviewsView(config: ConsoleConfig, params: { readonly status?: string }): View {
  const status = params.status && STATUSES.includes(params.status) ? params.status : 'PENDING';
  const list = h('div', { class: 'cards', id: 'reviews' });
  const more = h('button', { type: 'button', hidden: true }, 'More reviews');
  let cursor: string | undefined;

  const show = (reviews: readonly Review[]) => {
    for (const review of reviews) {
      list.append(
        reviewCard(config, review, (decided) => {
          const card = list.querySelector(`[data-review="${CSS.escape(decided.reviewId)}"]`);
          card?.replaceWith(reviewCard(config, decided, () => undefined));
        }),
      );
    }
    if (list.childElementCount === 0)
      list.append(h('p', { class: 'empty' }, `No ${status.toLowerCase()} reviews.`));
  };
  const load = async () => {
    const page = await partnerflowApi.listReviews(status, cursor === undefined ? {} : { cursor });
    cursor = page.nextCursor;
    more.hidden = cursor === undefined;
    show(page.items);
  };
  more.addEventListener('click', () => void load());

  const select = h(
    'select',
    {
      id: 'review-status',
      onchange: (event: Event) => {
        location.hash = `#/reviews?status=${(event.target as HTMLSelectElement).value}`;
      },
    },
    ...STATUSES.map((value) => h('option', { value, selected: value === status }, value.toLowerCase())),
  );
  return {
    title: 'Reviews',
    async mount(main) {
      replaceChildren(
        main,
        h('h1', { tabindex: '-1' }, 'Reviews'),
        h(
          'div',
          { class: 'filters' },
          h('div', { class: 'field' }, h('label', { for: 'review-status' }, 'Status'), select),
        ),
        list,
        more,
      );
      await load();
    },
    unmount() {},
  };
}
