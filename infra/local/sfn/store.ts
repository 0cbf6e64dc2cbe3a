import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecutionRecord, StoredEvent } from '#local/sfn/model.ts';

/** Everything kept about one execution, one JSON file each. */
export interface PersistedExecution {
  readonly version: 1;
  readonly execution: ExecutionRecord;
  readonly events: readonly StoredEvent[];
  /** SHA-256 digests of the task tokens it minted (never the tokens). */
  readonly taskTokenDigests: readonly string[];
}

/**
 * Executions on disk under `<dataDir>/executions/`. Each write goes to a temporary file that is then renamed
 * over the old one, so a crash leaves either the previous or the new version, never half a file. Changes are
 * coalesced: an execution changed many times in one tick is written once, with its latest state.
 */
export class ExecutionStore {
  private readonly pending = new Map<string, () => PersistedExecution>();
  private draining: Promise<void> | undefined;
  private closed = false;

  private constructor(private readonly directory: string) {}

  /** Opens (creating if needed) the folder and reads every execution saved in it. */
  static async open(dataDir: string): Promise<{ store: ExecutionStore; executions: PersistedExecution[] }> {
    const directory = join(dataDir, 'executions');
    await mkdir(directory, { recursive: true });
    const executions: PersistedExecution[] = [];
    for (const entry of await readdir(directory)) {
      const path = join(directory, entry);
      if (entry.endsWith('.tmp')) {
        await rm(path, { force: true }); // an interrupted write; the file it was replacing is intact
        continue;
      }
      if (!entry.endsWith('.json')) continue;
      const saved = parseSaved(await readFile(path, 'utf8'));
      if (saved === undefined) {
        console.warn(`Step Functions: ignoring unreadable execution file ${path}`);
        continue;
      }
      executions.push(saved);
    }
    return { store: new ExecutionStore(directory), executions };
  }

  /** Asks for an execution to be written soon; `snapshot` is read at write time, so the latest state wins. */
  save(executionArn: string, snapshot: () => PersistedExecution): void {
    if (this.closed) return;
    this.pending.set(executionArn, snapshot);
    this.draining ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
  }

  /** Resolves once everything asked for so far is on disk. */
  async flush(): Promise<void> {
    await this.draining;
  }

  /** Writes what is pending, then ignores any later change. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private async drain(): Promise<void> {
    while (this.pending.size > 0) {
      const batch = [...this.pending];
      this.pending.clear();
      await Promise.all(batch.map(([executionArn, snapshot]) => this.write(executionArn, snapshot())));
    }
    this.draining = undefined;
  }

  private async write(executionArn: string, execution: PersistedExecution): Promise<void> {
    const path = join(this.directory, `${fileKey(executionArn)}.json`);
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, JSON.stringify(execution), 'utf8');
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      console.error(`Step Functions: could not save ${executionArn}`, error);
    }
  }
}

/** Execution names are case-sensitive and may hold characters a file name should not: hash the ARN instead. */
function fileKey(executionArn: string): string {
  return createHash('sha256').update(executionArn).digest('hex').slice(0, 40);
}

function parseSaved(text: string): PersistedExecution | undefined {
  try {
    const saved = JSON.parse(text) as Partial<PersistedExecution> | null;
    if (saved?.version !== 1 || saved.execution === undefined || !Array.isArray(saved.events))
      return undefined;
    return { ...saved, taskTokenDigests: saved.taskTokenDigests ?? [] } as PersistedExecution;
  } catch {
    return undefined;
  }
}
