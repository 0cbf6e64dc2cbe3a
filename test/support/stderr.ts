import { vi } from 'vitest';

export interface CapturedStream {
  /** Everything written so far. */
  text(): string;
  /** Puts the real stream back (call it in `afterEach`). */
  restore(): void;
}

/**
 * Captures what the code under test writes to stderr (and keeps it off the test output), so a test can assert
 * that a cause was logged without reaching the client.
 */
export function captureStderr(): CapturedStream {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  return { text: () => chunks.join(''), restore: () => spy.mockRestore() };
}
