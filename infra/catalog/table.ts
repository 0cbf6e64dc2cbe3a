/**
 * The single DynamoDB table, declared once: the CDK data construct and the local runtime both create it
 * from this definition, and the repositories read key and index names from here.
 */
export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export interface TableDefinition {
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly timeToLiveAttribute: string;
  readonly indexes: readonly IndexDefinition[];
}

export const DEFAULT_TABLE_NAME = 'partnerflow';

export const table: TableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  indexes: [
    // A partner's entities of one kind, sortable by status and time (creators by tier, open reviews, ...).
    { name: 'byPartner', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    // Cross-partner lists by state and date (active campaigns by end date, reviews by SLA deadline, ...).
    { name: 'byState', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
};
