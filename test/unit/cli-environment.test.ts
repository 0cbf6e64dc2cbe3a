import { describe, expect, it } from 'vitest';
import { UsageError } from '#cli/command.ts';
import { configureCliEnvironment } from '#cli/environment.ts';

describe('configureCliEnvironment', () => {
  it('points the SDK at the npm start DynamoDB by default, with a region and dummy credentials', () => {
    // Arrange
    const env: NodeJS.ProcessEnv = {};

    // Act
    const target = configureCliEnvironment({ aws: false, table: undefined }, env);

    // Assert
    expect(target).toEqual({
      kind: 'local',
      tableName: 'partnerflow',
      dynamodbEndpoint: 'http://127.0.0.1:8000',
    });
    expect(env).toMatchObject({
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      TABLE_NAME: 'partnerflow',
    });
  });

  it('follows AWS_ENDPOINT_URL_DYNAMODB and TABLE_NAME when they are set', () => {
    // Arrange
    const env: NodeJS.ProcessEnv = {
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9999',
      TABLE_NAME: 'other',
    };

    // Act
    const target = configureCliEnvironment({ aws: false, table: undefined }, env);

    // Assert
    expect(target).toEqual({ kind: 'local', tableName: 'other', dynamodbEndpoint: 'http://127.0.0.1:9999' });
  });

  it('with --aws, drops the local endpoint and keeps the credential chain untouched', () => {
    // Arrange
    const env: NodeJS.ProcessEnv = {
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
      AWS_PROFILE: 'prod',
    };

    // Act
    const target = configureCliEnvironment({ aws: true, table: 'PartnerFlow-Table' }, env);

    // Assert
    expect(target).toEqual({ kind: 'aws', tableName: 'PartnerFlow-Table', dynamodbEndpoint: undefined });
    expect(env).toEqual({ AWS_PROFILE: 'prod', TABLE_NAME: 'PartnerFlow-Table' });
  });

  it('with --aws, needs a table name', () => {
    // Act / Assert
    expect(() => configureCliEnvironment({ aws: true, table: undefined }, {})).toThrow(UsageError);
  });
});
