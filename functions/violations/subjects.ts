import { enforcementStatusOf, profileEnforcementOf } from '#functions/violations/domain/standing.ts';
import { recordAudit } from '#lib/repositories/audit.ts';
import { creatorKey, getCreator, transitionCreator } from '#lib/repositories/creators.ts';
import { getSeller, sellerKey, transitionSeller } from '#lib/repositories/sellers.ts';
import { getStanding, type SubjectStanding } from '#lib/repositories/subject-standing.ts';
import type { Violation, ViolationSubject } from '#lib/repositories/violations.ts';

/**
 * The subjects of violations (creators and sellers) as violation handling sees them: who they are, where to
 * write to them, and their status, which shows the strongest enforcement in force.
 */

export interface SubjectProfile {
  readonly subject: ViolationSubject;
  readonly partnerId: string;
  /** `@handle` of a creator, the shop name of a seller. */
  readonly name: string;
  readonly displayName: string;
  readonly email: string;
  readonly status: string;
  /** The creator's handle: its violation history lives under it (onboarding screens against it). */
  readonly handle?: string;
}

export async function loadSubject(subject: ViolationSubject): Promise<SubjectProfile | undefined> {
  if (subject.type === 'creator') {
    const creator = await getCreator(subject.id);
    return creator === undefined
      ? undefined
      : {
          subject,
          partnerId: creator.partnerId,
          name: `@${creator.handle}`,
          displayName: creator.displayName,
          email: creator.email,
          status: creator.status,
          handle: creator.handle,
        };
  }
  const seller = await getSeller(subject.id);
  return seller === undefined
    ? undefined
    : {
        subject,
        partnerId: seller.partnerId,
        name: seller.shopName,
        displayName: seller.shopName,
        email: seller.contactEmail,
        status: seller.status,
      };
}

/** The subject's partition, where its own audit trail lives. */
export const subjectEntityKey = (subject: ViolationSubject) =>
  subject.type === 'creator' ? creatorKey(subject.id).pk : sellerKey(subject.id).pk;

/** Statuses violation handling may change: an active subject, or one already under an enforcement. */
const GOVERNED = ['ACTIVE', 'RESTRICTED', 'SUSPENDED', 'BANNED'] as const;

export interface StatusSync {
  /** The profile's status before the last write; undefined when the subject is missing or not governed. */
  readonly before?: string;
  readonly after: string;
  readonly applied: boolean;
}

/** Writes the status the standing implies; the sync it makes (the status before is absent when not governed). */
async function writeStatus(
  subject: ViolationSubject,
  standing: SubjectStanding,
  at: string,
): Promise<StatusSync> {
  const status = enforcementStatusOf(standing) ?? 'ACTIVE';
  const enforcement = profileEnforcementOf(standing) ?? null;
  const before =
    subject.type === 'creator'
      ? await transitionCreator(subject.id, GOVERNED, { status, enforcement }, at)
      : await transitionSeller(subject.id, GOVERNED, { status, enforcement }, at);
  return before === undefined
    ? { after: status, applied: false }
    : { before: before.status, after: status, applied: true };
}

const MAX_SYNC_ROUNDS = 5;

/**
 * Makes the subject's profile show its standing: the strongest enforcement in force, or ACTIVE. Only an ACTIVE
 * subject or one under an enforcement is changed (a REVOKED seller or a REJECTED creator keeps its status).
 * Two violations of one subject may sync at once, so each sync reads the standing again after writing and writes
 * again if it moved on: the last write always reflects the latest standing.
 */
export async function syncSubjectStatus(
  subject: ViolationSubject,
  standing: SubjectStanding,
  at: string,
): Promise<StatusSync> {
  let current = standing;
  let written = await writeStatus(subject, current, at);
  for (let round = 1; round < MAX_SYNC_ROUNDS; round += 1) {
    const latest = await getStanding(subject);
    if (latest === undefined || latest.version === current.version) break;
    current = latest;
    written = await writeStatus(subject, current, at);
  }
  return written;
}

/**
 * Records a status change a violation made on the subject's own audit trail (`CREATOR#...` / `SELLER#...`), once
 * per violation, change and time; nothing when the status did not change.
 */
export async function auditSubjectChange(
  violation: Pick<Violation, 'violationId' | 'subject'>,
  executionId: string,
  change: {
    readonly action: string;
    readonly at: string;
    readonly sync: StatusSync;
    readonly detail: Readonly<Record<string, unknown>>;
  },
): Promise<void> {
  if (!change.sync.applied || change.sync.before === change.sync.after) return;
  await recordAudit({
    entityKey: subjectEntityKey(violation.subject),
    changeId: `violation#${violation.violationId}#${change.action}#${change.at}`,
    action: `${violation.subject.type}.${change.action}`,
    actor: 'system:violation-handling',
    at: change.at,
    executionId,
    before: { status: change.sync.before },
    after: { status: change.sync.after, violationId: violation.violationId, ...change.detail },
  });
}
