import {
  CommandFailure,
  type CommandGroup,
  parseCommandArgs,
  required,
  type Subcommand,
  UsageError,
} from '#cli/command.ts';
import { PORT_SETTINGS } from '#local/ports.ts';

/**
 * `partnerflow tiktok ...`: talks to the local TikTok Shop stand-in that `npm start` runs (infra/local/tiktok/), at
 * PARTNERFLOW_TIKTOK_URL, else 127.0.0.1 on PARTNERFLOW_TIKTOK_PORT (default 8090). There is no such thing in AWS:
 * there, sellers authorize the app in TikTok Shop and send the code TikTok gives them.
 */
function standInUrl(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.PARTNERFLOW_TIKTOK_URL ?? '';
  if (fromEnv !== '') return fromEnv.replace(/\/$/, '');
  const port = env[PORT_SETTINGS.tiktok.variable] || String(PORT_SETTINGS.tiktok.defaultPort);
  return `http://127.0.0.1:${port}`;
}

async function call(path: string, init: RequestInit): Promise<Response> {
  const url = `${standInUrl()}${path}`;
  try {
    return await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  } catch {
    throw new CommandFailure(
      `Cannot reach the TikTok Shop stand-in at ${standInUrl()}: start the local runtime with \`npm start\` (or set PARTNERFLOW_TIKTOK_URL)`,
    );
  }
}

async function failureOf(response: Response): Promise<CommandFailure> {
  const text = await response.text();
  let message = text;
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') message = parsed.message;
  } catch {
    // Not JSON: show the text.
  }
  return new CommandFailure(`The TikTok Shop stand-in refused (${response.status}): ${message}`);
}

const authCode: Subcommand = {
  name: 'auth-code',
  summary: 'Mint a seller auth code at the local TikTok Shop (printed on the last line)',
  help: `Usage: partnerflow tiktok auth-code --shop NAME [--region CC]

Makes the local TikTok Shop stand-in issue a fresh auth code for the shop NAME (the shop is made up the first
time it is named), as TikTok does when a seller authorizes the app. The code works once and expires after
30 minutes. It is printed as the last line, for scripts:

  CODE=$(npx partnerflow tiktok auth-code --shop "Acme Beauty" | tail -n 1)

Options:
  --shop NAME     the shop's name
  --region CC     the shop's region, an ISO 3166-1 alpha-2 code (default US)`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { shop: { type: 'string' }, region: { type: 'string' } });
    const shopName = required(values.shop, '--shop');
    const region = (values.region ?? 'US').trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(region)) throw new UsageError('--region must be a two-letter country code');
    const response = await call('/__local/auth-codes', {
      method: 'POST',
      body: JSON.stringify({ shopName, region }),
    });
    if (!response.ok) throw await failureOf(response);
    const issued = (await response.json()) as {
      code: string;
      expiresAt: string;
      shop: { id: string; name: string; region: string };
    };
    io.out(
      `Auth code for shop ${issued.shop.name} (${issued.shop.id}, ${issued.shop.region}), single use, valid until ${issued.expiresAt}:`,
    );
    // Scripts read the code from the last line: nothing may be printed after it.
    io.out(issued.code);
  },
};

const fail: Subcommand = {
  name: 'fail',
  summary: 'Make the local TikTok Shop fail its next calls (429, 5xx, invalid code, rejected)',
  help: `Usage: partnerflow tiktok fail --kind KIND [--endpoint ENDPOINT] [--times N]

Arms a failure in the local TikTok Shop stand-in for the next N calls (default 1) of an endpoint.

Options:
  --kind KIND          rate-limit (429), server-error (500), invalid-code, invalid-refresh-token,
                       rejected (a collaboration call refused for good)
  --endpoint ENDPOINT  token/get, token/refresh, shops, target-collaborations/create,
                       target-collaborations/remove, or * for any (default *)
  --times N            how many calls fail (default 1)

partnerflow tiktok fail --clear removes every armed failure.`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      kind: { type: 'string' },
      endpoint: { type: 'string' },
      times: { type: 'string' },
      clear: { type: 'boolean' },
    });
    if (values.clear === true) {
      const response = await call('/__local/faults', { method: 'DELETE' });
      if (!response.ok) throw await failureOf(response);
      io.out('Cleared every armed TikTok Shop failure.');
      return;
    }
    const kind = required(values.kind, '--kind');
    const times = Number(values.times ?? '1');
    if (!Number.isInteger(times) || times < 1)
      throw new UsageError('--times must be a whole number of at least 1');
    const endpoint = values.endpoint ?? '*';
    const response = await call('/__local/faults', {
      method: 'POST',
      body: JSON.stringify({ kind, endpoint, times }),
    });
    if (response.status === 400) throw new UsageError((await failureOf(response)).message);
    if (!response.ok) throw await failureOf(response);
    io.out(`The next ${times} call(s) to ${endpoint} will fail with ${kind}.`);
  },
};

export const command: CommandGroup = {
  name: 'tiktok',
  summary: 'Drive the local TikTok Shop stand-in (auth codes, failures)',
  subcommands: [authCode, fail],
};
