import { type NoticeKind, renderViolationNotice } from '#functions/violations/emails.ts';
import { loadSubject } from '#functions/violations/subjects.ts';
import type { ViolationContext, ViolationState } from '#functions/violations/tasks/state.ts';
import type { EmailMessage } from '#lib/email/send.ts';
import type { Violation, ViolationActionName } from '#lib/repositories/violations.ts';

const NOTICE_MOMENTS = ['decision', 'interim', 'appeal', 'term-end'] as const;

/** Which notice a Notify state sends (its `args.notice`). */
export type NoticeMoment = (typeof NOTICE_MOMENTS)[number];

/** The moment a state names; a name this code does not know is a definition error, not a silent default. */
export function noticeMomentOf(name: string | undefined): NoticeMoment {
  const moment = NOTICE_MOMENTS.find((candidate) => candidate === (name ?? 'decision'));
  if (moment === undefined) throw new Error(`Unknown notice '${String(name)}'`);
  return moment;
}

const NOTICE_OF_ACTION: Readonly<Record<ViolationActionName, NoticeKind>> = {
  WARNING: 'warning',
  RESTRICTION: 'restriction',
  SUSPENSION: 'suspension',
  BAN: 'ban',
};

/** The notice a moment calls for, from the violation's record; undefined when there is nothing to tell. */
export function noticeKindFor(
  violation: Violation,
  moment: NoticeMoment,
  state: ViolationState,
): NoticeKind | undefined {
  switch (moment) {
    case 'interim':
      return violation.enforcement?.interim === true && violation.enforcement.state === 'ACTIVE'
        ? 'interim-suspension'
        : undefined;
    case 'decision':
      if (violation.status === 'CONFIRMED' && violation.confirmation !== undefined) {
        return NOTICE_OF_ACTION[violation.confirmation.action];
      }
      return violation.status === 'DISMISSED' && violation.enforcement?.state === 'LIFTED'
        ? 'suspension-lifted'
        : undefined;
    case 'appeal':
      if (violation.appeal?.status === 'UPHELD') return 'appeal-upheld';
      return violation.appeal?.status === 'OVERTURNED' ? 'appeal-overturned' : undefined;
    case 'term-end':
      return state.termEnd?.lifted === true ? 'enforcement-ended' : undefined;
  }
}

function appealDeadlineOf(violation: Violation, now: Date): string | undefined {
  const deadline = violation.confirmation?.appealDeadline;
  const open =
    violation.status === 'CONFIRMED' &&
    violation.appeal === undefined &&
    violation.appealWindowClosedAt === undefined &&
    deadline !== undefined &&
    deadline > now.toISOString();
  return open ? deadline : undefined;
}

/** The notice to send now, addressed to the subject with replies going to the agency; undefined for none. */
export async function noticeFor(
  violation: Violation,
  context: ViolationContext,
  state: ViolationState,
  moment: NoticeMoment,
): Promise<{ readonly kind: NoticeKind; readonly message: EmailMessage } | undefined> {
  const kind = noticeKindFor(violation, moment, state);
  if (kind === undefined) return undefined;
  const subject = await loadSubject(violation.subject);
  if (subject === undefined) return undefined;
  const appealDeadline = moment === 'decision' ? appealDeadlineOf(violation, new Date()) : undefined;
  const rendered = renderViolationNotice({
    kind,
    violationId: violation.violationId,
    displayName: subject.displayName,
    subjectName: subject.name,
    partnerName: context.partner.name,
    policy: violation.policy,
    occurredAt: violation.occurredAt,
    ...(violation.enforcement?.endsAt === undefined || kind === 'interim-suspension'
      ? {}
      : { endsAt: violation.enforcement.endsAt }),
    ...(violation.enforcement === undefined ? {} : { endedStatus: violation.enforcement.status }),
    ...(moment === 'decision' && violation.confirmation !== undefined
      ? { strikesInWindow: violation.confirmation.strikesInWindow }
      : {}),
    strikeWindowDays: context.policy.strikeWindowDays,
    banAtStrikes: context.policy.banAtStrikes,
    ...(appealDeadline === undefined ? {} : { appealDeadline }),
  });
  return {
    kind,
    message: {
      to: [subject.email],
      ...(context.partner.managerEmails.length === 0 ? {} : { replyTo: context.partner.managerEmails }),
      ...rendered,
    },
  };
}
