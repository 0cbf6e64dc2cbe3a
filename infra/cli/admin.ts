// Admin operations behind the CLI (and the test fixture): validated, audited, one function per action.
import type { Role } from '#catalog/types.ts';
import { mintApiKey, parseApiKey } from '#lib/auth/api-keys.ts';
import { isValidEmail } from '#lib/email/addresses.ts';
import { MAX_RECIPIENTS } from '#lib/email/send.ts';
import type { ErrorDetail } from '#lib/http/errors.ts';
import { type ApiKeyRecord, getApiKey, putApiKey, revokeApiKey } from '#lib/repositories/api-keys.ts';
import { recordAudit } from '#lib/repositories/audit.ts';
import { getPartner, type Partner, putPartner, putPartnerSettings } from '#lib/repositories/partners.ts';
import { validatePartnerSettings } from '#lib/settings.ts';

const PARTNER_ID = /^[A-Za-z0-9_-]{3,40}$/;
const ROLES: readonly Role[] = ['partner', 'manager', 'ops'];
const ACTOR = 'admin:cli';

/** Invalid input, with one detail per problem (the CLI prints them as a usage error). */
export class AdminInputError extends Error {
  override readonly name = 'AdminInputError';

  constructor(
    message: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(
      details.length === 0 ? message : `${message}: ${details.map((d) => `${d.path} ${d.issue}`).join('; ')}`,
    );
  }
}

/** The input could not be acted on (the partner or key does not exist, or already exists). */
export class AdminConflictError extends Error {
  override readonly name = 'AdminConflictError';
}

export interface NewPartner {
  readonly partnerId: string;
  readonly name: string;
  readonly managerEmails: readonly string[];
  readonly timezone: string;
}

