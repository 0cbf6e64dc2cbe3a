// `npm run docs`: writes docs/workflows.md from the catalog and the ASL files.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';

// The AWS SDK's Node 20 end-of-support notice (the catalog loads it) says nothing to someone writing docs.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { REPO_ROOT, renderWorkflowsDoc, WORKFLOWS_DOC } = await import('./workflows-doc.ts');

await mkdir(dirname(WORKFLOWS_DOC), { recursive: true });
await writeFile(WORKFLOWS_DOC, await renderWorkflowsDoc());
process.stdout.write(`Wrote ${relative(REPO_ROOT, WORKFLOWS_DOC)}\n`);
