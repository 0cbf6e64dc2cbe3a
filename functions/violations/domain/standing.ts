import {
  type EnforcementStatus,
  type Strike,
  strikesInWindow,
  strongestStatus,
  type ViolationPolicy,
} from '#functions/violations/domain/policy.ts';
import type {
  StandingChange,
  StandingEnforcement,
  StandingStrike,
  SubjectEnforcement,
  SubjectStanding,
} from '#lib/repositories/subject-standing.ts';

/** Changes to a subject's standing, as pure functions over the stored maps (each one idempotent per violation). */

export function strikesOf(standing: Pick<SubjectStanding, 'strikes'>): Strike[] {
  return Object.entries(standing.strikes).map(([violationId, strike]) => ({ violationId, ...strike }));
}

/** The strongest enforcement in force; undefined when none is (the subject is back to ACTIVE). */
export function enforcementStatusOf(
  standing: Pick<SubjectStanding, 'enforcements'>,
): EnforcementStatus | undefined {
  return strongestStatus(Object.values(standing.enforcements).map((enforcement) => enforcement.status));
}

/**
 * What the subject's profile shows: the strongest status in force, the latest end among the enforcements of
 * that status (none if one of them has no end), and the violations behind it.
 */
export function profileEnforcementOf(
  standing: Pick<SubjectStanding, 'enforcements'>,
): SubjectEnforcement | undefined {
  const status = enforcementStatusOf(standing);
  if (status === undefined) return undefined;
  const holding = Object.entries(standing.enforcements).filter(
    ([, enforcement]) => enforcement.status === status,
  );
  const ends = holding.map(([, enforcement]) => enforcement.endsAt);
  const until = ends.some((end) => end === undefined)
    ? undefined
    : ends.reduce<string | undefined>(
        (latest, end) => (latest === undefined || (end ?? '') > latest ? end : latest),
        undefined,
      );
  return {
    status,
    ...(until === undefined ? {} : { until }),
    violationIds: holding.map(([violationId]) => violationId).sort(),
  };
}

/** At risk: an enforcement in force, or at least `atRiskStrikes` strikes in the window. */
export function isAtRisk(
  standing: Pick<SubjectStanding, 'strikes' | 'enforcements'>,
  policy: Pick<ViolationPolicy, 'strikeWindowDays' | 'atRiskStrikes'>,
  now: Date,
): boolean {
  return (
    enforcementStatusOf(standing) !== undefined ||
    strikesInWindow(strikesOf(standing), policy, now).length >= policy.atRiskStrikes
  );
}

type Policy = Pick<ViolationPolicy, 'strikeWindowDays' | 'atRiskStrikes'>;

function changed(
  strikes: Readonly<Record<string, StandingStrike>>,
  enforcements: Readonly<Record<string, StandingEnforcement>>,
  policy: Policy,
  now: Date,
): StandingChange {
  return { strikes, enforcements, atRisk: isAtRisk({ strikes, enforcements }, policy, now) };
}

/** Counts a confirmed violation once (a repeat changes nothing); old strikes past twice the window are dropped. */
export function withStrike(
  standing: SubjectStanding,
  violationId: string,
  strike: StandingStrike,
  policy: Policy,
  now: Date,
): StandingChange | undefined {
  if (standing.strikes[violationId] !== undefined) return undefined;
  // Past twice the window a strike can never count again: dropping it bounds the item (violations keep the record).
  const keep = strikesInWindow(strikesOf(standing), { strikeWindowDays: policy.strikeWindowDays * 2 }, now);
  const strikes = Object.fromEntries([
    ...keep.map(({ violationId: id, severity, at }) => [id, { severity, at }] as const),
    [violationId, strike] as const,
  ]);
  return changed(strikes, standing.enforcements, policy, now);
}

/** Takes a strike back (an overturned appeal); nothing when there is none. */
export function withoutStrike(
  standing: SubjectStanding,
  violationId: string,
  policy: Policy,
  now: Date,
): StandingChange | undefined {
  if (standing.strikes[violationId] === undefined) return undefined;
  const { [violationId]: _removed, ...strikes } = standing.strikes;
  return changed(strikes, standing.enforcements, policy, now);
}

/** Puts (or replaces: an interim suspension becomes the final action) this violation's enforcement in force. */
export function withEnforcement(
  standing: SubjectStanding,
  violationId: string,
  enforcement: StandingEnforcement,
  policy: Policy,
  now: Date,
): StandingChange | undefined {
  const current = standing.enforcements[violationId];
  if (
    current !== undefined &&
    current.status === enforcement.status &&
    current.startsAt === enforcement.startsAt &&
    current.endsAt === enforcement.endsAt
  ) {
    return undefined;
  }
  const enforcements = { ...standing.enforcements, [violationId]: enforcement };
  return changed(standing.strikes, enforcements, policy, now);
}

/** Ends this violation's enforcement; the others stay in force. Nothing when it has none. */
export function withoutEnforcement(
  standing: SubjectStanding,
  violationId: string,
  policy: Policy,
  now: Date,
): StandingChange | undefined {
  if (standing.enforcements[violationId] === undefined) return undefined;
  const { [violationId]: _ended, ...enforcements } = standing.enforcements;
  return changed(standing.strikes, enforcements, policy, now);
}
