// Loaded by vitest before every test file (vitest.config.ts `setupFiles`).
import '#local/polyfills.ts';
import { installSecretScan } from '#test/support/secret-scan.ts';

// Every line the code under test logs is scanned for secrets when the file ends (test/support/secret-scan.ts).
installSecretScan();
