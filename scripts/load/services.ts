import { LOCAL_REGION } from '#catalog/naming.ts';
import { DEFAULT_TABLE_NAME } from '#catalog/table.ts';
import { FAULTS_PATH } from '#local/faults/control.ts';

/**
 * What the load test needs from a running local runtime besides its API: the other services' URLs (read from
 * its `/health`), a partner and key of its own (through the admin module, as `npx partnerflow` does), and the
 * fault switchboard (`/local/faults`). Loopback only: the load test never reaches beyond this machine.
 */

export class LoadSetupError extends Error {
  override readonly name = 'LoadSetupError';
}

/** True for http URLs of this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return (
    parsed.protocol === 'http:' &&
    (host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host))
  );
}

export interface RuntimeServices {
  readonly dynamodbUrl: string;
  readonly sesUrl: string;
  readonly sfnUrl: string;
  readonly tableName: string;
}

interface HealthAnswer {
  readonly services?: Record<string, { readonly url?: string; readonly detail?: string } | undefined>;
}

/** Reads the runtime's services from its `/health` (a degraded runtime answers it too, with 503). */
export async function discoverServices(apiUrl: string): Promise<RuntimeServices> {
  let health: HealthAnswer;
  try {
    const response = await fetch(`${apiUrl}/health`, { signal: AbortSignal.timeout(10_000) });
    health = (await response.json()) as HealthAnswer;
  } catch (error) {
    throw new LoadSetupError(
      `No PartnerFlow runtime answers at ${apiUrl} (${(error as Error).message}); start one with npm start`,
    );
  }
  const url = (service: string) => {
    const found = health.services?.[service]?.url;
    if (found === undefined || !isLoopbackUrl(found)) {
      throw new LoadSetupError(`The runtime at ${apiUrl} reports no local ${service} URL in /health`);
    }
    return found;
  };
  const table = /^table (\S+)/.exec(health.services?.dynamodb?.detail ?? '')?.[1];
  return {
    dynamodbUrl: url('dynamodb'),
    sesUrl: url('ses'),
    sfnUrl: url('stepFunctions'),
    tableName: table ?? process.env.TABLE_NAME ?? DEFAULT_TABLE_NAME,
  };
}

/** Creates a partner for this run and a partner key, with the admin code `npx partnerflow` runs. */
export async function createLoadPartner(services: RuntimeServices, runId: string): Promise<string> {
  // The repositories read these once, when first loaded (just below).
  process.env.AWS_ENDPOINT_URL_DYNAMODB = services.dynamodbUrl;
  process.env.TABLE_NAME = services.tableName;
  process.env.AWS_REGION ||= LOCAL_REGION;
  if (!process.env.AWS_ACCESS_KEY_ID) {
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
  }
  const admin = await import('#cli/admin.ts');
  const partnerId = `load-${runId}`;
  await admin.createPartner({
    partnerId,
    name: `Load test ${runId}`,
    managerEmails: [`manager@${partnerId}.load.partnerflow.test`],
    timezone: 'Asia/Jakarta',
  });
  return (await admin.issueApiKey({ role: 'partner', partnerId })).key;
}

/** The runtime's fault rules, over `/local/faults`. */
export interface RemoteFaults {
  /** Replaces the rules (compact syntax or `transient@p`); resolves with the rules they replaced. */
  set(spec: string): Promise<readonly string[]>;
  /** Faults fired since the rules were last set. */
  injected(): Promise<number>;
}

interface FaultsAnswer {
  readonly rules?: readonly string[];
  readonly stats?: { readonly rules?: readonly { readonly fired?: number }[] };
}

export function remoteFaults(apiUrl: string): RemoteFaults {
  const call = async (method: string, body?: unknown): Promise<FaultsAnswer> => {
    const response = await fetch(`${apiUrl}${FAULTS_PATH}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status === 404) {
      throw new LoadSetupError(
        `The runtime at ${apiUrl} runs without fault injection: start it with PARTNERFLOW_FAULTS=none npm start`,
      );
    }
    const answer = (await response.json()) as FaultsAnswer & { error?: { message?: string } };
    if (!response.ok)
      throw new LoadSetupError(`The fault rules were refused: ${answer.error?.message ?? response.status}`);
    return answer;
  };
  return {
    set: async (spec) => {
      const before = await call('GET');
      await call('PUT', { spec });
      return before.rules ?? [];
    },
    injected: async () => {
      const now = await call('GET');
      return (now.stats?.rules ?? []).reduce((total, rule) => total + (rule.fired ?? 0), 0);
    },
  };
}
