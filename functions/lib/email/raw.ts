import { SendRawEmailCommand } from '@aws-sdk/client-ses';
import { ses } from '#lib/clients/ses.ts';
import { requireEnv } from '#lib/config.ts';
import { type EmailMessage, emailProblem, MAX_MESSAGE_BYTES } from '#lib/email/send.ts';
import { BusinessRuleError, isTransient, TransientError } from '#lib/workflows/errors.ts';

export interface EmailAttachment {
  /** Plain ASCII file name; the MIME library encodes anything else. */
  readonly filename: string;
  readonly contentType: string;
  readonly content: string | Buffer;
}

export interface RawEmailMessage extends EmailMessage {
  readonly attachments: readonly EmailAttachment[];
  /** Extra headers (`X-...`), e.g. to correlate a message with its business id. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Builds the MIME message (multipart/mixed: text and HTML alternatives, then the attachments) with nodemailer's
 * MailComposer: headers encoded per RFC 2047, bodies per RFC 2045, boundaries chosen by the library, not by hand.
 */
export async function composeRawEmail(message: RawEmailMessage, from: string): Promise<Buffer> {
  // Loaded on first use, not at init: nodemailer is ~138 KB minified (76 KB of it an extension-to-MIME-type table
  // PartnerFlow never needs, as it names every content type), over the 150 KB budget of a function's init code
  // (test/infra/bundle-size.test.ts). A container that sends pays this import once, on its first message.
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  return new MailComposer({
    from,
    to: [...message.to],
    ...(message.replyTo === undefined ? {} : { replyTo: [...message.replyTo] }),
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: { ...message.headers },
    attachments: message.attachments.map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: attachment.content,
    })),
  })
    .compile()
    .build();
}

/** Extra headers are `X-` names only, so none can replace From, To, Bcc or the MIME structure. */
const EXTRA_HEADER_NAME = /^X-[A-Za-z0-9-]{1,60}$/;
/** What a header value or an attachment's name may hold: one printable line (no CR/LF to inject headers). */
const ONE_LINE = /^[^\p{Cc}\p{Zl}\p{Zp}]{1,200}$/u;

/** What `emailProblem` cannot see in a raw message: its extra headers and its attachments' names. */
export function rawEmailProblem(message: RawEmailMessage): string | undefined {
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (!EXTRA_HEADER_NAME.test(name)) return 'a header that is not an X- header';
    if (!ONE_LINE.test(value)) return `a bad value in header ${name}`;
  }
  if (message.attachments.some((attachment) => !ONE_LINE.test(attachment.filename)))
    return 'an attachment name with control characters';
  return undefined;
}

/**
 * Sends a message with attachments through SES SendRawEmail (the one SES client), after the same checks as
 * `sendEmail` plus SES's 10 MB limit on the whole raw message. Throttling and 5xx become
 * `PartnerFlow.Transient`; a rejected message is `PartnerFlow.EmailRejected`.
 */
export async function sendRawEmail(message: RawEmailMessage): Promise<{ messageId: string }> {
  const problem = emailProblem(message) ?? rawEmailProblem(message);
  if (problem !== undefined)
    throw new BusinessRuleError('EmailRejected', `The email was not sent: ${problem}`);
  const source = requireEnv('SENDER_EMAIL');
  const raw = await composeRawEmail(message, source);
  if (raw.byteLength > MAX_MESSAGE_BYTES) {
    throw new BusinessRuleError('EmailRejected', 'The email was not sent: a message over 10 MB');
  }
  try {
    const result = await ses.send(
      new SendRawEmailCommand({
        Source: source,
        Destinations: [...message.to],
        RawMessage: { Data: raw },
      }),
    );
    return { messageId: result.MessageId ?? '' };
  } catch (error) {
    if (isTransient(error)) throw new TransientError(`SES is unavailable: ${(error as Error).name}`);
    if ((error as Error).name === 'MessageRejected') {
      throw new BusinessRuleError('EmailRejected', 'SES rejected the email');
    }
    throw error;
  }
}
