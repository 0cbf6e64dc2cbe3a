// dynalite ships no types; this is the part of its API the local runtime uses (see node_modules/dynalite/index.js).
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** LevelDB folder; in memory when absent. */
    path?: string;
    /** How long a new table stays CREATING (default 500 ms). */
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
    verbose?: boolean;
    debug?: boolean;
  }

  /** An HTTP server speaking the DynamoDB API; its `close` also closes the LevelDB store. */
  function dynalite(options?: DynaliteOptions): Server;
  export default dynalite;
}
