import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestRuntime, type TestRuntime } from '#test/support/runtime.ts';

const CLI = resolve(import.meta.dirname, '../../bin/partnerflow.mjs');
const KEY_LINE = /^pf_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly lines: string[];
}

let runtime: TestRuntime;
let scratch: string;

/** Runs the real CLI in a child process, pointed at this file's runtime through the variables it documents. */
function partnerflow(...args: string[]): Promise<CliRun> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, ...runtime.env, NODE_NO_WARNINGS: '1' }, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolvePromise({ code, stdout, stderr, lines: stdout.trimEnd().split('\n') });
      },
    );
  });
}

const getItem = async (pk: string, sk: string) =>
  (await runtime.documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: { pk, sk } }))).Item;

beforeAll(async () => {
  runtime = await startTestRuntime();
  scratch = await mkdtemp(join(tmpdir(), 'partnerflow-cli-'));
});

afterAll(async () => {
  await runtime?.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('partnerflow partners', () => {
  it('creates a partner in the table', async () => {
    // Act
    const run = await partnerflow(
      'partners',
      'create',
      '--id',
      'acme',
      '--name',
      'Acme Agency',
      '--manager-email',
      'ana@acme.example',
      '--manager-email',
      'bo@acme.example',
      '--timezone',
      'Asia/Jakarta',
    );

    // Assert
    expect(run.code, run.stderr).toBe(0);
    expect(await getItem('PARTNER#acme', 'PROFILE')).toMatchObject({
      partnerId: 'acme',
      name: 'Acme Agency',
      managerEmails: ['ana@acme.example', 'bo@acme.example'],
      timezone: 'Asia/Jakarta',
      settings: {},
    });
  });

  it('shows a partner as JSON', async () => {
    // Arrange
    await partnerflow(
      'partners',
      'create',
      '--id',
      'showme',
      '--name',
      'Show Me',
      '--manager-email',
      'm@show.example',
      '--timezone',
      'UTC',
    );

    // Act
    const run = await partnerflow('partners', 'show', 'showme');

    // Assert
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ partnerId: 'showme', timezone: 'UTC' });
  });

  it('refuses invalid values with one line per run and exit code 2', async () => {
    // Act
    const run = await partnerflow(
      'partners',
      'create',
      '--id',
      'a!',
      '--name',
      'X',
      '--manager-email',
      'not-an-email',
      '--timezone',
      'Mars/Olympus',
    );

    // Assert
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/id must be 3-40 characters/);
    expect(run.stderr).toMatch(/'not-an-email' is not a valid email address/);
    expect(run.stderr).toMatch(/'Mars\/Olympus' is not an IANA time zone/);
    expect(run.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it('stores settings from a JSON file and rejects an unknown section with exit code 1', async () => {
    // Arrange
    await partnerflow(
      'partners',
      'create',
      '--id',
      'settled',
      '--name',
      'Settled',
      '--manager-email',
      'm@settled.example',
      '--timezone',
      'UTC',
    );
    const empty = join(scratch, 'empty.json');
    const unknown = join(scratch, 'unknown.json');
    await writeFile(empty, '{}');
    await writeFile(unknown, JSON.stringify({ 'no-such-area': { threshold: 1 } }));

    // Act
    const accepted = await partnerflow('partners', 'settings', 'settled', '--file', empty);
    const rejected = await partnerflow('partners', 'settings', 'settled', '--file', unknown);

    // Assert
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/no-such-area is not a known settings section/);
  });

  it('answers an unknown command with a usage error (exit code 2)', async () => {
    // Act
    const run = await partnerflow('partners', 'delete', 'acme');

    // Assert
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Unknown action 'partners delete'/);
  });
});

describe('partnerflow keys', () => {
  it('prints a new key as the last line and stores only its hash', async () => {
    // Arrange
    await partnerflow(
      'partners',
      'create',
      '--id',
      'keyed',
      '--name',
      'Keyed',
      '--manager-email',
      'm@keyed.example',
      '--timezone',
      'UTC',
    );

    // Act
    const run = await partnerflow('keys', 'create', '--partner', 'keyed', '--role', 'partner');

    // Assert
    expect(run.code, run.stderr).toBe(0);
    const match = KEY_LINE.exec(run.lines.at(-1) ?? '');
    expect(match, run.stdout).not.toBeNull();
    const [key, keyId, secret] = [match?.[0] ?? '', match?.[1] ?? '', match?.[2] ?? ''];
    const stored = await getItem(`APIKEY#${keyId}`, 'KEY');
    expect(stored).toMatchObject({
      keyId,
      role: 'partner',
      partnerId: 'keyed',
      secretHash: createHash('sha256').update(secret).digest('hex'),
    });
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(JSON.stringify(stored)).not.toContain(key);
  });

  it('mints a key that the API accepts, and the API still refuses a request without one', async () => {
    // Arrange
    await partnerflow(
      'partners',
      'create',
      '--id',
      'caller',
      '--name',
      'Caller',
      '--manager-email',
      'm@caller.example',
      '--timezone',
      'UTC',
    );
    const key =
      (await partnerflow('keys', 'create', '--partner', 'caller', '--role', 'partner')).lines.at(-1) ?? '';

    // Act
    const withKey = await api(runtime, key).get('/v1/creators');
    const withoutKey = await api(runtime).get('/v1/creators');

    // Assert
    expect(withKey.status, JSON.stringify(withKey.body)).toBe(200);
    expect(withoutKey.status).toBe(401);
  });

  it('mints an ops key without a partner, and refuses an ops key with one', async () => {
    // Act
    const ops = await partnerflow('keys', 'create', '--role', 'ops');
    const opsWithPartner = await partnerflow('keys', 'create', '--role', 'ops', '--partner', 'acme');

    // Assert
    expect(ops.code, ops.stderr).toBe(0);
    expect(ops.lines.at(-1)).toMatch(KEY_LINE);
    expect(opsWithPartner.code).toBe(2);
  });

  it('revokes a key so the API refuses it', async () => {
    // Arrange
    const key = (await partnerflow('keys', 'create', '--role', 'ops')).lines.at(-1) ?? '';
    const keyId = KEY_LINE.exec(key)?.[1] ?? '';

    // Act
    const run = await partnerflow('keys', 'revoke', keyId);

    // Assert
    expect(run.code, run.stderr).toBe(0);
    expect(await getItem(`APIKEY#${keyId}`, 'KEY')).toHaveProperty('revokedAt');
    expect((await api(runtime, key).get('/v1/creators')).status).toBe(401);
  });

  it('fails with exit code 1 when the key does not exist', async () => {
    // Act
    const run = await partnerflow('keys', 'revoke', 'nosuchkey123');

    // Assert
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('partnerflow: API key nosuchkey123 does not exist');
  });
});
