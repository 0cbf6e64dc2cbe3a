// `npm start`: the whole of PartnerFlow on this machine, in this one process, with no AWS account.
import { parseArgs } from 'node:util';
import { DataFolderInUseError } from '#local/data-lock.ts';
import { PORT_SETTINGS, PortInUseError, type RuntimePorts, type ServiceKey } from '#local/ports.ts';
import { DEFAULT_DATA_DIR, DEFAULT_HOST, type LocalRuntime, startLocalRuntime } from '#local/runtime.ts';

const USAGE = `Usage: npm start -- [options]

Starts the local PartnerFlow runtime: API, DynamoDB, SES, Step Functions and the scheduler.

Options (each also read from the environment variable in brackets):
  --data-dir DIR        where data persists [PARTNERFLOW_DATA_DIR] (default ${DEFAULT_DATA_DIR})
  --host HOST           address every service listens on (default ${DEFAULT_HOST})
${(Object.keys(PORT_SETTINGS) as ServiceKey[])
  .map((service) => {
    const setting = PORT_SETTINGS[service];
    return `  ${`${setting.flag} PORT`.padEnd(22)}${setting.label} port [${setting.variable}] (default ${setting.defaultPort})`;
  })
  .join('\n')}
  --no-schedules        do not run the schedule timers [PARTNERFLOW_SCHEDULES=off]
  --faults RULES        inject faults [PARTNERFLOW_FAULTS] (default off): none (on, set later with
                        PUT /local/faults), transient@0.1, dynamodb:ThrottlingException@0.1, @rules.json
  -h, --help            show this help

Set AWS_ENDPOINT_URL_DYNAMODB to use another DynamoDB (e.g. DynamoDB Local) instead of the built-in one.`;

class UsageError extends Error {}

function parsePort(value: string, source: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new UsageError(`${source} must be a port number (0-65535), got '${value}'`);
  return port;
}

function readSettings(argv: readonly string[], env: NodeJS.ProcessEnv) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'data-dir': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'dynamodb-port': { type: 'string' },
      'ses-port': { type: 'string' },
      'sfn-port': { type: 'string' },
      'tiktok-port': { type: 'string' },
      'no-schedules': { type: 'boolean' },
      faults: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  const flags: Record<ServiceKey, string | undefined> = {
    api: values.port,
    dynamodb: values['dynamodb-port'],
    ses: values['ses-port'],
    sfn: values['sfn-port'],
    tiktok: values['tiktok-port'],
  };
  const ports: Partial<RuntimePorts> = {};
  for (const service of Object.keys(PORT_SETTINGS) as ServiceKey[]) {
    const setting = PORT_SETTINGS[service];
    const fromFlag = flags[service];
    const fromEnv = env[setting.variable];
    if (fromFlag !== undefined) ports[service] = parsePort(fromFlag, setting.flag);
    else if (fromEnv !== undefined && fromEnv !== '') ports[service] = parsePort(fromEnv, setting.variable);
  }
  const schedulesOff =
    values['no-schedules'] === true || /^(off|false|0)$/i.test(env.PARTNERFLOW_SCHEDULES ?? '');
  return {
    help: values.help === true,
    options: {
      ...(values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] }),
      ...(values.host === undefined ? {} : { host: values.host }),
      ports,
      schedules: !schedulesOff,
      ...(values.faults === undefined ? {} : { faults: values.faults }),
    },
  };
}

function banner(runtime: LocalRuntime, startedInMs: number): string {
  const row = (label: string, value: string) => `  ${label.padEnd(17)}${value}`;
  const cliEndpoint =
    runtime.urls.dynamodb === 'http://127.0.0.1:8000'
      ? ''
      : `AWS_ENDPOINT_URL_DYNAMODB=${runtime.urls.dynamodb} `;
  return [
    `PartnerFlow is running (ready in ${(startedInMs / 1000).toFixed(1)} s)`,
    '',
    row('API', runtime.urls.api),
    row('Health', `${runtime.urls.api}/health`),
    row('OpenAPI', `${runtime.urls.api}/v1/openapi.json`),
    row('API reference', `${runtime.urls.api}/v1/docs`),
    row(
      'Ops console',
      `${runtime.urls.api}/console  (needs an ops key: npx partnerflow keys create --role ops)`,
    ),
    row('Emails (SES)', `${runtime.urls.ses}  (open it to read every email sent)`),
    row(
      'DynamoDB',
      `${runtime.urls.dynamodb}  (table ${runtime.tableName}${runtime.externalDynamoDb ? ', external endpoint' : ''})`,
    ),
    row('Step Functions', runtime.urls.sfn),
    row('TikTok Shop', `${runtime.urls.tiktok}  (stand-in: npx partnerflow tiktok auth-code --shop NAME)`),
    row(
      'Scheduler',
      runtime.scheduler.armed ? `${runtime.scheduler.scheduleIds.length} schedules` : 'timers off',
    ),
    row('Data folder', runtime.dataDir),
    '',
    'Next steps, in another terminal:',
    `  ${cliEndpoint}npx partnerflow partners create --id acme --name "Acme Agency" --manager-email manager@acme.example --timezone Asia/Jakarta`,
    `  ${cliEndpoint}npx partnerflow keys create --partner acme --role partner`,
    `  curl -H "Authorization: Bearer <the key>" ${runtime.urls.api}/v1/creators`,
    '',
    'Press Ctrl-C to stop.',
  ].join('\n');
}

async function main(): Promise<void> {
  // The SDK's Node 20 end-of-support notice says nothing actionable here; this switch silences only that notice.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let settings: ReturnType<typeof readSettings>;
  try {
    settings = readSettings(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (settings.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const startedAt = performance.now();
  let runtime: LocalRuntime;
  try {
    runtime = await startLocalRuntime({
      ...settings.options,
      log: (line) => process.stdout.write(`${line}\n`),
    });
  } catch (error) {
    // Both known causes already say what to do; anything else is prefixed, and never shows a stack trace.
    const known = error instanceof PortInUseError || error instanceof DataFolderInUseError;
    const message = known
      ? (error as Error).message
      : `PartnerFlow could not start: ${(error as Error).message}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
  process.stdout.write(`${banner(runtime, performance.now() - startedAt)}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting without waiting for a clean shutdown\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write('\nStopping PartnerFlow...\n');
    runtime.close().then(
      () => {
        process.stdout.write('Stopped. Data is saved in the data folder.\n');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`PartnerFlow did not stop cleanly: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
