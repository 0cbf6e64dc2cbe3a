import { type EnforcementStatus, strikesInWindow } from '#functions/violations/domain/policy.ts';
import { profileEnforcementOf, strikesOf } from '#functions/violations/domain/standing.ts';
import { resolveViolationPolicy } from '#functions/violations/settings.ts';
import { getPartner } from '#lib/repositories/partners.ts';
import { listAtRiskStandings } from '#lib/repositories/subject-standing.ts';

/** A creator a manager should look at: under an enforcement, or close to a ban. */
export interface CreatorAtRisk {
  readonly creatorId: string;
  /** `@handle` when the violation was reported. */
  readonly name: string;
  readonly strikesInWindow: number;
  readonly status?: EnforcementStatus;
  readonly until?: string;
  readonly detail: string;
}

const STRENGTH: Readonly<Record<EnforcementStatus, number>> = { RESTRICTED: 1, SUSPENDED: 2, BANNED: 3 };

/**
 * The partner's creators that are RESTRICTED, SUSPENDED or BANNED, or have at least the policy's `atRiskStrikes`
 * (4) strikes in its window, most strikes first. Reads the sparse at-risk list (at most `limit` standings) and
 * the partner's policy: strikes that aged out since a standing was written no longer count.
 */
export async function creatorsAtRisk(partnerId: string, now: Date, limit: number): Promise<CreatorAtRisk[]> {
  const [standings, partner] = await Promise.all([
    listAtRiskStandings(partnerId, 'creator', limit),
    getPartner(partnerId),
  ]);
  const policy = resolveViolationPolicy(partner?.settings ?? {});
  const atRisk: CreatorAtRisk[] = [];
  for (const standing of standings) {
    const strikes = strikesInWindow(strikesOf(standing), policy, now).length;
    const enforcement = profileEnforcementOf(standing);
    if (enforcement === undefined && strikes < policy.atRiskStrikes) continue;
    const state =
      enforcement === undefined
        ? 'close to a ban'
        : `${enforcement.status.toLowerCase()}${enforcement.until === undefined ? '' : ` until ${enforcement.until.slice(0, 10)}`}`;
    atRisk.push({
      creatorId: standing.subject.id,
      name: standing.subjectName,
      strikesInWindow: strikes,
      ...(enforcement === undefined ? {} : { status: enforcement.status }),
      ...(enforcement?.until === undefined ? {} : { until: enforcement.until }),
      detail: `${state}, ${strikes} strike${strikes === 1 ? '' : 's'} in ${policy.strikeWindowDays} days (ban at ${policy.banAtStrikes})`,
    });
  }
  const strength = (creator: CreatorAtRisk) => (creator.status === undefined ? 0 : STRENGTH[creator.status]);
  return atRisk.sort(
    (a, b) =>
      b.strikesInWindow - a.strikesInWindow ||
      strength(b) - strength(a) ||
      a.creatorId.localeCompare(b.creatorId),
  );
}
