/**
 * The secrets scan of the whole test run. In every test file (test/support/setup.ts installs it) it records
 * every line the code under test writes to stdout and stderr (the Powertools logs of every handler, the local
 * runtime's own output), every line of the test runtimes' logs, and every execution the local Step Functions
 * service stored (input, output, history). When the file ends it looks there for the secrets the run handled:
 * the TikTok app secret and the review-link signing key (by value), seller tokens and auth codes, API keys and
 * review-link tokens (by value and by shape). A leak fails the file; test/support/secret-scan-summary.ts prints
 * what the whole run scanned.
 */

import { appendFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where each test file leaves its scan figures for the run's summary. */
    secretScanDirectory: string;
  }
}

/** Credentials recognizable by their shape, whatever their value. */
const SECRET_SHAPES: Readonly<Record<string, RegExp>> = {
  'an API key': /\bpf_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}\b/,
  'a seller token (TikTok stand-in)': /\bTTP_[A-Za-z0-9_-]{40}\b/,
  'a seller auth code (TikTok stand-in)': /\bROW_code_[A-Za-z0-9_-]{40}\b/,
  'a review-link token': /\beyJ2Ijox[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{43}\b/,
};

interface Scanned {
  readonly place: string;
  readonly text: string;
}

const logChunks: string[] = [];
const executionData: Scanned[] = [];
const knownSecrets = new Map<string, string>();
let installed = false;

/** A secret value the run handles (what it is, for the report): its appearance anywhere scanned is a leak. */
export function recordKnownSecret(what: string, value: string | undefined): void {
  if (value !== undefined && value.length >= 12) knownSecrets.set(value, what);
}

/** A line of a test runtime's own log (kept in memory by test/support/runtime.ts, not printed). */
export function recordRuntimeLog(line: string): void {
  logChunks.push(line, '\n');
}

/** Reads every execution a local Step Functions service stored under `directory` (before it is deleted). */
export async function recordStoredExecutions(directory: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(directory, { recursive: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    try {
      executionData.push({
        place: `stored execution ${entry}`,
        text: await readFile(join(directory, entry), 'utf8'),
      });
    } catch {
      // A folder, or a file removed meanwhile: nothing to read.
    }
  }
}

function tap(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    logChunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return write(chunk, ...rest);
  }) as typeof stream.write;
}

/** Every leak in `text`: `<what> in <place>`, never the secret itself. */
function leaksIn(place: string, text: string): string[] {
  const leaks: string[] = [];
  for (const [value, what] of knownSecrets) if (text.includes(value)) leaks.push(`${what} in ${place}`);
  for (const [what, shape] of Object.entries(SECRET_SHAPES)) {
    const match = shape.exec(text);
    if (match !== null) leaks.push(`${what} (${match[0].slice(0, 10)}…) in ${place}`);
  }
  return leaks;
}

/** Taps stdout and stderr and scans everything recorded when the test file ends. */
export function installSecretScan(): void {
  if (installed) return;
  installed = true;
  tap(process.stdout);
  tap(process.stderr);
  afterAll(() => {
    const logs = logChunks.join('');
    const leaks = [
      ...leaksIn('the logs (stdout, stderr, runtime log)', logs),
      ...executionData.flatMap((scanned) => leaksIn(scanned.place, scanned.text)),
    ];
    const directory = inject('secretScanDirectory');
    if (directory !== undefined) {
      const figures = {
        logLines: logs.split('\n').length - 1,
        executionFiles: executionData.length,
        knownSecrets: knownSecrets.size,
        leaks: leaks.length,
      };
      appendFileSync(join(directory, `${process.pid}.jsonl`), `${JSON.stringify(figures)}\n`);
    }
    if (leaks.length > 0) {
      throw new Error(`Secrets leaked during this test file:\n  ${[...new Set(leaks)].join('\n  ')}`);
    }
  });
}
