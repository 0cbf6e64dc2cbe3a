import { LOCAL_REGION } from '#catalog/naming.ts';
import { DEFAULT_TABLE_NAME } from '#catalog/table.ts';
import { UsageError } from '#cli/command.ts';

export const LOCAL_DYNAMODB_ENDPOINT = 'http://127.0.0.1:8000';
/** The `npm start` Step Functions service and API, for the ops commands (executions, reviews). */
export const LOCAL_SFN_ENDPOINT = 'http://127.0.0.1:8083';
export const LOCAL_API_URL = 'http://127.0.0.1:3000';

export interface CliTarget {
  readonly kind: 'local' | 'aws';
  readonly tableName: string;
  /** The DynamoDB endpoint in use; undefined means AWS's own for the region. */
  readonly dynamodbEndpoint: string | undefined;
}

export interface GlobalOptions {
  readonly aws: boolean;
  readonly table: string | undefined;
}

/**
 * Points the AWS SDK at the target through its standard variables, before any repository module is loaded
 * (they read TABLE_NAME once). Local (the default): AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SFN and
 * PARTNERFLOW_API_URL as set, else the `npm start` services, with a region and dummy credentials. `--aws`: the SDK's default credential chain and region, and the
 * local endpoint variables are ignored so a leftover one cannot send admin writes to a laptop (the ops commands
 * then need PARTNERFLOW_API_URL, the deployed API, for reviews).
 */
export function configureCliEnvironment(
  options: GlobalOptions,
  env: NodeJS.ProcessEnv = process.env,
): CliTarget {
  if (options.aws) {
    const tableName = options.table ?? env.TABLE_NAME;
    if (tableName === undefined || tableName === '') {
      throw new UsageError(
        '--aws needs --table NAME (the deployed table, see the stack outputs) or TABLE_NAME',
      );
    }
    delete env.AWS_ENDPOINT_URL_DYNAMODB;
    delete env.AWS_ENDPOINT_URL_SFN;
    env.TABLE_NAME = tableName;
    return { kind: 'aws', tableName, dynamodbEndpoint: undefined };
  }
  env.AWS_ENDPOINT_URL_DYNAMODB ||= LOCAL_DYNAMODB_ENDPOINT;
  env.AWS_ENDPOINT_URL_SFN ||= LOCAL_SFN_ENDPOINT;
  env.PARTNERFLOW_API_URL ||= LOCAL_API_URL;
  env.AWS_REGION ||= LOCAL_REGION;
  // The local stand-ins accept any credentials, but the SDK refuses to sign without some.
  if (!env.AWS_ACCESS_KEY_ID) {
    env.AWS_ACCESS_KEY_ID = 'local';
    env.AWS_SECRET_ACCESS_KEY = 'local';
  }
  const tableName = options.table ?? (env.TABLE_NAME || DEFAULT_TABLE_NAME);
  env.TABLE_NAME = tableName;
  return { kind: 'local', tableName, dynamodbEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB };
}
