import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const WEB_DIR = join(import.meta.dirname, 'web');

export interface ConsoleAsset {
  readonly contentType: string;
  readonly body: string;
}

let script: Promise<ConsoleAsset> | undefined;

/**
 * The console's script: web/main.ts and what it imports (the shared ops modules in infra/ops/), bundled once per
 * process by esbuild (already a dependency for Lambda bundles) into one ES module with no external imports.
 */
export function consoleScript(): Promise<ConsoleAsset> {
  script ??= (async () => {
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: [join(WEB_DIR, 'main.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      sourcemap: 'inline',
      logLevel: 'silent',
    });
    const output = result.outputFiles[0];
    if (output === undefined) throw new Error('esbuild produced no console script');
    return { contentType: 'text/javascript; charset=utf-8', body: output.text };
  })();
  // A failed build is not cached: the next request tries again (after the file is fixed).
  script.catch(() => {
    script = undefined;
  });
  return script;
}

const staticFiles = new Map<string, Promise<ConsoleAsset>>();

/** A file of web/ served as is (the page and its style sheet), read once. */
export function consoleFile(name: 'index.html' | 'console.css'): Promise<ConsoleAsset> {
  let file = staticFiles.get(name);
  if (file === undefined) {
    file = readFile(join(WEB_DIR, name), 'utf8').then((body) => ({
      contentType: name.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/css; charset=utf-8',
      body,
    }));
    staticFiles.set(name, file);
  }
  return file;
}
