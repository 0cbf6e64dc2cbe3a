import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Secrets the functions read from their environment, which the deployed stack supplies and the local runtime
 * must invent. Add a variable here when a function starts requiring one (e.g. with `requireEnv`).
 */
export const LOCAL_SECRET_VARIABLES: readonly string[] = [
  // Signs the approve/reject links in review emails (functions/lib/auth/review-links.ts); at least 32 characters.
  'REVIEW_LINK_SECRET',
  // The TikTok Shop app's key and secret (functions/lib/tiktok/shop-api.ts); the local TikTok stand-in uses the same.
  'TIKTOK_APP_KEY',
  'TIKTOK_APP_SECRET',
];

const SECRETS_FILE = 'secrets.json';

/**
 * The value of each local secret: taken from `env` when set there, else generated once per data folder and kept
 * in `<dataDir>/secrets.json` (readable by its owner only), so links in emails already sent keep working after
 * a restart.
 */
export async function localSecrets(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
  variables: readonly string[] = LOCAL_SECRET_VARIABLES,
): Promise<Record<string, string>> {
  const path = join(dataDir, SECRETS_FILE);
  let stored: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      stored = parsed as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(
        `${path} is unreadable (${(error as Error).message}); delete it to generate new secrets`,
      );
    }
  }
  const secrets: Record<string, string> = {};
  let generated = false;
  for (const variable of variables) {
    const fromEnv = env[variable];
    const kept = stored[variable];
    if (fromEnv !== undefined && fromEnv !== '') secrets[variable] = fromEnv;
    else if (typeof kept === 'string' && kept !== '') secrets[variable] = kept;
    else {
      const value = randomBytes(32).toString('hex');
      secrets[variable] = value;
      stored[variable] = value;
      generated = true;
    }
  }
  if (generated) await writeFile(path, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
