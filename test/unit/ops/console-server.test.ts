import { describe, expect, it } from 'vitest';
import { emailsOfExecution } from '#local/console/execution-emails.ts';
import { forwardToStepFunctions } from '#local/console/sfn-proxy.ts';
import type { CapturedEmail } from '#local/ses.ts';

const email = (overrides: Partial<CapturedEmail>): CapturedEmail => ({
  messageId: 'm1',
  from: 'no-reply@partnerflow.local',
  replyTo: [],
  destination: { to: ['someone@example.com'], cc: [], bcc: [] },
  subject: 'Hello',
  body: { text: 'text', html: '<p>html</p>' },
  attachments: [],
  at: Date.UTC(2026, 10, 21, 10, 0, 30) / 1000,
  ...overrides,
});

describe('the console Step Functions proxy', () => {
  it.each(['StartExecution', 'SendTaskSuccess', 'SendTaskFailure', 'DeleteStateMachine'])(
    'refuses %s without calling Step Functions',
    async (operation) => {
      // Act: an unreachable endpoint proves nothing is called.
      const answer = await forwardToStepFunctions(
        'http://127.0.0.1:9',
        `AWSStepFunctions.${operation}`,
        '{}',
      );

      // Assert
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ __type: 'AccessDeniedException' });
    },
  );
});

describe('emailsOfExecution', () => {
  const execution = {
    businessId: 'cr_7fk2m9q4x8rt3wz5',
    input: JSON.stringify({ creator: { email: 'ann@example.com' } }),
    startDate: new Date(Date.UTC(2026, 10, 21, 10, 0, 0)),
    stopDate: new Date(Date.UTC(2026, 10, 21, 10, 1, 0)),
  };

  it('finds the emails that name the business id (or its review id) and those sent to its recipients meanwhile', () => {
    // Arrange
    const emails = [
      email({
        messageId: 'review',
        subject: 'Review needed (rv_7fk2m9q4x8rt3wz5)',
        destination: { to: ['m@acme.example'], cc: [], bcc: [] },
      }),
      email({ messageId: 'welcome', destination: { to: ['Ann@example.com'], cc: [], bcc: [] } }),
      email({
        messageId: 'later',
        destination: { to: ['ann@example.com'], cc: [], bcc: [] },
        at: Date.UTC(2026, 10, 22) / 1000,
      }),
      email({ messageId: 'other' }),
    ];

    // Act
    const found = emailsOfExecution(emails, execution, 'http://127.0.0.1:8005');

    // Assert
    expect(found.map((item) => item.messageId)).toEqual(['review', 'welcome']);
    expect(found[0]?.emlUrl).toBe('http://127.0.0.1:8005/get-emlContent?messageId=review');
  });
});
