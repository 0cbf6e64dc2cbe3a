import { moneyView } from '#lib/money.ts';
import type { Creator, CreatorStatus, CreatorTier } from '#lib/repositories/creators.ts';
import type { SubjectEnforcement } from '#lib/repositories/subject-standing.ts';

/** A creator as the API shows it: named fields only, so internal keys and new stored fields never leak. */
export interface CreatorView {
  readonly creatorId: string;
  readonly handle: string;
  readonly displayName: string;
  readonly email: string;
  readonly region: string;
  readonly language?: string;
  readonly categories: readonly string[];
  readonly followers: number;
  readonly avgViews: number;
  readonly engagementRate: number;
  readonly gmv30d: { readonly amount: string; readonly currency: string };
  readonly status: CreatorStatus;
  readonly tier?: CreatorTier;
  readonly pilotEndsAt?: string;
  readonly reasons?: readonly string[];
  readonly executionId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly decidedAt?: string;
  /** While RESTRICTED, SUSPENDED or BANNED: until when (absent: until lifted) and the violations behind it. */
  readonly enforcement?: SubjectEnforcement;
}

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

/** Maps a stored creator to its API shape (money as a decimal string from minor units). */
export function creatorView(creator: Creator): CreatorView {
  return {
    creatorId: creator.creatorId,
    handle: creator.handle,
    displayName: creator.displayName,
    email: creator.email,
    region: creator.region,
    ...optional('language', creator.language),
    categories: creator.categories,
    followers: creator.followers,
    avgViews: creator.avgViews,
    engagementRate: creator.engagementRate,
    gmv30d: moneyView(creator.gmv30d),
    status: creator.status,
    ...optional('tier', creator.tier),
    ...optional('pilotEndsAt', creator.pilotEndsAt),
    ...optional('reasons', creator.reasons),
    executionId: creator.executionId,
    createdAt: creator.createdAt,
    updatedAt: creator.updatedAt,
    ...optional('decidedAt', creator.decidedAt),
    ...optional(
      'enforcement',
      creator.enforcement === undefined
        ? undefined
        : {
            status: creator.enforcement.status,
            ...optional('until', creator.enforcement.until),
            violationIds: creator.enforcement.violationIds,
          },
    ),
  };
}
