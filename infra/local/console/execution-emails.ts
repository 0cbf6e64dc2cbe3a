import type { CapturedEmail } from '#local/ses.ts';

/** One captured email as the console lists it for an execution: no body (the SES viewer shows it). */
export interface ExecutionEmail {
  readonly messageId: string;
  readonly subject: string;
  readonly to: readonly string[];
  /** ISO 8601. */
  readonly sentAt: string;
  /** The captured message as an .eml file, from the local SES. */
  readonly emlUrl: string;
}

export interface ExecutionFacts {
  readonly businessId: string;
  /** The execution input as JSON text: the addresses it names are the execution's own recipients. */
  readonly input: string;
  readonly startDate: Date;
  readonly stopDate?: Date;
}

const EMAIL_ADDRESS = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** Emails are sent by the tasks, so a little after the last state at most. */
const GRACE_MS = 60_000;

/** The distinctive part of a business id (`cr_7fk2m9q4` → `7fk2m9q4`): review ids and links reuse it. */
const coreOf = (businessId: string) => businessId.replace(/^[a-z]+_/, '');

/**
 * The emails an execution sent: those that name its business id (or its distinctive part, as review ids do),
 * and those sent during the execution to an address its input names (a welcome or rejection email).
 */
export function emailsOfExecution(
  emails: readonly CapturedEmail[],
  execution: ExecutionFacts,
  sesUrl: string,
): ExecutionEmail[] {
  const core = coreOf(execution.businessId);
  const markers = [execution.businessId, ...(core.length >= 8 ? [core] : [])];
  const recipients = new Set(
    (execution.input.match(EMAIL_ADDRESS) ?? []).map((address) => address.toLowerCase()),
  );
  const from = execution.startDate.getTime();
  const until = (execution.stopDate?.getTime() ?? Number.POSITIVE_INFINITY) + GRACE_MS;
  return emails
    .filter((email) => {
      const text = `${email.subject}\n${email.body.text ?? ''}\n${email.body.html ?? ''}`;
      if (markers.some((marker) => text.includes(marker))) return true;
      const sentAt = email.at * 1000;
      const to = [...email.destination.to, ...email.destination.cc].map((address) => address.toLowerCase());
      return sentAt >= from - 1_000 && sentAt <= until && to.some((address) => recipients.has(address));
    })
    .map((email) => ({
      messageId: email.messageId,
      subject: email.subject,
      to: email.destination.to,
      sentAt: new Date(email.at * 1000).toISOString(),
      emlUrl: `${sesUrl}/get-emlContent?messageId=${encodeURIComponent(email.messageId)}`,
    }));
}
