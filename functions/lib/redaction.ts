/**
 * What no log line may carry: credentials by name (`authorization`, `token`, `secret`, `access_token`,
 * `refresh_token`, `taskToken`, ...), credentials by shape (our API keys, bearer headers, signed-link and
 * TikTok query parameters), and the exact values of the secrets this process holds (the TikTok app secret,
 * the review-link signing key, seller tokens it has opened). The logger (functions/lib/observability.ts)
 * runs every value of every line through `redactLogValue`, so a careless `logger.info('...', {event})`
 * cannot leak one.
 */

export const REDACTED = '[REDACTED]';

/** Member names that hold a credential, whatever their case or separators. */
const SECRET_NAME =
  /(token|secret|password|passphrase|authori[sz]ation|api[-_]?key|access[-_]?key|private[-_]?key|credential|signature|cookie|auth[-_]?code|^sign$)/i;
/**
 * Names that merely describe a credential: its id, expiry, version or where it is used. They stay readable
 * (an authorization id or a token's expiry is what ops search logs for).
 */
const DESCRIBES_A_SECRET = /(Id|Ids|At|Version|Count|Url|Status|Type|Source|ExpireIn|Length)$/;

/** Values that are credentials whatever they are called. */
const SECRET_SHAPES: readonly (readonly [RegExp, string])[] = [
  [/\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi, `Bearer ${REDACTED}`],
  // pf_<keyId>_<secret>: the key id stays (it is how ops find a caller), the secret goes.
  [/\b(pf_[A-Za-z0-9]{12}_)[A-Za-z0-9_-]{20,}/g, `$1${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, REDACTED],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, REDACTED],
  // Signed review links, TikTok token calls: the query parameter is the credential, the rest of the URL helps.
  [
    /([?&](?:token|signature|sig|sign|code|auth_code|app_secret|access_token|refresh_token)=)[^&\s"'<>]+/gi,
    `$1${REDACTED}`,
  ],
];

/** Exact secret values known to this process; bounded, oldest forgotten first. */
const knownSecrets = new Set<string>();
const MAX_KNOWN_SECRETS = 2_000;
/** Shorter values would mask ordinary words; every real secret here is far longer. */
const MIN_SECRET_LENGTH = 12;

/** Makes every later log line mask this exact value (a loaded secret, a token just opened or received). */
export function registerSecretValue(value: string | undefined): void {
  if (value === undefined || value.length < MIN_SECRET_LENGTH || knownSecrets.has(value)) return;
  knownSecrets.add(value);
  if (knownSecrets.size > MAX_KNOWN_SECRETS) {
    const oldest = knownSecrets.values().next().value;
    if (oldest !== undefined) knownSecrets.delete(oldest);
  }
}

/** True for a member name whose string value is a credential (`taskToken`, `accessToken`, `REVIEW_LINK_SECRET`). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !DESCRIBES_A_SECRET.test(name);
}

/** Masks credential-shaped text and known secret values inside a string. */
export function redactText(text: string): string {
  let redacted = text;
  for (const [pattern, replacement] of SECRET_SHAPES) redacted = redacted.replace(pattern, replacement);
  for (const secret of knownSecrets) {
    if (redacted.includes(secret)) redacted = redacted.split(secret).join(REDACTED);
  }
  return redacted;
}

/**
 * A JSON.stringify replacer (the Powertools logger's `jsonReplacerFn`): a secret-named member's string value
 * becomes `[REDACTED]`, every other string is scrubbed by `redactText`; numbers, booleans and the shape stay.
 */
export function redactLogValue(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (key !== '' && isSecretName(key) && value !== '') return REDACTED;
  return redactText(value);
}
