// The ops commands' view of Step Functions: PartnerFlow's state machines (found by name, locally or in AWS),
// and execution ids as ops type them (an execution id, a business id, or an ARN).
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  type ExecutionListItem,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { workflows as catalogWorkflows } from '#catalog/index.ts';
import { stateMachineName } from '#catalog/naming.ts';
import type { WorkflowName } from '#catalog/types.ts';
import { CommandFailure } from '#cli/command.ts';
import type { FeedExecution, FeedPage } from '#infra/ops/executions-feed.ts';
import { executionNameFor } from '#lib/workflows/executions.ts';

export interface DeployedWorkflow {
  readonly name: WorkflowName;
  readonly stateMachineArn: string;
  /** What its execution names end with, after the business id and a dash. */
  readonly suffix: string;
}

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'EHOSTUNREACH']);

/** Turns "cannot connect" into what to do about it; anything else goes on unchanged. */
export function explainSfnFailure(error: unknown): unknown {
  const failure = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = failure.code ?? failure.cause?.code;
  if (code === undefined || !CONNECTION_ERRORS.has(code)) return error;
  const endpoint = process.env.AWS_ENDPOINT_URL_SFN;
  return new CommandFailure(
    endpoint === undefined
      ? `Cannot reach Step Functions (${code})`
      : `Cannot reach Step Functions at ${endpoint}: start the local runtime with \`npm start\` (or set AWS_ENDPOINT_URL_SFN, or use --aws)`,
  );
}

/** Step Functions for the ops commands: AWS_ENDPOINT_URL_SFN locally (set by the CLI), the account's with --aws. */
export class OpsStepFunctions {
  readonly client = new SFNClient({});
  private deployed: Promise<DeployedWorkflow[]> | undefined;

  /** Calls Step Functions (`sfn.call((client) => client.send(...))`), with connection failures explained. */
  async call<Output>(request: (client: SFNClient) => Promise<Output>): Promise<Output> {
    try {
      return await request(this.client);
    } catch (error) {
      throw explainSfnFailure(error);
    }
  }

  /** PartnerFlow's workflows that exist on the target, in catalog order. */
  workflows(): Promise<DeployedWorkflow[]> {
    this.deployed ??= (async () => {
      const arnsByName = new Map<string, string>();
      let nextToken: string | undefined;
      do {
        const page = await this.call((client) => client.send(new ListStateMachinesCommand({ nextToken })));
        for (const machine of page.stateMachines ?? []) {
          if (machine.name !== undefined && machine.stateMachineArn !== undefined)
            arnsByName.set(machine.name, machine.stateMachineArn);
        }
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
      return catalogWorkflows.flatMap((spec) => {
        const stateMachineArn = arnsByName.get(stateMachineName(spec.name));
        return stateMachineArn === undefined
          ? []
          : [{ name: spec.name, stateMachineArn, suffix: executionNameFor(spec.name, '').slice(1) }];
      });
    })();
    return this.deployed;
  }

  async listPage(
    stateMachineArn: string,
    nextToken: string | undefined,
    status: string | undefined,
  ): Promise<FeedPage> {
    const page = await this.call((client) =>
      client.send(
        new ListExecutionsCommand({
          stateMachineArn,
          nextToken,
          maxResults: 100,
          ...(status === undefined ? {} : { statusFilter: status as ExecutionListItem['status'] }),
        }),
      ),
    );
    const items: FeedExecution[] = (page.executions ?? []).map((item) => ({
      executionArn: item.executionArn ?? '',
      stateMachineArn: item.stateMachineArn ?? stateMachineArn,
      name: item.name ?? '',
      status: item.status ?? 'UNKNOWN',
      startDate: item.startDate ?? new Date(0),
      ...(item.stopDate === undefined ? {} : { stopDate: item.stopDate }),
      ...(item.redriveCount === undefined ? {} : { redriveCount: item.redriveCount }),
    }));
    return { items, ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }) };
  }

  /**
   * The execution an id names: an execution ARN, an execution id (`cr_7fk2-onboarding`), or a business id
   * (`cr_7fk2`, looked up in every workflow). Fails clearly when none matches, or more than one does.
   */
  async resolve(
    id: string,
  ): Promise<{ execution: DescribeExecutionCommandOutput; workflow: DeployedWorkflow }> {
    const workflows = await this.workflows();
    const candidates = id.startsWith('arn:')
      ? [id]
      : workflows.map((workflow) => {
          const name = id.endsWith(`-${workflow.suffix}`) ? id : `${id}-${workflow.suffix}`;
          return `${workflow.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
        });
    const found = (
      await Promise.all(
        candidates.map(async (executionArn) => {
          try {
            return await this.call((client) => client.send(new DescribeExecutionCommand({ executionArn })));
          } catch (error) {
            if ((error as Error).name === 'ExecutionDoesNotExist') return undefined;
            throw error;
          }
        }),
      )
    ).filter((execution): execution is DescribeExecutionCommandOutput => execution !== undefined);
    if (found.length === 0) throw new CommandFailure(`No execution ${id}`);
    if (found.length > 1) {
      throw new CommandFailure(
        `${id} names ${found.length} executions (${found.map((execution) => execution.name).join(', ')}): give the execution id`,
      );
    }
    const execution = found[0] as DescribeExecutionCommandOutput;
    const workflow = workflows.find((candidate) => candidate.stateMachineArn === execution.stateMachineArn);
    if (workflow === undefined)
      throw new CommandFailure(`${id} is not an execution of a PartnerFlow workflow`);
    return { execution, workflow };
  }

  close(): void {
    this.client.destroy();
  }
}
