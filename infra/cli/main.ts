// `npx partnerflow` (bin/partnerflow.mjs runs `runCli`): admin commands against the local runtime (default) or a
// deployed stack (--aws).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CommandGroup, type CommandIo, UsageError } from '#cli/command.ts';
import { type CliTarget, configureCliEnvironment, type GlobalOptions } from '#cli/environment.ts';

const COMMANDS_DIR = join(import.meta.dirname, 'commands');

const GLOBAL_HELP = `Global options:
  --aws          act on the deployed stack with the AWS default credential chain (needs --table)
  --table NAME   the DynamoDB table (default TABLE_NAME, else partnerflow)
  -h, --help     help for any command, e.g. partnerflow keys create --help

Without --aws the CLI talks to the local runtime (npm start): AWS_ENDPOINT_URL_DYNAMODB if set,
else http://127.0.0.1:8000.`;

/** Takes `--aws` and `--table NAME` out of the arguments wherever they appear. */
function extractGlobalOptions(argv: readonly string[]): { globals: GlobalOptions; rest: string[] } {
  const rest: string[] = [];
  let aws = false;
  let table: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (argument === '--') {
      rest.push(...argv.slice(index));
      break;
    }
    if (argument === '--aws') aws = true;
    else if (argument.startsWith('--table=')) table = argument.slice('--table='.length);
    else if (argument === '--table') {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith('-')) throw new UsageError('--table needs a table name');
      table = value;
      index += 1;
    } else rest.push(argument);
  }
  return { globals: { aws, table }, rest };
}

function isCommandGroup(value: unknown): value is CommandGroup {
  const candidate = value as Partial<CommandGroup> | undefined;
  return typeof candidate?.name === 'string' && Array.isArray(candidate.subcommands);
}

/** Every `commands/*.ts` module's `command`, sorted by name: adding a command is adding a file. */
async function loadCommands(): Promise<CommandGroup[]> {
  const files = (await readdir(COMMANDS_DIR)).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.d.ts'),
  );
  const groups = await Promise.all(
    files.map(async (file) => {
      const module = (await import(pathToFileURL(join(COMMANDS_DIR, file)).href)) as { command?: unknown };
      if (!isCommandGroup(module.command))
        throw new Error(`infra/cli/commands/${file} does not export a command`);
      return module.command;
    }),
  );
  return groups.sort((a, b) => a.name.localeCompare(b.name));
}

function topLevelHelp(groups: readonly CommandGroup[]): string {
  const lines = groups.flatMap((group) =>
    group.subcommands.map((sub) => `  ${`${group.name} ${sub.name}`.padEnd(20)}${sub.summary}`),
  );
  return `Usage: partnerflow <command> <action> [options]\n\nCommands:\n${lines.join('\n')}\n\n${GLOBAL_HELP}`;
}

function groupHelp(group: CommandGroup): string {
  const lines = group.subcommands.map((sub) => `  ${sub.name.padEnd(12)}${sub.summary}`);
  return `Usage: partnerflow ${group.name} <action> [options]\n\n${group.summary}.\n\nActions:\n${lines.join('\n')}\n\n${GLOBAL_HELP}`;
}

const wantsHelp = (argv: readonly string[]) => argv.includes('--help') || argv.includes('-h');

/** Turns the failures people actually meet into one line that says what to do. */
function describeFailure(error: unknown, target: CliTarget | undefined): string {
  const failure = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = failure.code ?? failure.cause?.code;
  const where = target?.dynamodbEndpoint ?? 'AWS';
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ECONNRESET') {
    return target?.kind === 'local'
      ? `Cannot reach DynamoDB at ${where}: start the local runtime with \`npm start\` (or set AWS_ENDPOINT_URL_DYNAMODB, or use --aws)`
      : `Cannot reach DynamoDB at ${where} (${code})`;
  }
  if (failure.name === 'ResourceNotFoundException') {
    return `Table ${target?.tableName ?? ''} does not exist at ${where}: check --table (or start the local runtime once to create it)`;
  }
  if (failure.message === 'Region is missing') {
    return 'No AWS region: set AWS_REGION (or AWS_PROFILE with a region) for --aws';
  }
  if (failure.name === 'CredentialsProviderError') {
    return 'No AWS credentials found: configure the AWS CLI (aws configure / aws sso login) or set AWS_PROFILE';
  }
  return failure.message || String(error);
}

async function dispatch(argv: readonly string[], io: CommandIo): Promise<void> {
  const groups = await loadCommands();
  const [groupName, subName, ...rest] = argv;
  if (groupName === undefined || groupName === 'help' || groupName === '--help' || groupName === '-h') {
    io.out(topLevelHelp(groups));
    return;
  }
  const group = groups.find((candidate) => candidate.name === groupName);
  if (group === undefined)
    throw new UsageError(`Unknown command '${groupName}'. Run 'partnerflow --help' to list them`);
  if (subName === undefined || subName === '--help' || subName === '-h') {
    io.out(groupHelp(group));
    return;
  }
  const sub = group.subcommands.find((candidate) => candidate.name === subName);
  if (sub === undefined) {
    throw new UsageError(`Unknown action '${group.name} ${subName}'. Run 'partnerflow ${group.name} --help'`);
  }
  if (wantsHelp(rest)) {
    io.out(sub.help);
    return;
  }
  try {
    await sub.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      throw new UsageError(`${error.message}. Run 'partnerflow ${group.name} ${sub.name} --help' for usage`);
    }
    throw error;
  }
}

/** Runs the CLI and resolves with its exit code: 0 done, 1 failed, 2 usage error. */
export async function runCli(
  argv: readonly string[],
  io: CommandIo,
  error: (line: string) => void,
): Promise<number> {
  let target: CliTarget | undefined;
  try {
    const { globals, rest } = extractGlobalOptions(argv);
    target = configureCliEnvironment(globals);
    await dispatch(rest, io);
    return 0;
  } catch (failure) {
    error(`partnerflow: ${describeFailure(failure, target)}`);
    return failure instanceof UsageError ? 2 : 1;
  }
}
