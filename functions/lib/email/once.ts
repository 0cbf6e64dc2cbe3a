import { randomUUID } from 'node:crypto';
import { type EmailMessage, emailProblem, sendEmail } from '#lib/email/send.ts';
import { logger } from '#lib/observability.ts';
import { claimDelivery, markDelivered, releaseDelivery } from '#lib/repositories/email-deliveries.ts';
import { BusinessRuleError, TransientError } from '#lib/workflows/errors.ts';

export interface OnceDelivery {
  /** SES's id; empty when an earlier attempt sent it but could not record the id. */
  readonly messageId: string;
  /** False when this call sent it; true when an earlier attempt had (nothing was sent now). */
  readonly alreadySent: boolean;
}

/**
 * Sends `message` at most once per `deliveryKey` (`welcome#<creatorId>`), however often the step is retried or
 * redriven: an attempt claims the delivery before sending and records SES's message id after. A later attempt
 * that finds it SENT, or claimed by an attempt that may have sent it, sends nothing. A send that certainly
 * failed gives the claim back (so the retry sends). The one gap: a process that dies between the claim and the
 * send loses the email rather than sending it twice.
 */
export async function sendEmailOnce(deliveryKey: string, message: EmailMessage): Promise<OnceDelivery> {
  const problem = emailProblem(message);
  if (problem !== undefined)
    throw new BusinessRuleError('EmailRejected', `The email was not sent: ${problem}`);
  const attemptId = randomUUID();
  const claim = await claimDelivery(deliveryKey, attemptId, new Date().toISOString());
  if (!claim.claimed && claim.existing === undefined) {
    // Another attempt gave its claim back between our write and our read: the step's retry claims again.
    throw new TransientError('The email delivery changed hands while being claimed');
  }
  // Our own claim comes back when its write succeeded but the answer was lost and the SDK wrote again.
  if (!claim.claimed && claim.existing?.attemptId !== attemptId) {
    logger.info('Email already sent (or being sent) by an earlier attempt; not sending it again', {
      deliveryKey,
      status: claim.existing?.status,
    });
    return { messageId: claim.existing?.messageId ?? '', alreadySent: true };
  }
  let messageId: string;
  try {
    ({ messageId } = await sendEmail(message));
  } catch (error) {
    try {
      await releaseDelivery(deliveryKey, attemptId);
    } catch (releaseError) {
      logger.error('Could not give back the claim of an email that was not sent; it will not be retried', {
        deliveryKey,
        error: releaseError as Error,
      });
    }
    throw error;
  }
  try {
    await markDelivered(deliveryKey, messageId, new Date().toISOString());
  } catch (error) {
    // Sent all the same: the claim left SENDING keeps any retry from sending it again.
    logger.warn('Email sent, but its delivery record was not updated', {
      deliveryKey,
      error: error as Error,
    });
  }
  return { messageId, alreadySent: false };
}
