import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** A data folder another runtime is using; its message is the one line `npm start` prints before exiting 1. */
export class DataFolderInUseError extends Error {
  override readonly name = 'DataFolderInUseError';

  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The data folder ${dataDir} is in use by another PartnerFlow runtime (process ${pid}). ` +
        'Stop it, or choose another folder with PARTNERFLOW_DATA_DIR=<dir> or --data-dir <dir>.',
    );
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const LOCK_FILE = 'runtime.lock';

/**
 * Claims the data folder for this runtime. Two runtimes on one folder would share dynalite's LevelDB, whose
 * lock makes the second one crash on its first request; this fails first, with a message that says what to do.
 * A lock left by a process that no longer runs is taken over. Resolves with the function that releases it.
 */
export async function lockDataFolder(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder))
        throw new DataFolderInUseError(dataDir, holder);
      await rm(path, { force: true });
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}`);
}
