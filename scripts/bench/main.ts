/**
 * `npm run bench`: runs every benchmark (or those named with `--only a,b`) and writes docs/benchmarks.md with
 * the figures, the machine, the date and the command. Progress goes to stderr. `--quick` runs tiny sizes (a
 * smoke check) and writes nothing unless `--out <file>` is given.
 */
import '#scripts/bench/support/quiet-logs.ts';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FULL, QUICK } from '#scripts/bench/settings.ts';
import { SUITES } from '#scripts/bench/suites.ts';
import { renderDocument } from '#scripts/bench/support/document.ts';
import { currentLoad, describeMachine } from '#scripts/bench/support/machine.ts';
import type { Section } from '#scripts/bench/support/markdown.ts';
import { progress } from '#scripts/bench/support/progress.ts';
import { closeBenchRuntime } from '#scripts/bench/support/runtime.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    `Usage: npm run bench [-- --only ${SUITES.map((suite) => suite.name).join(',')}] [--quick] [--out FILE]\n`,
  );
  process.exit(0);
}

const only = values.only?.split(',').map((name) => name.trim());
const unknown = only?.filter((name) => !SUITES.some((suite) => suite.name === name)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(
    `Unknown benchmark ${unknown.join(', ')}; known: ${SUITES.map((s) => s.name).join(', ')}\n`,
  );
  process.exit(2);
}

const sizes = values.quick ? QUICK : FULL;
const out = values.out ?? (values.quick ? undefined : 'docs/benchmarks.md');
const startedAt = new Date();
const machine = describeMachine();
const sections: Section[] = [];
try {
  for (const suite of SUITES.filter((candidate) => only === undefined || only.includes(candidate.name))) {
    progress(`${suite.name}: starting`);
    sections.push(await suite.run(sizes));
    progress(`${suite.name}: done`);
  }
} finally {
  await closeBenchRuntime();
}
const document = renderDocument({
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  startedAt,
  durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
  machine,
  loadAtEnd: currentLoad(),
  sections,
});
if (out === undefined) {
  process.stdout.write(document);
} else {
  await writeFile(resolve(REPO_ROOT, out), document);
  progress(`wrote ${out}`);
}
for (const target of sections.flatMap((section) => section.targets)) {
  progress(`${target.met ? 'met    ' : 'NOT MET'} ${target.target}: ${target.detail}`);
}
