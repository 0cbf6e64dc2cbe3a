// The ops console in a real browser (Debian's Chromium driven by playwright-core): find an onboarding by business
// id, read its highlighted path, redrive one that failed for real, decide a review. Screenshots go to docs/.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { executionArnFor } from '#test/support/executions.ts';
import { creatorApplication } from '#test/support/onboarding.ts';
import {
  api,
  createApiKey,
  createPartner,
  pollUntil,
  startTestRuntime,
  type TestRuntime,
  waitForExecution,
} from '#test/support/runtime.ts';

const CHROMIUM = process.env.PARTNERFLOW_CHROMIUM ?? '/usr/bin/chromium';
/** TOOLING.md: without the background-networking flags Chromium floods the closed network with connections. */
const CHROMIUM_FLAGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/**
 * The screenshots are taken on every run (they render every page), but only refresh the README's pictures in
 * docs/ when asked (`PARTNERFLOW_UPDATE_SCREENSHOTS=1 npx vitest run test/e2e/ops-console.test.ts`): a plain
 * `npm test` leaves the working tree as it found it.
 */
const SCREENSHOTS =
  process.env.PARTNERFLOW_UPDATE_SCREENSHOTS === '1'
    ? resolve(import.meta.dirname, '../../docs')
    : mkdtempSync(join(tmpdir(), 'partnerflow-console-'));
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

interface Started {
  readonly executionId: string;
  readonly creatorId: string;
}

let runtime: TestRuntime;
let browser: Browser;
let context: BrowserContext;
let opsKey: string;
let partnerKey: string;

async function onboard(overrides: Parameters<typeof creatorApplication>[0] = {}): Promise<Started> {
  const answer = await api(runtime, partnerKey).post<Started>('/v1/creators/onboardings', {
    creator: creatorApplication(overrides),
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  return answer.body;
}

const arnOf = (started: Started) => executionArnFor('creator-onboarding', started.executionId);

async function signIn(page: Page): Promise<void> {
  await page.goto(`${runtime.urls.api}/console`);
  await page.getByLabel('Ops API key').fill(opsKey);
  await page.getByRole('button', { name: 'Open the console' }).click();
  await page.getByRole('heading', { name: 'Executions', level: 1 }).waitFor();
}

async function openByBusinessId(page: Page, started: Started): Promise<void> {
  await page.getByLabel('Business id').fill(started.creatorId);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.locator(`tr[data-execution="${started.executionId}"] a`).click();
  await page.getByRole('heading', { name: started.creatorId, level: 1 }).waitFor();
  await page.locator('svg.workflow-graph').waitFor();
}

const statesWithStatus = (page: Page, status: string) =>
  page
    .locator(`svg.workflow-graph .node[data-status="${status}"]`)
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-state')));

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The e2e tests need Chromium at ${CHROMIUM}: install it with \`apt-get update && apt-get install -y chromium\` (.ci/run does), or set PARTNERFLOW_CHROMIUM`,
    );
  }
  runtime = await startTestRuntime();
  const partner = await createPartner(runtime);
  partnerKey = await createApiKey(runtime, { role: 'partner', partnerId: partner.partnerId });
  opsKey = await createApiKey(runtime, { role: 'ops' });
  // launch() gives the browser a fresh temporary profile (--user-data-dir) of its own, and deletes it on close.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    args: CHROMIUM_FLAGS,
  });
  context = await browser.newContext({ viewport: DESKTOP });
  context.setDefaultTimeout(10_000);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await runtime?.close();
});

