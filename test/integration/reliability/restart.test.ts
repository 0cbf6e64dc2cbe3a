/**
 * Restart safety: 200 onboardings are started, the runtime is stopped half-way (as Ctrl-C stops it), started
 * again on the same data folder and ports, and what the stop interrupted is redriven. Every accepted request
 * must end in a terminal state, with nothing duplicated: one creator per handle, handles held only by active
 * creators, one welcome email (or rejection notice) per creator.
 *
 * The SES stand-in keeps its mailbox in memory (a restarted runtime starts with none), so every email SES
 * accepted, before and after the restart, is counted where the functions send it: on the shared SES client.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SendEmailCommand } from '@aws-sdk/client-ses';
import { DescribeExecutionCommand, RedriveExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { localStateMachineArn } from '#catalog/naming.ts';
import { type LocalRuntime, startLocalRuntime } from '#local/runtime.ts';
import { driveRequests } from '#scripts/load/driver.ts';
import { awaitTerminal, listExecutions, stepFunctionsClient } from '#scripts/load/observe.ts';
import { creatorOnboarding } from '#scripts/load/workflows/creator-onboarding.ts';
import { pollUntil } from '#test/support/runtime.ts';

const REQUESTS = 200;
const STOP_AFTER_ACCEPTED = 80;
const STATE_MACHINE = localStateMachineArn('creator-onboarding');
const RUN_ID = 'restart';

let dataDir: string | undefined;
let runtime: LocalRuntime | undefined;

afterAll(async () => {
  vi.restoreAllMocks();
  await runtime?.close();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

async function start(ports: Partial<LocalRuntime['ports']>): Promise<LocalRuntime> {
  if (dataDir === undefined) throw new Error('no data folder');
  return startLocalRuntime({
    dataDir,
    ports: { api: 0, dynamodb: 0, ses: 0, sfn: 0, tiktok: 0, ...ports },
    schedules: false,
    faults: false,
    time: { timeScale: 0.01 },
    log: () => undefined,
  });
}

/** Every email SES accepted, by recipient: counted on the client the functions share, across the restart. */
async function countSentEmails(): Promise<Map<string, string[]>> {
  const { ses } = await import('#lib/clients/ses.ts');
  const sent = new Map<string, string[]>();
  const send = ses.send.bind(ses) as (command: SendEmailCommand) => Promise<unknown>;
  vi.spyOn(ses, 'send').mockImplementation((async (command: SendEmailCommand) => {
    const result = await send(command);
    for (const to of command.input.Destination?.ToAddresses ?? []) {
      sent.set(to, [...(sent.get(to) ?? []), command.input.Message?.Subject?.Data ?? '']);
    }
    return result;
  }) as typeof ses.send);
  return sent;
}

interface CreatorItem {
  readonly creatorId: string;
  readonly handle: string;
  readonly status: string;
}

async function creatorsOf(api: string, key: string): Promise<CreatorItem[]> {
  const creators: CreatorItem[] = [];
  let cursor: string | undefined;
  do {
    const response = await fetch(
      `${api}/v1/creators?limit=100${cursor === undefined ? '' : `&cursor=${cursor}`}`,
      {
        headers: { authorization: `Bearer ${key}` },
      },
    );
    const page = (await response.json()) as { items: CreatorItem[]; nextCursor?: string };
    creators.push(...page.items);
    cursor = page.nextCursor === undefined ? undefined : encodeURIComponent(page.nextCursor);
  } while (cursor !== undefined);
  return creators;
}

