import { createServer, type Server } from 'node:net';

/** The services of the local runtime that listen on a port. */
export type ServiceKey = 'api' | 'dynamodb' | 'ses' | 'sfn' | 'tiktok';

export type RuntimePorts = Record<ServiceKey, number>;

export interface PortSetting {
  /** How people call the service in messages. */
  readonly label: string;
  readonly defaultPort: number;
  /** The environment variable `npm start` reads the port from. */
  readonly variable: string;
  /** The `npm start -- <flag>` that overrides the variable. */
  readonly flag: string;
}

/** The fixed ports `npm start` uses, and how a person changes each one; tests pass 0 (ephemeral) instead. */
export const PORT_SETTINGS: Readonly<Record<ServiceKey, PortSetting>> = {
  api: { label: 'API', defaultPort: 3000, variable: 'PORT', flag: '--port' },
  dynamodb: {
    label: 'DynamoDB',
    defaultPort: 8000,
    variable: 'PARTNERFLOW_DYNAMODB_PORT',
    flag: '--dynamodb-port',
  },
  ses: { label: 'SES', defaultPort: 8005, variable: 'PARTNERFLOW_SES_PORT', flag: '--ses-port' },
  sfn: { label: 'Step Functions', defaultPort: 8083, variable: 'PARTNERFLOW_SFN_PORT', flag: '--sfn-port' },
  tiktok: {
    label: 'TikTok Shop stand-in',
    defaultPort: 8090,
    variable: 'PARTNERFLOW_TIKTOK_PORT',
    flag: '--tiktok-port',
  },
};

export const DEFAULT_PORTS: RuntimePorts = {
  api: PORT_SETTINGS.api.defaultPort,
  dynamodb: PORT_SETTINGS.dynamodb.defaultPort,
  ses: PORT_SETTINGS.ses.defaultPort,
  sfn: PORT_SETTINGS.sfn.defaultPort,
  tiktok: PORT_SETTINGS.tiktok.defaultPort,
};

/** A port another process holds; its message is the one line `npm start` prints before exiting 1. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';

  constructor(
    readonly service: ServiceKey,
    readonly host: string,
    readonly port: number,
  ) {
    const setting = PORT_SETTINGS[service];
    super(
      `${setting.label} cannot listen on ${host}:${port}: the port is already in use. ` +
        `Stop the other process or choose another port with ${setting.variable}=<port> or ${setting.flag} <port>.`,
    );
  }
}

/** True for the error Node raises when a listen address is taken. */
export function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}

/** Fails fast with a PortInUseError when the port is taken, before any service starts; port 0 is always free. */
export async function assertPortFree(service: ServiceKey, host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error) =>
      reject(isAddressInUse(error) ? new PortInUseError(service, host, port) : error),
    );
    probe.listen({ host, port, exclusive: true }, () => resolve());
  });
  await closeServer(probe);
}

/** Closes a server and waits for it; a server that never listened counts as closed. */
export function closeServer(server: Pick<Server, 'close' | 'listening'>): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

/** The port a listening server actually got (the ephemeral one when asked for 0). */
export function listeningPort(server: Pick<Server, 'address'>): number {
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('The server is not listening on a TCP port');
  return address.port;
}

/** Turns an EADDRINUSE from a service's own listen into the runtime's clear error; other errors pass through. */
export function explainListenError(service: ServiceKey, host: string, port: number, error: unknown): unknown {
  return isAddressInUse(error) ? new PortInUseError(service, host, port) : error;
}

/** `http://host:port`, bracketing IPv6 hosts. */
export function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
