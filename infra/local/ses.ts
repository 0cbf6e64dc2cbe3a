import sesLocal from 'aws-ses-v2-local';
import { listeningPort, PortInUseError, urlOf } from '#local/ports.ts';

export interface LocalSes {
  /** SDK endpoint and, at `/`, the page that shows every captured email. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

// Node's ESM loader hands over the CommonJS exports (`{ default: start }`); vitest's loader unwraps them to `start`.
const startSesServer = ((sesLocal as unknown as { default?: typeof sesLocal.default }).default ??
  sesLocal) as typeof sesLocal.default;

/** One email as aws-ses-v2-local stores it (`GET /store`; its own `Email` type in dist/store.d.ts). */
export interface CapturedEmail {
  readonly messageId: string;
  readonly from: string;
  readonly replyTo: readonly string[];
  readonly destination: {
    readonly to: readonly string[];
    readonly cc: readonly string[];
    readonly bcc: readonly string[];
  };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
  readonly attachments: readonly {
    readonly content: string;
    readonly contentType: string;
    readonly filename?: string;
    readonly size: number;
  }[];
  /** Epoch seconds. */
  readonly at: number;
}

/**
 * Starts aws-ses-v2-local, which captures every email sent through the SES API. Its mailbox lives in this
 * process's memory, so it is emptied on start: a restarted runtime starts with no emails, as a restarted
 * process would.
 */
export async function startSes(options: { host: string; port: number }): Promise<LocalSes> {
  const server = await startSesServer({ host: options.host, port: options.port });
  // Its listen callback ignores errors and resolves anyway; a server that is not listening lost the port.
  if (!server.listening) throw new PortInUseError('ses', options.host, options.port);
  const port = listeningPort(server);
  const url = urlOf(options.host, port);
  const cleared = await fetch(`${url}/clear-store`, { method: 'POST' });
  if (!cleared.ok) throw new Error(`SES at ${url} refused to clear its store (${cleared.status})`);
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Reads captured emails, optionally only those sent at or after `since` (second precision, as SES local keeps). */
export async function readCapturedEmails(sesUrl: string, since?: Date): Promise<CapturedEmail[]> {
  const query = since === undefined ? '' : `?since=${Math.floor(since.getTime() / 1000)}`;
  const response = await fetch(`${sesUrl}/store${query}`);
  if (!response.ok) throw new Error(`SES store answered ${response.status}`);
  const store = (await response.json()) as { emails: CapturedEmail[] };
  return store.emails;
}