/** True for a time zone this runtime (and so Lambda's Node) can format dates in, e.g. `Asia/Jakarta`. */
export function isIanaTimeZone(timezone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(timezone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/** Every problem with a new partner, or none. */
export function partnerProblems(partner: NewPartner): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (!PARTNER_ID.test(partner.partnerId)) {
    problems.push({ path: 'id', issue: 'must be 3-40 characters of A-Z, a-z, 0-9, "-" and "_"' });
  }
  if (partner.name.trim() === '' || partner.name.length > 120 || /\p{Cc}/u.test(partner.name)) {
    problems.push({ path: 'name', issue: 'must be 1-120 printable characters' });
  }
  if (partner.managerEmails.length === 0)
    problems.push({ path: 'manager-email', issue: 'is required (at least one)' });
  // Every manager receives the partner's emails in one message, and SES takes at most 50 recipients.
  if (partner.managerEmails.length > MAX_RECIPIENTS)
    problems.push({ path: 'manager-email', issue: `must list at most ${MAX_RECIPIENTS} addresses` });
  for (const email of partner.managerEmails) {
    if (!isValidEmail(email))
      problems.push({ path: 'manager-email', issue: `'${email}' is not a valid email address` });
  }
  if (!isIanaTimeZone(partner.timezone)) {
    problems.push({
      path: 'timezone',
      issue: `'${partner.timezone}' is not an IANA time zone (e.g. Asia/Jakarta)`,
    });
  }
  return problems;
}

/** Creates a partner with empty settings; refuses an invalid one and never replaces an existing one. */
export async function createPartner(input: NewPartner, now = new Date()): Promise<Partner> {
  const problems = partnerProblems(input);
  if (problems.length > 0) throw new AdminInputError('Invalid partner', problems);
  if ((await getPartner(input.partnerId)) !== undefined) {
    throw new AdminConflictError(`Partner ${input.partnerId} already exists`);
  }
  const at = now.toISOString();
  const partner: Partner = {
    partnerId: input.partnerId,
    name: input.name.trim(),
    managerEmails: [...new Set(input.managerEmails.map((email) => email.trim()))],
    timezone: input.timezone,
    settings: {},
    createdAt: at,
    updatedAt: at,
  };
  await putPartner(partner);
  await recordAudit({
    entityKey: `PARTNER#${partner.partnerId}`,
    changeId: `partner-created-${at}`,
    action: 'PartnerCreated',
    actor: ACTOR,
    at,
    after: { ...partner },
  });
  return partner;
}

/** Replaces a partner's settings after validating them against every area's registered schema. */
export async function setPartnerSettings(
  partnerId: string,
  settings: unknown,
  now = new Date(),
): Promise<void> {
  const validation = validatePartnerSettings(settings);
  if (!validation.ok) throw new AdminInputError('Invalid settings', validation.details);
  const before = await getPartner(partnerId);
  if (before === undefined) throw new AdminConflictError(`Partner ${partnerId} does not exist`);
  const at = now.toISOString();
  if (!(await putPartnerSettings(partnerId, validation.value, at))) {
    throw new AdminConflictError(`Partner ${partnerId} does not exist`);
  }
  await recordAudit({
    entityKey: `PARTNER#${partnerId}`,
    changeId: `settings-replaced-${at}`,
    action: 'PartnerSettingsReplaced',
    actor: ACTOR,
    at,
    before: { settings: before.settings },
    after: { settings: validation.value },
  });
}

export async function showPartner(partnerId: string): Promise<Partner> {
  const partner = await getPartner(partnerId);
  if (partner === undefined) throw new AdminConflictError(`Partner ${partnerId} does not exist`);
  return partner;
}

export interface IssuedApiKey {
  readonly keyId: string;
  readonly role: Role;
  readonly partnerId: string | undefined;
  /** The full key: shown once, never stored (only its hash is). */
  readonly key: string;
}

/** Mints and stores a key; partner and manager keys belong to an existing partner, ops keys to none. */
export async function issueApiKey(
  input: { role: string; partnerId?: string },
  now = new Date(),
): Promise<IssuedApiKey> {
  const role = ROLES.find((candidate) => candidate === input.role);
  if (role === undefined) throw new AdminInputError(`The role must be one of ${ROLES.join(', ')}`);
  if (role === 'ops' && input.partnerId !== undefined) {
    throw new AdminInputError('An ops key spans every partner: do not give --partner');
  }
  if (role !== 'ops') {
    if (input.partnerId === undefined) throw new AdminInputError(`A ${role} key needs --partner ID`);
    if ((await getPartner(input.partnerId)) === undefined) {
      throw new AdminConflictError(`Partner ${input.partnerId} does not exist`);
    }
  }
  const minted = mintApiKey();
  const at = now.toISOString();
  const record: ApiKeyRecord = {
    keyId: minted.keyId,
    secretHash: minted.secretHash,
    role,
    ...(role === 'ops' || input.partnerId === undefined ? {} : { partnerId: input.partnerId }),
    createdAt: at,
  };
  await putApiKey(record);
  await recordAudit({
    entityKey: `APIKEY#${minted.keyId}`,
    changeId: `key-created-${at}`,
    action: 'ApiKeyCreated',
    actor: ACTOR,
    at,
    after: { keyId: minted.keyId, role, partnerId: record.partnerId },
  });
  return { keyId: minted.keyId, role, partnerId: record.partnerId, key: minted.key };
}

/** Revokes a key by id (a full key is accepted too); revoking twice keeps the first revocation time. */
export async function revokeKey(keyIdOrKey: string, now = new Date()): Promise<ApiKeyRecord> {
  const keyId = parseApiKey(keyIdOrKey)?.keyId ?? keyIdOrKey;
  const at = now.toISOString();
  if (!(await revokeApiKey(keyId, at))) throw new AdminConflictError(`API key ${keyId} does not exist`);
  await recordAudit({
    entityKey: `APIKEY#${keyId}`,
    changeId: `key-revoked-${at}`,
    action: 'ApiKeyRevoked',
    actor: ACTOR,
    at,
  });
  const record = await getApiKey(keyId);
  if (record === undefined) throw new AdminConflictError(`API key ${keyId} does not exist`);
  return record;
}
