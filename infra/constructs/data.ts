import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { TableDefinition } from '#catalog/table.ts';
import { alarmNameFor, anyOccurrenceAlarm, type OpsSink } from './observability.ts';

export interface PartnerDataProps {
  readonly definition: TableDefinition;
  readonly ops: OpsSink;
}

const stringKey = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

/** The single table, exactly as `infra/catalog/table.ts` declares it, encrypted with its own rotating key. */
export class PartnerData extends Construct {
  readonly table: dynamodb.Table;
  readonly key: kms.Key;
  readonly definition: TableDefinition;

  constructor(scope: Construct, id: string, props: PartnerDataProps) {
    super(scope, id);
    const { definition } = props;
    this.definition = definition;

    this.key = new kms.Key(this, 'TableKey', {
      description: 'PartnerFlow: encrypts the table at rest',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: stringKey(definition.partitionKey),
      sortKey: stringKey(definition.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      deletionProtection: true,
      timeToLiveAttribute: definition.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of definition.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    // On-demand tables still throttle past their previous peak; any throttle means users waited or retried.
    const throttles = new cloudwatch.MathExpression({
      expression: 'reads + writes',
      usingMetrics: {
        reads: this.table.metric('ReadThrottleEvents', { statistic: 'Sum' }),
        writes: this.table.metric('WriteThrottleEvents', { statistic: 'Sum' }),
      },
      period: Duration.minutes(5),
      label: 'Throttle events',
    });
    props.ops.watch(
      anyOccurrenceAlarm(this, 'ThrottledAlarm', {
        name: alarmNameFor('table-throttled'),
        description: 'DynamoDB throttled reads or writes on the table',
        metric: throttles,
      }),
    );
  }

  /** ARNs of the indexes (Query and Scan may read them; nothing else acts on an index). */
  indexArns(): string[] {
    return this.definition.indexes.map((index) => `${this.table.tableArn}/index/${index.name}`);
  }
}
