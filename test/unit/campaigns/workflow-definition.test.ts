import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRepoRoot } from '#infra/constructs/catalog.ts';

type State = Readonly<Record<string, unknown>> & {
  readonly Type: string;
  readonly Catch?: readonly { readonly ErrorEquals: readonly string[]; readonly Next: string }[];
};

const definition = JSON.parse(readFileSync(fromRepoRoot('workflows/campaign-launch.asl.json'), 'utf8')) as {
  readonly TimeoutSeconds: number;
  readonly States: Readonly<Record<string, State>>;
};
const { States: states } = definition;

describe('workflows/campaign-launch.asl.json', () => {
  it('invites in a Map bounded to 5 concurrent iterations, one per creator', () => {
    expect(states.InviteCreators).toMatchObject({
      Type: 'Map',
      MaxConcurrency: 5,
      ItemsPath: '$.launch.creatorIds',
      ItemSelector: { 'creatorId.$': '$$.Map.Item.Value' },
    });
  });

  it('waits until startAt and endAt by timestamp (so the local runtime shortens them per state)', () => {
    expect(states.WaitUntilStart).toMatchObject({ Type: 'Wait', TimestampPath: '$.launch.startAt' });
    expect(states.WaitUntilEnd).toMatchObject({ Type: 'Wait', TimestampPath: '$.launch.endAt' });
  });

  it('compensates every failure after the reservation, and only after it', () => {
    const afterReservation = [
      'ReserveCampaign',
      'CreateTargetCollaboration',
      'InviteCreators',
      'SummarizeInvitations',
      'ActivateCampaign',
      'WaitForResume',
    ];
    for (const name of afterReservation) {
      const catchAll = states[name]?.Catch?.find((handler) => handler.ErrorEquals.includes('States.ALL'));
      expect(catchAll?.Next, name).toBe('RemoveTargetCollaboration');
    }
    expect(states.RecheckPreflight?.Catch?.[0]?.Next).toBe('CloseCampaign');
  });

  it('fits in one Standard execution (a year at most)', () => {
    expect(definition.TimeoutSeconds).toBeLessThanOrEqual(365 * 24 * 3600);
  });
});
