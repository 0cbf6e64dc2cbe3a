import { SendEmailCommand } from '@aws-sdk/client-ses';
import { ses } from '#lib/clients/ses.ts';
import { requireEnv } from '#lib/config.ts';
import { isValidEmail } from '#lib/email/addresses.ts';
import { BusinessRuleError, isTransient, TransientError } from '#lib/workflows/errors.ts';

/** SES limits PartnerFlow enforces itself (the local SES validates nothing). */
export const MAX_RECIPIENTS = 50;
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
const MAX_SUBJECT_LENGTH = 200;
const CONTROL_CHARACTERS = /\p{Cc}/u;

export interface EmailMessage {
  readonly to: readonly string[];
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly replyTo?: readonly string[];
}

/** Why a message cannot be sent, or undefined when it can. */
export function emailProblem(message: EmailMessage): string | undefined {
  const recipients = [...message.to, ...(message.replyTo ?? [])];
  if (message.to.length === 0) return 'no recipient';
  if (message.to.length > MAX_RECIPIENTS) return `more than ${MAX_RECIPIENTS} recipients`;
  const invalid = recipients.find((address) => !isValidEmail(address));
  if (invalid !== undefined) return 'an invalid address';
  if (message.subject.length === 0 || message.subject.length > MAX_SUBJECT_LENGTH)
    return 'a subject of bad length';
  if (CONTROL_CHARACTERS.test(message.subject)) return 'control characters in the subject';
  if (Buffer.byteLength(message.html) + Buffer.byteLength(message.text) > MAX_MESSAGE_BYTES)
    return 'a body over 10 MB';
  return undefined;
}

const SENDER = () => requireEnv('SENDER_EMAIL');

/**
 * Sends one message through SES after checking it against SES's limits. Throttling and 5xx become
 * `PartnerFlow.Transient` (retried by the workflow); a rejected message is `PartnerFlow.EmailRejected`.
 */
export async function sendEmail(message: EmailMessage): Promise<{ messageId: string }> {
  const problem = emailProblem(message);
  if (problem !== undefined)
    throw new BusinessRuleError('EmailRejected', `The email was not sent: ${problem}`);
  try {
    const result = await ses.send(
      new SendEmailCommand({
        Source: SENDER(),
        Destination: { ToAddresses: [...message.to] },
        ReplyToAddresses: message.replyTo === undefined ? undefined : [...message.replyTo],
        Message: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: {
            Html: { Data: message.html, Charset: 'UTF-8' },
            Text: { Data: message.text, Charset: 'UTF-8' },
          },
        },
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
