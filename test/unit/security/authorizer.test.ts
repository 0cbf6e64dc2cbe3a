import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleAuthorize } from '#functions/api/authorizer.ts';
import { mintApiKey } from '#lib/auth/api-keys.ts';

const METHOD_ARN = 'arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/v1/creators';
const table = mockClient(DynamoDBDocumentClient);

const event = (headers: Record<string, string>): APIGatewayRequestAuthorizerEvent =>
  ({ type: 'REQUEST', methodArn: METHOD_ARN, headers }) as unknown as APIGatewayRequestAuthorizerEvent;

/** Stores one key record in the mocked table and returns the full key. */
function storedKey(record: { role: string; partnerId?: string; revokedAt?: string }): string {
  const minted = mintApiKey();
  table.on(GetCommand, { Key: { pk: `APIKEY#${minted.keyId}`, sk: 'KEY' } }).resolves({
    Item: {
      keyId: minted.keyId,
      secretHash: minted.secretHash,
      createdAt: '2026-11-01T00:00:00Z',
      ...record,
    },
  });
  return minted.key;
}

beforeAll(() => {
  process.env.TABLE_NAME = 'partnerflow-test';
});
beforeEach(() => {
  // A key id the table does not hold.
  table.on(GetCommand).resolves({});
});
afterEach(() => table.reset());

describe('API key authorizer', () => {
  it('allows a valid key for the whole stage and passes its role and partner on, whatever the header case', async () => {
    // Arrange
    const key = storedKey({ role: 'manager', partnerId: 'acme' });

    // Act
    const answers = await Promise.all(
      ['authorization', 'Authorization', 'AUTHORIZATION'].map((name) =>
        handleAuthorize(event({ [name]: `Bearer ${key}` })),
      ),
    );

    // Assert
    for (const answer of answers) {
      expect(answer.context).toMatchObject({ role: 'manager', partnerId: 'acme' });
      expect(answer.policyDocument.Statement).toEqual([
        {
          Action: 'execute-api:Invoke',
          Effect: 'Allow',
          Resource: 'arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/*/*',
        },
      ]);
    }
  });

  it.each([
    ['no header', {}],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a malformed key', { authorization: 'Bearer pf_short_key' }],
    ['an unknown key', { authorization: `Bearer ${mintApiKey().key}` }],
  ])('answers Unauthorized (401) to %s', async (_case, headers) => {
    // Act
    const answer = handleAuthorize(event(headers));

    // Assert
    await expect(answer).rejects.toThrow(/^Unauthorized$/);
  });

  it('answers Unauthorized to a revoked key, and to a known key id with another secret', async () => {
    // Arrange
    const revoked = storedKey({ role: 'partner', partnerId: 'acme', revokedAt: '2026-11-02T00:00:00Z' });
    const valid = storedKey({ role: 'partner', partnerId: 'acme' });
    const forged = `${valid.slice(0, valid.lastIndexOf('_') + 1)}${'A'.repeat(43)}`;

    // Act
    const answers = [
      handleAuthorize(event({ authorization: `Bearer ${revoked}` })),
      handleAuthorize(event({ authorization: `Bearer ${forged}` })),
    ];

    // Assert
    for (const answer of answers) await expect(answer).rejects.toThrow(/^Unauthorized$/);
  });
});
