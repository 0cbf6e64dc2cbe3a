import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_REGION } from '#catalog/naming.ts';
import { DataFolderInUseError } from '#local/data-lock.ts';
import { listeningPort, PortInUseError } from '#local/ports.ts';
import { startLocalRuntime } from '#local/runtime.ts';
import { api, pollUntil, startTestRuntime, type TestRuntime } from '#test/support/runtime.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const EPHEMERAL = { api: 0, dynamodb: 0, ses: 0, sfn: 0, tiktok: 0 };
const quiet = () => undefined;

function documentClientFor(endpoint: string) {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: LOCAL_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
}

/** Holds a port the way another program would. */
async function occupyPort(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return server;
}

describe('a started runtime', () => {
  let runtime: TestRuntime;

  beforeAll(async () => {
    runtime = await startTestRuntime();
  });

  afterAll(() => runtime?.close());

  it('listens on ephemeral ports, not the fixed ones npm start uses', () => {
    // Assert
    for (const port of Object.values(runtime.ports)) {
      expect(port).toBeGreaterThan(0);
      expect([3000, 8000, 8005, 8083]).not.toContain(port);
    }
    expect(runtime.urls.api).toBe(`http://127.0.0.1:${runtime.ports.api}`);
  });

  it('reports every service up on GET /health', async () => {
    // Act
    const answer = await api(runtime).get<{ status: string; services: Record<string, { status: string }> }>(
      '/health',
    );

    // Assert
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('ok');
    expect(Object.keys(answer.body.services).sort()).toEqual([
      'api',
      'dynamodb',
      'scheduler',
      'ses',
      'stepFunctions',
    ]);
    for (const [name, service] of Object.entries(answer.body.services)) {
      expect(service.status, name).toBe('up');
    }
    expect(answer.body.services).toMatchObject({
      api: { url: runtime.urls.api },
      dynamodb: { url: runtime.urls.dynamodb },
      ses: { url: runtime.urls.ses },
      stepFunctions: { url: runtime.urls.sfn },
    });
  });

  it('gives client processes the variables that point the SDK at it', () => {
    // Assert
    expect(runtime.env).toMatchObject({
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_DYNAMODB: runtime.urls.dynamodb,
      AWS_ENDPOINT_URL_SES: runtime.urls.ses,
      AWS_ENDPOINT_URL_SFN: runtime.urls.sfn,
      API_BASE_URL: runtime.urls.api,
      TABLE_NAME: runtime.tableName,
      SENDER_EMAIL: 'no-reply@partnerflow.local',
    });
  });

  it('answers 503 "degraded" and names the service once one is down (kept last: it stops Step Functions)', async () => {
    // Arrange
    await runtime.sfn.close();

    // Act
    const answer = await api(runtime).get<{ status: string; services: Record<string, { status: string }> }>(
      '/health',
    );

    // Assert
    expect(answer.status).toBe(503);
    expect(answer.body.status).toBe('degraded');
    expect(answer.body.services.stepFunctions?.status).toBe('down');
    expect(answer.body.services.dynamodb?.status).toBe('up');
  });
});

describe('persistence', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'partnerflow-persist-'));
    delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  });

  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('keeps a table item across a close and a restart on the same data folder', async () => {
    // Arrange
    const first = await startLocalRuntime({ dataDir, ports: EPHEMERAL, schedules: false, log: quiet });
    const writer = documentClientFor(first.urls.dynamodb);
    const item = { pk: 'TEST#persistence', sk: 'ITEM', note: 'written before the restart' };
    await writer.send(new PutCommand({ TableName: first.tableName, Item: item }));
    writer.destroy();
    await first.close();

    // Act: the same ports, as `npm start` would use again (SDK clients in this process keep their endpoint).
    const second = await startLocalRuntime({
      dataDir,
      ports: { ...EPHEMERAL, ...first.ports },
      schedules: false,
      log: quiet,
    });
    const reader = documentClientFor(second.urls.dynamodb);
    try {
      const { Item } = await reader.send(
        new GetCommand({ TableName: second.tableName, Key: { pk: item.pk, sk: item.sk } }),
      );

      // Assert
      expect(Item).toEqual(item);
    } finally {
      reader.destroy();
      await second.close();
    }
  });

  it('refuses a second runtime on a data folder in use, saying which process holds it', async () => {
    // Arrange
    const first = await startLocalRuntime({ dataDir, ports: EPHEMERAL, schedules: false, log: quiet });
    try {
      // Act
      const second = startLocalRuntime({ dataDir, ports: EPHEMERAL, schedules: false, log: quiet });

      // Assert
      await expect(second).rejects.toBeInstanceOf(DataFolderInUseError);
      await expect(second).rejects.toThrow(`in use by another PartnerFlow runtime (process ${process.pid})`);
    } finally {
      await first.close();
    }
  });
});