describe('stopping the runtime in the middle of 200 onboardings', () => {
  it('loses nothing: redriven, every request ends terminal, and nothing is duplicated', async () => {
    // Arrange
    dataDir = await mkdtemp(join(tmpdir(), 'partnerflow-restart-'));
    const first = await start({});
    runtime = first;
    const ports = {
      api: first.ports.api,
      dynamodb: first.ports.dynamodb,
      ses: first.ports.ses,
      sfn: first.ports.sfn,
    };
    const admin = await import('#cli/admin.ts');
    const partner = await admin.createPartner({
      partnerId: 'restart-partner',
      name: 'Restart Agency',
      managerEmails: ['manager@restart.example.com'],
      timezone: 'Asia/Jakarta',
    });
    const key = (await admin.issueApiKey({ role: 'partner', partnerId: partner.partnerId })).key;
    const sentEmails = await countSentEmails();
    let accepted = 0;

    // Act: start the load; stop the runtime once enough requests were accepted; start it again on the same ports.
    const load = driveRequests({
      apiUrl: first.urls.api,
      key,
      requests: REQUESTS,
      concurrency: 20,
      deadline: Date.now() + 120_000,
      maxAttempts: 40,
      request: (index) => ({
        ...creatorOnboarding.request(index, RUN_ID),
        idempotencyKey: `restart-${index}`,
      }),
      onOutcome: (outcome) => {
        if (outcome.kind === 'accepted') accepted += 1;
      },
    });
    await pollUntil(async () => (accepted >= STOP_AFTER_ACCEPTED ? true : undefined), {
      timeoutMs: 60_000,
      describe: () => `only ${accepted} requests were accepted`,
    });
    runtime = undefined;
    await first.close();
    const second = await start(ports);
    runtime = second;
    const sent = await load;

    const sfn = stepFunctionsClient(second.urls.sfn);
    const interrupted = [...(await listExecutions(sfn, STATE_MACHINE)).values()].filter(
      (execution) => execution.status === 'FAILED',
    );
    const restartedArns: string[] = [];
    for (const execution of interrupted) {
      const description = await sfn.send(
        new DescribeExecutionCommand({ executionArn: execution.executionArn }),
      );
      if (description.error !== 'PartnerFlow.RuntimeRestarted') continue;
      restartedArns.push(execution.executionArn ?? '');
      await sfn.send(new RedriveExecutionCommand({ executionArn: execution.executionArn }));
    }
    const starts = sent.outcomes.flatMap((outcome) =>
      outcome.kind === 'accepted' ? [creatorOnboarding.accepted(outcome.index, outcome.answer)] : [],
    );
    const states = await awaitTerminal({
      client: sfn,
      stateMachineArn: STATE_MACHINE,
      executionIds: starts.map((start) => start?.executionId ?? ''),
      deadline: Date.now() + 60_000,
      pollMs: 200,
    });
    sfn.destroy();

    // Assert: every request accepted, the stop interrupted some, and every accepted one ended.
    expect(sent.outcomes.filter((outcome) => outcome.kind !== 'accepted')).toEqual([]);
    expect(restartedArns.length).toBeGreaterThan(0);
    const statuses = starts.map((start) => states.get(start?.executionId ?? '')?.status);
    expect(statuses.filter((status) => status !== 'SUCCEEDED')).toEqual([]);

    // Nothing duplicated: one creator per handle, each decided; a handle held only by its active creator.
    const creators = (await creatorsOf(second.urls.api, key)).filter((creator) =>
      creator.handle.startsWith(`ld.${RUN_ID}.`),
    );
    expect(creators).toHaveLength(REQUESTS);
    expect(new Set(creators.map((creator) => creator.handle)).size).toBe(REQUESTS);
    expect(new Set(starts.map((start) => start?.entityId))).toEqual(
      new Set(creators.map((c) => c.creatorId)),
    );
    expect(
      creators.filter((creator) => creator.status !== 'ACTIVE' && creator.status !== 'REJECTED'),
    ).toEqual([]);
    const { getHandleHolder } = await import('#lib/repositories/creators.ts');
    for (const creator of creators) {
      const holder = await getHandleHolder(creator.handle);
      expect(holder?.creatorId).toBe(creator.status === 'ACTIVE' ? creator.creatorId : undefined);
    }

    // One decision email per creator: welcome for the active, the notice for the rejected, never two.
    const recipients = creators.map((creator) => ({
      creator,
      to: `load.${RUN_ID}.${creator.handle.split('.').at(-1)}@load.partnerflow.test`,
    }));
    const copies = recipients.map(({ to }) => sentEmails.get(to) ?? []);
    expect(copies.filter((subjects) => subjects.length !== 1)).toEqual([]);
    const welcomed = recipients.filter((_, index) => copies[index]?.[0]?.startsWith('Welcome'));
    expect(welcomed.map(({ creator }) => creator.status)).toEqual(welcomed.map(() => 'ACTIVE'));
  });
});
