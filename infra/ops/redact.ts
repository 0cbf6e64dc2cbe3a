// What ops may see of execution data: everything but secrets. Pure, shared by the console and the CLI.

export const REDACTED = '[redacted]';

/** Member names that hold a credential (task tokens, seller tokens, keys, signatures, passwords...). */
const SECRET_NAME =
  /(token|secret|password|passwd|passphrase|authori[sz]ation|api[-_]?key|access[-_]?key|private[-_]?key|credential|signature|cookie|session[-_]?id|auth[-_]?code|client[-_]?secret)/i;

/** Values that are credentials whatever they are called: our API keys, JWTs, bearer headers, PEM keys, AWS keys. */
const SECRET_VALUES: readonly (readonly [RegExp, string])[] = [
  [/\bpf_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{20,}/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, REDACTED],
  [/\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi, `Bearer ${REDACTED}`],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, REDACTED],
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED],
  // Signed links (review emails): the query parameter is the credential, the rest of the URL is useful.
  [/([?&](?:token|signature|sig|code|key|access_token)=)[^&\s"'<>]+/gi, `$1${REDACTED}`],
];

/** True for a member name that holds a secret (`taskToken`, `accessToken`, `REVIEW_LINK_SECRET`, `apiKey`...). */
export const isSecretName = (name: string): boolean => SECRET_NAME.test(name);

function redactText(text: string): string {
  return SECRET_VALUES.reduce(
    (current, [pattern, replacement]) => current.replace(pattern, replacement),
    text,
  );
}

/**
 * A deep copy with every secret replaced by `[redacted]`: the values of secret-named members (at any depth,
 * in arrays too), and credential-shaped strings anywhere. A string holding JSON is redacted inside, and stays
 * a string.
 */
export function redactSecrets(value: unknown): unknown {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (
      (trimmed.startsWith('{') && trimmed.endsWith('}')) ||
      (trimmed.startsWith('[') && trimmed.endsWith(']'))
    ) {
      try {
        return JSON.stringify(redactSecrets(JSON.parse(trimmed)));
      } catch {
        // Not JSON after all: redact it as text.
      }
    }
    return redactText(value);
  }
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([name, member]) => [
        name,
        isSecretName(name) && member !== null && member !== undefined && member !== ''
          ? REDACTED
          : redactSecrets(member),
      ]),
    );
  }
  return value;
}

/** Redacts a JSON document given as text (execution input, output, a cause); text that is not JSON is redacted as text. */
export function redactJsonText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.stringify(redactSecrets(JSON.parse(text)), null, 2);
  } catch {
    return redactText(text);
  }
}
