/**
 * Imported first by scripts/bench/main.ts: the functions run in the bench's process, and their Powertools
 * logger reads its level when its module loads, which static imports can make happen before main.ts's own
 * code runs. Their info logs, and the warnings of the failure paths the cost bench runs on purpose, would bury
 * the progress lines.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
