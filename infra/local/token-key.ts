import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const KEY_FILE = 'token-key.hex';

/**
 * The local stand-in for the KMS key that wraps the data keys of seller tokens: 32 random bytes, generated once
 * per data folder (readable by its owner only) and kept, so tokens sealed before a restart still open after it.
 * The functions find it through TOKEN_KEY_FILE (functions/lib/crypto/data-keys.ts).
 */
export async function localTokenKeyFile(dataDir: string): Promise<string> {
  const path = join(dataDir, KEY_FILE);
  try {
    const text = (await readFile(path, 'utf8')).trim();
    if (!/^[0-9a-f]{64}$/.test(text)) {
      throw new Error(
        `${path} does not hold a 256-bit key; delete it (and the sellers' tokens) to start over`,
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await writeFile(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  return path;
}
