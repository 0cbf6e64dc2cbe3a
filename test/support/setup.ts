// Loaded by vitest before every test file (vitest.config.ts `setupFiles`).
import '#local/polyfills.ts';