describe('a port in use', () => {
  let holder: Server;
  let dataDir: string;

  beforeAll(async () => {
    holder = await occupyPort();
    dataDir = await mkdtemp(join(tmpdir(), 'partnerflow-busy-'));
    delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  });

  afterAll(async () => {
    await new Promise((done) => holder.close(done));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('fails with an error naming the service, the port and how to change it', async () => {
    // Arrange
    const port = listeningPort(holder);

    // Act
    const starting = startLocalRuntime({
      dataDir,
      ports: { ...EPHEMERAL, ses: port },
      schedules: false,
      log: quiet,
    });

    // Assert
    await expect(starting).rejects.toBeInstanceOf(PortInUseError);
    await expect(starting).rejects.toThrow(
      `SES cannot listen on 127.0.0.1:${port}: the port is already in use. ` +
        `Stop the other process or choose another port with PARTNERFLOW_SES_PORT=<port> or --ses-port <port>.`,
    );
  });
});

describe('npm start', () => {
  let child: ChildProcess | undefined;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'partnerflow-start-'));
  });

  afterEach(() => {
    // Only a failed test leaves it running.
    if (child?.exitCode === null) child.kill('SIGKILL');
  });

  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  /** Runs infra/local/start.ts (what `npm start` runs) with every port ephemeral unless overridden. */
  function start(extraArgs: string[] = []) {
    const output = { stdout: '', stderr: '' };
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_NO_WARNINGS: '1',
      PARTNERFLOW_DATA_DIR: dataDir,
      PORT: '0',
      PARTNERFLOW_DYNAMODB_PORT: '0',
      PARTNERFLOW_SES_PORT: '0',
      PARTNERFLOW_SFN_PORT: '0',
    };
    delete env.AWS_ENDPOINT_URL_DYNAMODB;
    const started = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts', ...extraArgs], {
      cwd: REPO_ROOT,
      env,
    });
    started.stdout.on('data', (chunk: Buffer) => {
      output.stdout += chunk.toString();
    });
    started.stderr.on('data', (chunk: Buffer) => {
      output.stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((done) => started.on('exit', (code) => done(code)));
    child = started;
    return { process: started, output, exited };
  }

  it('is healthy within 15 s, then stops on SIGTERM with exit code 0', async () => {
    // Arrange
    const startedAt = Date.now();
    const run = start();

    // Act
    const apiUrl = await pollUntil(
      async () => {
        if (run.process.exitCode !== null) throw new Error(`npm start exited early: ${run.output.stderr}`);
        return /^\s+API\s+(http:\S+)$/m.exec(run.output.stdout)?.[1];
      },
      {
        timeoutMs: 15_000,
        describe: () => `no API URL printed yet:\n${run.output.stdout}${run.output.stderr}`,
      },
    );
    const health = await fetch(`${apiUrl}/health`);
    const readyInMs = Date.now() - startedAt;
    run.process.kill('SIGTERM');
    const code = await run.exited;

    // Assert
    expect(health.status).toBe(200);
    expect(readyInMs).toBeLessThan(15_000);
    expect(run.output.stdout).toContain(`${apiUrl}/v1/openapi.json`);
    expect(run.output.stdout).toContain(dataDir);
    expect(code, run.output.stderr).toBe(0);
  });

  it('prints one line and exits 1 when a port is taken', async () => {
    // Arrange
    const holder = await occupyPort();
    const port = listeningPort(holder);
    try {
      // Act
      const run = start(['--port', String(port)]);
      const code = await run.exited;

      // Assert
      expect(code).toBe(1);
      expect(run.output.stderr.trim()).toBe(
        `API cannot listen on 127.0.0.1:${port}: the port is already in use. ` +
          'Stop the other process or choose another port with PORT=<port> or --port <port>.',
      );
    } finally {
      await new Promise((done) => holder.close(done));
    }
  });
});