describe('the ops console', () => {
  it('refuses a key that is not an ops key', async () => {
    // Arrange
    const page = await context.newPage();
    await page.goto(`${runtime.urls.api}/console`);

    // Act
    await page.getByLabel('Ops API key').fill(partnerKey);
    await page.getByRole('button', { name: 'Open the console' }).click();

    // Assert
    await page.getByText('The ops console needs a key of the ops role').waitFor();
    const proxied = await fetch(`${runtime.urls.api}/console/api/sfn`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${partnerKey}`,
        'x-amz-target': 'AWSStepFunctions.ListStateMachines',
      },
      body: '{}',
    });
    expect(proxied.status).toBe(403);
    await page.close();
  });

  it('finds an onboarding by business id and shows the path it took', async () => {
    // Arrange
    const approved = await onboard();
    await waitForExecution(runtime, arnOf(approved));
    const page = await context.newPage();
    await signIn(page);

    // Act
    await openByBusinessId(page, approved);

    // Assert
    await page.getByText('SUCCEEDED').first().waitFor();
    expect(await statesWithStatus(page, 'visited')).toEqual([
      '(start)',
      'ValidateApplication',
      'ReserveHandle',
      'ScreenCompliance',
      'ScoreAndTier',
      'RouteDecision',
      'ActivateCreator',
      'SendWelcomeEmail',
      'RecordOnboardingMetrics',
      '(end)',
    ]);
    expect(await statesWithStatus(page, 'idle')).toContain('RequestManagerReview');
    expect(await page.locator('svg.workflow-graph path.edge.taken').count()).toBe(9);
    expect(await page.locator('.timeline li').count()).toBe(8);
    await expect(
      page.locator('section', { hasText: 'Emails sent' }).getByRole('link').first().textContent(),
    ).resolves.toMatch(/Welcome/i);
    await page.screenshot({ path: join(SCREENSHOTS, 'ops-console-execution.png'), fullPage: true });
    await page.close();
  });

  it('redrives an onboarding that failed in its metrics step, and it succeeds', async () => {
    // Arrange: the weekly counters refuse the write in a way no retry fixes, so the last step fails for real.
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const { dynamodb } = await import('#lib/clients/dynamodb.ts');
    const send = dynamodb.send.bind(dynamodb) as (command: unknown) => Promise<unknown>;
    const spy = vi.spyOn(dynamodb, 'send').mockImplementation(((command: unknown) =>
      command instanceof UpdateCommand && String(command.input.Key?.pk).startsWith('METRICS#')
        ? Promise.reject(
            Object.assign(new Error('Item size has exceeded the maximum allowed size'), {
              name: 'ValidationException',
            }),
          )
        : send(command)) as typeof dynamodb.send);
    let failed: Started;
    try {
      failed = await onboard();
      expect((await waitForExecution(runtime, arnOf(failed))).status).toBe('FAILED');
    } finally {
      spy.mockRestore();
    }
    const page = await context.newPage();
    await signIn(page);
    await openByBusinessId(page, failed);
    await page.getByRole('heading', { name: 'Why it failed' }).waitFor();
    expect(await page.locator('.error-name').textContent()).toBe('ValidationException');
    expect(await statesWithStatus(page, 'failed')).toEqual(['RecordOnboardingMetrics']);
    await page.screenshot({ path: join(SCREENSHOTS, 'ops-console-failed.png'), fullPage: true });

    // Act
    await page.getByRole('button', { name: 'Redrive' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Redrive' }).click();

    // Assert: the page follows the execution live until it succeeds.
    await page.locator('.subtitle .badge', { hasText: 'SUCCEEDED' }).waitFor({ timeout: 15_000 });
    expect((await waitForExecution(runtime, arnOf(failed))).status).toBe('SUCCEEDED');
    expect(await statesWithStatus(page, 'failed')).toEqual([]);
    expect(await page.locator('.facts dd', { hasText: /^1$/ }).count()).toBe(1);
    await page.close();
  });

  it('decides a pending review, and the open executions list follows the onboarding live until it finishes', async () => {
    // Arrange
    const reviewed = await onboard({ engagementRate: 0.001 });
    const page = await context.newPage();
    await signIn(page);
    const card = page.locator('article.review', { hasText: reviewed.creatorId });
    await pollUntil(
      async () => {
        const pending = await api(runtime, opsKey).get<{ items: { subject: { id: string } }[] }>(
          '/v1/reviews?status=PENDING',
        );
        return pending.body.items.some((item) => item.subject.id === reviewed.creatorId) ? true : undefined;
      },
      { describe: () => `no pending review for ${reviewed.creatorId}` },
    );
    // A second tab keeps the executions list open: it must follow the waiting execution without a reload.
    const list = await context.newPage();
    await signIn(list);
    const row = (status: string) =>
      list.locator(`tr[data-execution="${reviewed.executionId}"][data-status="${status}"]`);
    await row('RUNNING').waitFor();
    await page.getByRole('link', { name: 'Reviews' }).click();
    await card.waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'ops-console-reviews.png'), fullPage: true });

    // Act
    await card.getByLabel('Reason').fill('Engagement is low but the niche is strategic');
    await card.getByRole('button', { name: 'Approve' }).click();

    // Assert
    await page.locator('article.review', { hasText: reviewed.creatorId }).getByText('APPROVED').waitFor();
    expect((await waitForExecution(runtime, arnOf(reviewed))).status).toBe('SUCCEEDED');
    await row('SUCCEEDED').waitFor();
    await list.close();
    await page.close();
  });

  it('stops a running onboarding, with a cause, after asking', async () => {
    // Arrange
    const running = await onboard({ engagementRate: 0.001 });
    const page = await context.newPage();
    await signIn(page);
    await openByBusinessId(page, running);
    await page.getByRole('heading', { name: 'Waiting for a review' }).waitFor();
    expect(await statesWithStatus(page, 'current')).toEqual(['RequestManagerReview']);

    // Act
    await page.getByRole('button', { name: 'Stop' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Cause').fill('Duplicate of an earlier application');
    await dialog.getByRole('button', { name: 'Stop' }).click();

    // Assert
    await page.locator('.subtitle .badge', { hasText: 'ABORTED' }).waitFor();
    expect(await page.locator('.error-name').textContent()).toBe('PartnerFlow.StoppedByOps');
    expect(await statesWithStatus(page, 'failed')).toEqual(['RequestManagerReview']);
    expect(await page.getByRole('button', { name: 'Redrive' }).isEnabled()).toBe(true);
    await page.close();
  });

  it('works with the keyboard alone and at phone width', async () => {
    // Arrange
    const started = await onboard();
    await waitForExecution(runtime, arnOf(started));
    const page = await context.newPage();
    await page.setViewportSize(PHONE);
    await signIn(page);

    // Act: from the search field to the execution, by keyboard only.
    await page.getByLabel('Business id').focus();
    await page.keyboard.type(started.creatorId);
    await page.keyboard.press('Enter');
    const link = page.locator(`tr[data-execution="${started.executionId}"] a`);
    await link.waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'ops-console-phone.png'), fullPage: true });
    await link.focus();
    await page.keyboard.press('Enter');

    // Assert
    await page.getByRole('heading', { name: started.creatorId, level: 1 }).waitFor();
    // A string, evaluated in the page: the test's own TypeScript has no DOM types.
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'ops-console-phone-execution.png'), fullPage: true });
    await page.setViewportSize(DESKTOP);
    await page.goto(`${runtime.urls.api}/console#/executions`);
    await page.locator('tbody tr').first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'ops-console-executions.png'), fullPage: true });
    await page.close();
  });
});
