import {
  CommandFailure,
  type CommandGroup,
  parseCommandArgs,
  required,
  type Subcommand,
  UsageError,
} from '#cli/command.ts';
import { apiErrorMessage, callApi } from '#cli/ops/api-client.ts';
import { parseLimit, renderTable } from '#cli/ops/output.ts';
import { formatUtc } from '#infra/ops/format.ts';

const STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'EXPIRED'];
const PAGE_LIMIT = 100;

interface ReviewAnswer {
  readonly reviewId: string;
  readonly partnerId: string;
  readonly workflow: string;
  readonly subject: { readonly type: string; readonly id: string };
  readonly executionId: string;
  readonly status: string;
  readonly reasons: readonly string[];
  readonly dueAt: string;
  readonly decision?: string;
  readonly decisionReason?: string;
  readonly decidedBy?: string;
}

const API_HELP = `Through PartnerFlow's API (PARTNERFLOW_API_URL, the local runtime's http://127.0.0.1:3000 by default; with
--aws the deployed API's URL) with an ops key in PARTNERFLOW_API_KEY: the API checks, records and audits the
decision, and resumes the waiting workflow.`;

const list: Subcommand = {
  name: 'list',
  summary: 'List reviews of every partner (pending by default, soonest due first)',
  help: `Usage: partnerflow reviews list [--status STATUS] [--partner ID] [--limit N] [--json]

Options:
  --status STATUS   ${STATUSES.join(', ')} (default PENDING)
  --partner ID      only this partner's reviews (newest first)
  --limit N         at most N reviews (default 100)
  --json            one JSON array for scripts instead of a table

${API_HELP}`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      status: { type: 'string' },
      partner: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    });
    const status = (values.status ?? 'PENDING').toUpperCase();
    if (!STATUSES.includes(status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
    const limit = parseLimit(values.limit, PAGE_LIMIT, 10_000);
    const reviews: ReviewAnswer[] = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({
        status,
        limit: String(Math.min(PAGE_LIMIT, limit - reviews.length)),
      });
      if (values.partner !== undefined) query.set('partnerId', values.partner);
      if (cursor !== undefined) query.set('cursor', cursor);
      const answer = await callApi<{ items: ReviewAnswer[]; nextCursor?: string }>(
        'GET',
        `/v1/reviews?${query}`,
      );
      if (answer.status !== 200) throw new CommandFailure(apiErrorMessage(answer));
      reviews.push(...answer.body.items);
      cursor = answer.body.nextCursor;
      if (cursor !== undefined) io.progress?.(`Reading reviews: ${reviews.length} so far`);
    } while (cursor !== undefined && reviews.length < limit);
    io.progress?.('');
    if (values.json === true) {
      io.out(JSON.stringify(reviews, null, 2));
      return;
    }
    if (reviews.length === 0) {
      io.out(`No ${status.toLowerCase()} reviews.`);
      return;
    }
    const now = Date.now();
    const rows = reviews.map((review) => [
      review.reviewId,
      review.partnerId,
      `${review.subject.type} ${review.subject.id}`,
      review.status === 'PENDING' && new Date(review.dueAt).getTime() < now
        ? 'PENDING (past SLA)'
        : review.status,
      formatUtc(new Date(review.dueAt)),
      review.reasons.join(', '),
    ]);
    for (const line of renderTable(
      ['REVIEW ID', 'PARTNER', 'SUBJECT', 'STATUS', 'DUE (UTC)', 'REASONS'],
      rows,
    ))
      io.out(line);
  },
};

const decide: Subcommand = {
  name: 'decide',
  summary: 'Approve or reject a pending review',
  help: `Usage: partnerflow reviews decide ID approve|reject --reason TEXT

Decides the review once (a second decision is refused) and resumes the workflow waiting on it.

Options:
  --reason TEXT   why (1-500 characters; the creator and the audit trail see it)

${API_HELP}`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { reason: { type: 'string' } },
      { min: 2, max: 2 },
    );
    const reviewId = required(positionals[0], 'ID');
    const decision = positionals[1];
    if (decision !== 'approve' && decision !== 'reject')
      throw new UsageError(`The decision must be approve or reject, got '${decision}'`);
    const reason = required(values.reason, '--reason');
    const answer = await callApi<ReviewAnswer>(
      'POST',
      `/v1/reviews/${encodeURIComponent(reviewId)}/decision`,
      {
        decision,
        reason,
      },
    );
    if (answer.status === 400) throw new UsageError(apiErrorMessage(answer));
    if (answer.status !== 200) throw new CommandFailure(apiErrorMessage(answer));
    io.out(
      `Review ${answer.body.reviewId} ${answer.body.status.toLowerCase()}; execution ${answer.body.executionId} resumes.`,
    );
  },
};

export const command: CommandGroup = {
  name: 'reviews',
  summary: 'List and decide manager reviews (through the API)',
  subcommands: [list, decide],
};
