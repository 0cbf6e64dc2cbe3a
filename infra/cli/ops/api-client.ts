import { CommandFailure } from '#cli/command.ts';

/** What the API answered, parsed. */
export interface ApiAnswer<Body> {
  readonly status: number;
  readonly body: Body;
}

const KEY_HELP = 'set PARTNERFLOW_API_KEY to an ops key (partnerflow keys create --role ops)';

/**
 * PartnerFlow's API for the ops commands: PARTNERFLOW_API_URL (the local runtime's by default, the deployed
 * stack's with --aws) with the ops key from PARTNERFLOW_API_KEY. A key in the environment, never on the command
 * line, where shell history and process lists would keep it.
 */
export async function callApi<Body>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<ApiAnswer<Body>> {
  const baseUrl = process.env.PARTNERFLOW_API_URL;
  if (baseUrl === undefined || baseUrl === '') {
    throw new CommandFailure(
      'Set PARTNERFLOW_API_URL to the API (the stack output ApiUrl) to use the API with --aws',
    );
  }
  const key = process.env.PARTNERFLOW_API_KEY;
  if (key === undefined || key.trim() === '') throw new CommandFailure(`No API key: ${KEY_HELP}`);
  let response: Response;
  try {
    response = await fetch(`${baseUrl.replace(/\/$/, '')}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key.trim()}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    const code =
      ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code ?? (error as Error).message;
    throw new CommandFailure(
      `Cannot reach the API at ${baseUrl} (${code}): start the local runtime with \`npm start\``,
    );
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON (a gateway page): the message below says what status it was.
  }
  if (response.status === 401)
    throw new CommandFailure(`The API refused the key (unknown or revoked): ${KEY_HELP}`);
  if (response.status === 403) throw new CommandFailure(`The key may not do this: ${KEY_HELP}`);
  return { status: response.status, body: parsed as Body };
}

/** The API's error message (`{"error": {"message"}}`), or the status. */
export function apiErrorMessage(answer: ApiAnswer<unknown>): string {
  const error = (
    answer.body as { error?: { message?: string; details?: { path: string; issue: string }[] } } | undefined
  )?.error;
  const details = (error?.details ?? []).map((detail) => `${detail.path} ${detail.issue}`).join('; ');
  return `${error?.message ?? `The API answered ${answer.status}`}${details === '' ? '' : `: ${details}`}`;
}
