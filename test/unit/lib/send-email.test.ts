import { MessageRejected, SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { emailProblem, MAX_RECIPIENTS, sendEmail } from '#lib/email/send.ts';

const ses = mockClient(SESClient);
const message = { to: ['ann@example.com'], subject: 'Hello', html: '<p>Hi</p>', text: 'Hi' };

beforeAll(() => {
  process.env.SENDER_EMAIL = 'no-reply@partnerflow.test';
});
afterEach(() => ses.reset());

describe('sendEmail', () => {
  it('sends HTML and text from the configured sender', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    await expect(sendEmail(message)).resolves.toEqual({ messageId: 'm-1' });
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.Source).toBe('no-reply@partnerflow.test');
    expect(input?.Message?.Body?.Text?.Data).toBe('Hi');
  });

  it('turns SES throttling into PartnerFlow.Transient so the workflow retries it', async () => {
    const throttled = Object.assign(new Error('Maximum sending rate exceeded.'), {
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 },
    });
    ses.on(SendEmailCommand).rejects(throttled);
    await expect(sendEmail(message)).rejects.toMatchObject({ name: 'PartnerFlow.Transient' });
  });

  it('turns an SES 503 into PartnerFlow.Transient', async () => {
    ses.on(SendEmailCommand).rejects(
      Object.assign(new Error('unavailable'), {
        name: 'ServiceUnavailable',
        $metadata: { httpStatusCode: 503 },
      }),
    );
    await expect(sendEmail(message)).rejects.toMatchObject({ name: 'PartnerFlow.Transient' });
  });

  it('does not retry a message SES rejected', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(new MessageRejected({ message: 'Email address is not verified.', $metadata: {} }));
    await expect(sendEmail(message)).rejects.toMatchObject({ name: 'PartnerFlow.EmailRejected' });
  });

  it('refuses what SES would refuse, before calling it', async () => {
    const tooMany = Array.from({ length: MAX_RECIPIENTS + 1 }, (_, index) => `r${index}@example.com`);
    expect(emailProblem({ ...message, to: tooMany })).toBe(`more than ${MAX_RECIPIENTS} recipients`);
    expect(emailProblem({ ...message, to: ['not-an-address'] })).toBe('an invalid address');
    expect(emailProblem({ ...message, to: ['a@example.com\r\nBcc: x@evil.test'] })).toBe(
      'an invalid address',
    );
    expect(emailProblem({ ...message, subject: 'Hi\r\nBcc: x@evil.test' })).toBe(
      'control characters in the subject',
    );
    expect(emailProblem({ ...message, to: [] })).toBe('no recipient');
    await expect(sendEmail({ ...message, to: tooMany })).rejects.toMatchObject({
      name: 'PartnerFlow.EmailRejected',
    });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});
