import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface LogQueriesProps {
  /** Every function's log group (JSON lines with correlationId, executionId, step, requestId). */
  readonly functionLogGroups: readonly logs.ILogGroup[];
  /** Every state machine's execution log group (execution_arn carries the business id). */
  readonly workflowLogGroups: readonly logs.ILogGroup[];
  /** The API's access logs (requestId, status, keyId...). */
  readonly apiLogGroups: readonly logs.ILogGroup[];
}

/** What ops replace with the id they look for, e.g. `cr_7fk2m9q4x8rt3wz5`. */
export const BUSINESS_ID_PLACEHOLDER = 'BUSINESS_ID';
/** A Logs Insights query reads at most 50 log groups. */
export const MAX_LOG_GROUPS_PER_QUERY = 50;

export const QUERY_FOLDER = 'PartnerFlow';

/**
 * Saved Logs Insights queries for ops: everything logged about one business id (the API request that started
 * it, every task, the state machine's own events), and the recent workflow failures. A business id is the start
 * of the execution name, the correlation id every log line of an execution carries.
 */
export class LogQueries extends Construct {
  readonly definitions: logs.QueryDefinition[] = [];

  constructor(scope: Construct, id: string, props: LogQueriesProps) {
    super(scope, id);
    const everything = [...props.apiLogGroups, ...props.functionLogGroups, ...props.workflowLogGroups];
    const parts = Math.ceil(everything.length / MAX_LOG_GROUPS_PER_QUERY);
    for (let part = 0; part < parts; part += 1) {
      const logGroups = everything.slice(
        part * MAX_LOG_GROUPS_PER_QUERY,
        (part + 1) * MAX_LOG_GROUPS_PER_QUERY,
      );
      const suffix = parts === 1 ? '' : ` (part ${part + 1} of ${parts})`;
      this.definitions.push(
        new logs.QueryDefinition(this, `OneBusinessId${part + 1}`, {
          queryDefinitionName: `${QUERY_FOLDER}/One business id${suffix}`,
          queryString: new logs.QueryString({
            fields: [
              '@timestamp',
              '@log',
              'level',
              'message',
              'correlationId',
              'step',
              'requestId',
              'type',
              'execution_arn',
              '@message',
            ],
            filterStatements: [
              `correlationId like /${BUSINESS_ID_PLACEHOLDER}/ or execution_arn like /${BUSINESS_ID_PLACEHOLDER}/ or @message like /${BUSINESS_ID_PLACEHOLDER}/`,
            ],
            sort: '@timestamp asc',
            limit: 10_000,
          }),
          logGroups,
        }),
      );
    }
    if (props.workflowLogGroups.length > 0) {
      this.definitions.push(
        new logs.QueryDefinition(this, 'WorkflowFailures', {
          queryDefinitionName: `${QUERY_FOLDER}/Workflow failures`,
          queryString: new logs.QueryString({
            fields: ['@timestamp', 'execution_arn', 'type', 'details.error', 'details.cause'],
            filterStatements: ['type in ["ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted"]'],
            sort: '@timestamp desc',
            limit: 1_000,
          }),
          logGroups: props.workflowLogGroups.slice(0, MAX_LOG_GROUPS_PER_QUERY),
        }),
      );
    }
  }
}
