/**
 * What happens to a report that could not be sent: the rules, with no AWS in them.
 *
 * A report whose sending certainly did not happen (the build failed, SES refused or throttled until the
 * workflow's retries ran out) is FAILED and tried again by later runs of the sweep, with a growing pause,
 * for up to a day. A report whose sending may have happened (the function timed out or crashed while SES was
 * being called) is UNCERTAIN: sending it again might send it twice, so it waits for a person (`resend`).
 * Either way the execution ends failed, which raises the workflow's failure alarm.
 */

export type FailureStatus = 'FAILED' | 'UNCERTAIN';

/** Step Functions' Catch output. */
export interface CaughtError {
  readonly Error: string;
  readonly Cause?: string;
}

/** Errors that mean Lambda never ran the function (the request was refused before it started). */
const NOT_INVOKED = new Set([
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
]);

/** Whether a failure of the send step leaves the email certainly unsent (FAILED) or possibly sent (UNCERTAIN). */
export function sendFailureStatus(error: CaughtError): FailureStatus {
  if (error.Error.startsWith('PartnerFlow.') || NOT_INVOKED.has(error.Error)) return 'FAILED';
  return 'UNCERTAIN';
}

/** SES refused the message itself (bad addresses, content): trying again later cannot help. */
export const isPermanentFailure = (error: CaughtError): boolean =>
  error.Error === 'PartnerFlow.EmailRejected';

export const RETRY_FIRST_DELAY_MINUTES = 15;
export const RETRY_MAX_ATTEMPTS = 6;
export const RETRY_WINDOW_HOURS = 24;

/**
 * When the sweep should try a FAILED report again: 15, 30, 60, 120 minutes… after the failure, while the
 * report has had fewer than 6 attempts and its first failure is less than a day old; undefined when it
 * should not be tried again automatically.
 */
export function nextAttemptAt(attempts: number, firstFailedAt: Date, failedAt: Date): Date | undefined {
  if (attempts >= RETRY_MAX_ATTEMPTS) return undefined;
  const delayMinutes = RETRY_FIRST_DELAY_MINUTES * 2 ** Math.max(0, attempts - 1);
  const next = new Date(failedAt.getTime() + delayMinutes * 60_000);
  const deadline = firstFailedAt.getTime() + RETRY_WINDOW_HOURS * 3_600_000;
  return next.getTime() > deadline ? undefined : next;
}
