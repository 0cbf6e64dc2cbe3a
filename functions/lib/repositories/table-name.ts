import { DEFAULT_TABLE_NAME } from '#catalog/table.ts';
import { optionalEnv } from '#lib/config.ts';

/** The table every repository uses (TABLE_NAME in AWS, the local default otherwise). */
export const TABLE_NAME = optionalEnv('TABLE_NAME', DEFAULT_TABLE_NAME);
