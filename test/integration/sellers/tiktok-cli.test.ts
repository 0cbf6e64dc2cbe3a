import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  createApiKey,
  createPartner,
  startTestRuntime,
  type TestRuntime,
} from '#test/support/runtime.ts';
import type { SellerAnswer } from '#test/support/sellers.ts';
import { authorizeSeller } from '#test/support/sellers.ts';

const CLI = resolve(import.meta.dirname, '../../../bin/partnerflow.mjs');

interface CliRun {
  readonly code: number;
  readonly stderr: string;
  readonly lines: string[];
}

let runtime: TestRuntime;

/** The real CLI in a child process, pointed at this file's runtime through the variables it documents. */
function partnerflow(...args: string[]): Promise<CliRun> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, ...runtime.env, NODE_NO_WARNINGS: '1' }, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolvePromise({ code, stderr, lines: stdout.trimEnd().split('\n') });
      },
    );
  });
}

beforeAll(async () => {
  runtime = await startTestRuntime({ time: { waitMs: { WaitUntilRefreshDue: 60 * 60 * 1000 } } });
});

afterAll(() => runtime?.close());

describe('partnerflow tiktok', () => {
  it('auth-code prints a fresh code on its last line, which authorizes a seller once', async () => {
    // Arrange
    const partner = await createPartner(runtime);
    const key = await createApiKey(runtime, { partnerId: partner.partnerId, role: 'partner' });

    // Act
    const run = await partnerflow('tiktok', 'auth-code', '--shop', 'CLI Shop', '--region', 'id');
    const code = run.lines.at(-1) ?? '';
    const seller = await authorizeSeller(runtime, key, { shopName: 'CLI Shop', authCode: code });
    const again = await authorizeSeller(runtime, key, { shopName: 'CLI Shop', authCode: code });

    // Assert
    expect(run.code).toBe(0);
    expect(run.lines[0]).toContain('single use, valid until');
    expect(seller.seller).toMatchObject<Partial<SellerAnswer>>({ status: 'ACTIVE' });
    expect(seller.seller.shop?.region).toBe('ID');
    expect(again.seller.failure?.code).toBe('AUTH_CODE_REJECTED');
    expect((await api(runtime, key).get(`/v1/sellers/${seller.answer.body.sellerId}`)).status).toBe(200);
  });

  it('fail arms a failure the next call meets, and refuses a kind it does not know', async () => {
    // Act
    const [armed, wrong] = await Promise.all([
      partnerflow('tiktok', 'fail', '--kind', 'server-error', '--endpoint', 'shops'),
      partnerflow('tiktok', 'fail', '--kind', 'meteor'),
    ]);

    // Assert
    expect(armed.code).toBe(0);
    expect(runtime.tiktok.state.fault('shops', () => true)).toMatchObject({ status: 500, code: 36009003 });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('kind must be rate-limit, server-error');
  });
});
