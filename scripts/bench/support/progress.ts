const started = performance.now();

/** Prints one progress line to stderr with the time since the bench started (stdout stays clean). */
export function progress(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${seconds} s] ${message}\n`);
}
