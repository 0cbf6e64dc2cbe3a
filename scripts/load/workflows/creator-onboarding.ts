import type {
  AcceptedStart,
  LoadWorkflow,
  Verification,
  VerifyContext,
} from '#scripts/load/workflows/types.ts';

/**
 * Creator onboarding under load: four in five applications are approved (on every tier, pilots included), one
 * in five is rejected for too few followers; none needs a manager, so every execution ends on its own.
 */

const FOLLOWERS = [20_000, 150_000, 1_200_000, 4_000] as const;

/** `ld.<run>.<n>`: 2-24 characters of a-z, 0-9 and dots, unique per run. */
const handleOf = (runId: string, index: number) => `ld.${runId}.${index}`;
const emailOf = (runId: string, index: number) => `load.${runId}.${index}@load.partnerflow.test`;

interface CreatorItem {
  readonly creatorId: string;
  readonly handle: string;
  readonly status: string;
}

async function getJson(context: VerifyContext, path: string): Promise<unknown> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(`${context.apiUrl}${path}`, {
      headers: { authorization: `Bearer ${context.key}` },
      signal: AbortSignal.timeout(30_000),
    });
    // Reading back can meet the same throttling and faults as the load did.
    if ((response.status === 429 || response.status >= 500) && attempt < 10) {
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      continue;
    }
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    return response.json();
  }
}

/** Every creator of the key's partner whose handle belongs to this run. */
async function creatorsOfRun(context: VerifyContext): Promise<CreatorItem[]> {
  const prefix = `ld.${context.runId}.`;
  const creators: CreatorItem[] = [];
  let cursor: string | undefined;
  do {
    const page = (await getJson(
      context,
      `/v1/creators?limit=100${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
    )) as { items?: CreatorItem[]; nextCursor?: string };
    creators.push(...(page.items ?? []).filter((creator) => creator.handle.startsWith(prefix)));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return creators;
}

interface StoredEmail {
  readonly subject: string;
  readonly destination: { readonly to: readonly string[] };
}

/** Every email the SES store holds for this run's creators. */
async function emailsOfRun(context: VerifyContext): Promise<StoredEmail[]> {
  const response = await fetch(`${context.sesUrl}/store`, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`The SES store answered ${response.status}`);
  const store = (await response.json()) as { emails?: StoredEmail[] };
  const suffix = '@load.partnerflow.test';
  const prefix = `load.${context.runId}.`;
  return (store.emails ?? []).filter((email) =>
    email.destination.to.some((to) => to.startsWith(prefix) && to.endsWith(suffix)),
  );
}

/** How many copies beyond the first, over groups of a key. */
function extraCopies<T>(items: readonly T[], keyOf: (item: T) => string): number {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return [...counts.values()].reduce((extra, count) => extra + Math.max(0, count - 1), 0);
}

export const creatorOnboarding: LoadWorkflow = {
  name: 'creator-onboarding',
  request: (index, runId) => ({
    path: '/v1/creators/onboardings',
    body: {
      creator: {
        handle: handleOf(runId, index),
        displayName: `Load Creator ${index}`,
        email: emailOf(runId, index),
        region: 'ID',
        language: 'id',
        categories: ['beauty'],
        followers: index % 5 === 4 ? 999 : (FOLLOWERS[index % FOLLOWERS.length] ?? 20_000),
        avgViews: 4_000,
        engagementRate: 0.05,
        gmv30d: 0,
        birthDate: '1995-05-05',
      },
    },
  }),
  accepted: (index, answer): AcceptedStart | undefined => {
    const body = answer as { executionId?: unknown; creatorId?: unknown } | undefined;
    if (typeof body?.executionId !== 'string' || typeof body.creatorId !== 'string') return undefined;
    return { index, executionId: body.executionId, entityId: body.creatorId };
  },
  verify: async (context): Promise<Verification> => {
    const [creators, emails] = await Promise.all([creatorsOfRun(context), emailsOfRun(context)]);
    const outcomes: Record<string, number> = {};
    for (const creator of creators) {
      outcomes[`creators ${creator.status}`] = (outcomes[`creators ${creator.status}`] ?? 0) + 1;
    }
    const listed = new Set(creators.map((creator) => creator.creatorId));
    const answered = new Set(context.accepted.map((start) => start.entityId));
    const recipient = (email: StoredEmail) => email.destination.to.join(',');
    const welcomes = emails.filter((email) => email.subject.startsWith('Welcome'));
    const others = emails.filter((email) => !email.subject.startsWith('Welcome'));
    // What the duplicate checks below looked at: every email of this run the SES store holds.
    outcomes['welcome emails in the SES store'] = welcomes.length;
    outcomes['rejection notices in the SES store'] = others.length;
    return {
      duplicates: {
        creators: extraCopies(creators, (creator) => creator.handle),
        'welcome emails': extraCopies(welcomes, recipient),
        'rejection notices': extraCopies(others, recipient),
      },
      outcomes,
      missingEntityIds: context.accepted.flatMap((start) =>
        listed.has(start.entityId) ? [] : [start.entityId],
      ),
      unanswered: creators.filter((creator) => !answered.has(creator.creatorId)).length,
    };
  },
};
