#!/usr/bin/env node
// `npx partnerflow`: the admin CLI. The CLI is TypeScript (infra/cli/main.ts), run through tsx's loader.
import { register } from 'tsx/esm/api';

// The AWS SDK's Node 20 end-of-support notice says nothing actionable to an admin; this silences only that notice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();

const { runCli } = await import('../infra/cli/main.ts');
process.exitCode = await runCli(
  process.argv.slice(2),
  { out: (line) => process.stdout.write(`${line}\n`) },
  (line) => process.stderr.write(`${line}\n`),
);
