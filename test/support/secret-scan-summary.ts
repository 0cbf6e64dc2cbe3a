// vitest globalSetup: a folder for every test file's secret-scan figures (test/support/secret-scan.ts), summed up
// when the run ends, so the run says how much it scanned and what it found.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

interface Figures {
  readonly logLines: number;
  readonly executionFiles: number;
  readonly knownSecrets: number;
  readonly leaks: number;
}

export default function setup(project: TestProject): () => void {
  const directory = mkdtempSync(join(tmpdir(), 'partnerflow-secret-scan-'));
  project.provide('secretScanDirectory', directory);
  return () => {
    const files = readdirSync(directory);
    const figures = files.flatMap((file) =>
      readFileSync(join(directory, file), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Figures),
    );
    rmSync(directory, { recursive: true, force: true });
    const sum = (key: keyof Figures) => figures.reduce((total, entry) => total + entry[key], 0);
    console.log(
      `Secret scan: ${sum('logLines')} log lines and ${sum('executionFiles')} stored executions from ` +
        `${figures.length} test files, searched for ${sum('knownSecrets')} known secret values and every API key, ` +
        `seller token, auth code and review-link token by shape: ${sum('leaks')} leaks.`,
    );
  };
}
