import { SESClient, SendEmailCommand, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { partnerProblems } from '#cli/admin.ts';
import { html } from '#lib/email/html.ts';
import { type RawEmailMessage, sendRawEmail } from '#lib/email/raw.ts';
import { MAX_RECIPIENTS, sendEmail } from '#lib/email/send.ts';

const ses = mockClient(SESClient);
const report: RawEmailMessage = {
  to: ['ana@acme.example'],
  subject: 'PartnerFlow weekly report',
  html: '<p>Figures</p>',
  text: 'Figures',
  headers: { 'X-PartnerFlow-Report': 'acme/2026-W45' },
  attachments: [{ filename: 'acme-2026-W45.csv', contentType: 'text/csv', content: 'a,b\n1,2\n' }],
};
const addresses = (count: number) => Array.from({ length: count }, (_, index) => `m${index}@acme.example`);

beforeAll(() => {
  process.env.SENDER_EMAIL = 'no-reply@partnerflow.test';
});
afterEach(() => ses.reset());

describe('email safety: what reaches SES', () => {
  it('sends a raw message (the weekly report path) to at most 50 recipients, and refuses 51 before calling SES', async () => {
    // Arrange
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'raw-1' });

    // Act
    const fifty = await sendRawEmail({ ...report, to: addresses(MAX_RECIPIENTS) });
    const fiftyOne = sendRawEmail({ ...report, to: addresses(MAX_RECIPIENTS + 1) });

    // Assert
    expect(fifty).toEqual({ messageId: 'raw-1' });
    await expect(fiftyOne).rejects.toMatchObject({ name: 'PartnerFlow.EmailRejected' });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(1);
  });

  it.each([
    ['a subject with CR/LF', { subject: 'Report\r\nBcc: attacker@evil.example' }],
    ['a recipient with CR/LF', { to: ['ana@acme.example\r\nBcc: attacker@evil.example'] }],
    [
      'an extra header value with CR/LF',
      { headers: { 'X-PartnerFlow-Report': 'acme\r\nBcc: x@evil.example' } },
    ],
    ['an extra header that is not an X- header', { headers: { Bcc: 'attacker@evil.example' } }],
    [
      'an attachment name with CR/LF',
      { attachments: [{ filename: 'a.csv\r\nX-Evil: 1', contentType: 'text/csv', content: '' }] },
    ],
  ] as const)('refuses %s on the raw path without calling SES', async (_case, change) => {
    // Arrange
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'raw-2' });

    // Act
    const sending = sendRawEmail({ ...report, ...change });

    // Assert
    await expect(sending).rejects.toMatchObject({ name: 'PartnerFlow.EmailRejected' });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
  });

  it('refuses control characters in a subject and malformed recipients on the simple path too', async () => {
    // Arrange
    ses.on(SendEmailCommand).resolves({ MessageId: 'simple-1' });
    const message = { to: ['ana@acme.example'], subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' };

    // Act
    const results = await Promise.allSettled([
      sendEmail({ ...message, subject: 'Hi\nBcc: x@evil.example' }),
      sendEmail({ ...message, to: ['ana@acme.example\nbcc:x@evil.example'] }),
      sendEmail({ ...message, replyTo: ['not an address'] }),
    ]);

    // Assert
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('escapes every value put into an email body, script and attribute breakers included', () => {
    // Arrange
    const name = `<script>alert("x")</script>' onmouseover='steal()' & "quoted"`;

    // Act
    const rendered = String(html`<p title="${name}">${name}</p>`);

    // Assert
    expect(rendered).not.toContain('<script>');
    expect(rendered).not.toMatch(/'\s*onmouseover='/);
    expect(rendered).toContain('&lt;script&gt;');
    expect(rendered).toContain('&amp;');
  });

  it('keeps a partner to as many managers as one email may reach', () => {
    // Arrange
    const partner = { partnerId: 'acme', name: 'Acme', timezone: 'Asia/Jakarta' };

    // Act
    const fifty = partnerProblems({ ...partner, managerEmails: addresses(MAX_RECIPIENTS) });
    const fiftyOne = partnerProblems({ ...partner, managerEmails: addresses(MAX_RECIPIENTS + 1) });
    const withBreak = partnerProblems({ ...partner, name: 'Acme\r\nBcc: x', managerEmails: addresses(1) });

    // Assert
    expect(fifty).toEqual([]);
    expect(fiftyOne).toEqual([{ path: 'manager-email', issue: 'must list at most 50 addresses' }]);
    expect(withBreak.map((problem) => problem.path)).toEqual(['name']);
  });
});
