import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localSecrets } from '#local/secrets.ts';

describe('localSecrets', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'partnerflow-secrets-'));
  });

  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('generates a 64-character secret once and keeps it in the data folder for the next start', async () => {
    // Act
    const first = await localSecrets(dataDir, {}, ['LINK_SECRET']);
    const second = await localSecrets(dataDir, {}, ['LINK_SECRET']);

    // Assert
    expect(first.LINK_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toEqual(first);
    expect(JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8'))).toEqual(first);
    expect((await stat(join(dataDir, 'secrets.json'))).mode & 0o077).toBe(0);
  });

  it('prefers a value set in the environment and does not store it', async () => {
    // Act
    const secrets = await localSecrets(dataDir, { LINK_SECRET: 'from-the-shell' }, ['LINK_SECRET']);

    // Assert
    expect(secrets).toEqual({ LINK_SECRET: 'from-the-shell' });
    await expect(stat(join(dataDir, 'secrets.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
