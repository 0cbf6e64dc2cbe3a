/**
 * The accept-path bench's server, run as a child process so the load generator does not share its event loop:
 * the local runtime (DynamoDB, the functions in-process) plus an API server with the catalog's routes and the
 * floor's route. Its Step Functions endpoint is a second local service whose workflows are one Succeed state,
 * so executions started during the run cost the same for both routes and the accept path is measured alone.
 * Prints `BENCH-READY {json}` once it listens; stops on SIGTERM.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { AUTHORIZER_FUNCTION_ID, routes, workflows } from '#catalog/index.ts';
import { localStateMachineArn, stateMachineName } from '#catalog/naming.ts';
import { startApiServer } from '#local/api/server.ts';
import { invokeLocalFunction } from '#local/lambda/invoke.ts';
import { startLocalRuntime } from '#local/runtime.ts';
import { startStepFunctionsService } from '#local/sfn/service.ts';
import { acceptFloor, FLOOR_FUNCTION_ID, FLOOR_ROUTE } from '#scripts/bench/accept/floor.ts';

const ONE_STATE = JSON.stringify({ StartAt: 'Accepted', States: { Accepted: { Type: 'Succeed' } } });

const dataDir = await mkdtemp(join(tmpdir(), 'partnerflow-bench-accept-'));
const runtime = await startLocalRuntime({
  dataDir,
  ports: { api: 0, dynamodb: 0, ses: 0, sfn: 0, tiktok: 0 },
  schedules: false,
  log: () => undefined,
});
const stubSfn = await startStepFunctionsService({
  port: 0,
  dataDir: join(dataDir, 'accept-only-stepfunctions'),
  machines: workflows.map((workflow) => ({
    name: stateMachineName(workflow.name),
    arn: localStateMachineArn(workflow.name),
    definition: ONE_STATE,
  })),
  invokeFunction: () => Promise.reject(new Error('The accept-only workflows run no function')),
});
// Before any handler module loads: the shared Step Functions client reads its endpoint when it is built.
process.env.AWS_ENDPOINT_URL_SFN = stubSfn.url;

const admin = await import('#cli/admin.ts');
const partner = await admin.createPartner({
  partnerId: 'bench-accept',
  name: 'Accept Bench Agency',
  managerEmails: ['manager@bench-accept.example.com'],
  timezone: 'UTC',
});
const { key } = await admin.issueApiKey({ role: 'partner', partnerId: partner.partnerId });

const api = await startApiServer({
  port: 0,
  routes: [...routes, FLOOR_ROUTE],
  invokeFunction: (functionId, event) =>
    functionId === FLOOR_FUNCTION_ID
      ? acceptFloor(event as APIGatewayProxyEvent)
      : invokeLocalFunction(functionId, event),
  authorizerFunctionId: AUTHORIZER_FUNCTION_ID,
  // The per-key throttle (50 requests/s) would cap the measurement itself: lifted for both routes alike.
  rateLimit: { requestsPerSecond: 1_000_000, burst: 1_000_000 },
});

process.stdout.write(`BENCH-READY ${JSON.stringify({ url: api.url, key, floorPath: FLOOR_ROUTE.path })}\n`);

process.once('SIGTERM', async () => {
  await api.close();
  await stubSfn.close();
  await runtime.close();
  await rm(dataDir, { recursive: true, force: true });
  process.exit(0);
});
