#!/usr/bin/env node
// `npx partnerflow`: the admin CLI. The CLI is TypeScript (infra/cli/main.ts), run through tsx's loader.
import { register } from 'tsx/esm/api';

// The AWS SDK's Node 20 end-of-support notice says nothing actionable to an admin; this silences only that notice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();

const { runCli } = await import('../infra/cli/main.ts');
process.exitCode = await runCli(
  process.argv.slice(2),
  {
    out: (line) => process.stdout.write(`${line}\n`),
    // Progress rewrites one terminal line; piped or redirected, it would only clutter the output.
    progress: (line) => {
      if (process.stderr.isTTY) process.stderr.write(`\r${line}\u001b[K`);
    },
  },
  (line) => process.stderr.write(`${line}\n`),
);
