import { describe, expect, it } from 'vitest';
import { functionIdFromNameOrArn } from '#local/function-ids.ts';
import { localSubstitutions, substitutePlaceholders } from '#local/substitutions.ts';

/** `${Name}` as it appears in an ASL file. */
const placeholder = (name: string) => `\${${name}}`;

const sources = {
  functions: [{ id: 'onboarding-reserve-handle' }],
  workflows: [{ name: 'creator-onboarding' as const }],
};

describe('localSubstitutions', () => {
  it('gives every function, workflow and the table a local value under its naming.ts placeholder', () => {
    // Act
    const substitutions = localSubstitutions('partnerflow', sources);

    // Assert
    expect(substitutions).toEqual({
      TableName: 'partnerflow',
      OnboardingReserveHandleFunctionArn:
        'arn:aws:lambda:us-east-1:000000000000:function:partnerflow-onboarding-reserve-handle',
      CreatorOnboardingStateMachineArn:
        'arn:aws:states:us-east-1:000000000000:stateMachine:partnerflow-creator-onboarding',
    });
  });
});

describe('substitutePlaceholders', () => {
  it('replaces every occurrence and leaves JSONPath alone', () => {
    // Arrange
    const text = JSON.stringify({
      Resource: placeholder('OnboardingReserveHandleFunctionArn'),
      Table: placeholder('TableName'),
      Path: '$.creator',
    });

    // Act
    const result = substitutePlaceholders(text, localSubstitutions('partnerflow', sources), 'test.asl.json');

    // Assert
    expect(JSON.parse(result)).toEqual({
      Resource: 'arn:aws:lambda:us-east-1:000000000000:function:partnerflow-onboarding-reserve-handle',
      Table: 'partnerflow',
      Path: '$.creator',
    });
  });

  it('names the file and every placeholder that has no value', () => {
    // Arrange
    const text = JSON.stringify({
      A: placeholder('MissingFunctionArn'),
      B: placeholder('Other'),
      C: placeholder('MissingFunctionArn'),
    });

    // Act / Assert
    expect(() => substitutePlaceholders(text, { TableName: 't' }, 'workflows/x.asl.json')).toThrow(
      /^workflows\/x\.asl\.json uses \$\{MissingFunctionArn\}, \$\{Other\} with no local value/,
    );
  });
});

describe('functionIdFromNameOrArn', () => {
  it.each([
    'arn:aws:lambda:us-east-1:000000000000:function:partnerflow-onboarding-reserve-handle',
    'arn:aws:lambda:us-east-1:000000000000:function:partnerflow-onboarding-reserve-handle:$LATEST',
    '000000000000:function:partnerflow-onboarding-reserve-handle',
    'partnerflow-onboarding-reserve-handle',
    'partnerflow-onboarding-reserve-handle:live',
  ])('maps %s back to the catalog id', (reference) => {
    // Act / Assert
    expect(functionIdFromNameOrArn(reference, sources.functions)).toBe('onboarding-reserve-handle');
  });

  it("fails like Lambda's ResourceNotFoundException for an unknown function", () => {
    // Act / Assert
    expect(() => functionIdFromNameOrArn('partnerflow-nope', sources.functions)).toThrow(
      expect.objectContaining({ name: 'ResourceNotFoundException' }),
    );
  });
});
