import { type ParseArgsConfig, parseArgs } from 'node:util';

/** Where a command writes; tests and the real CLI pass stdout/stderr writers. */
export interface CommandIo {
  /** One line of normal output. */
  out(line: string): void;
  /** How a long operation is getting on (the real CLI shows it on a terminal only); optional. */
  progress?(line: string): void;
}

/** One action, e.g. `partners create`. */
export interface Subcommand {
  readonly name: string;
  readonly summary: string;
  /** The full `--help` text: usage line, what it does, every option. */
  readonly help: string;
  run(argv: readonly string[], io: CommandIo): Promise<void>;
}

/**
 * A top-level command with its actions. Every `infra/cli/commands/<name>.ts` exports one as `command`;
 * the CLI finds them by reading that folder, so a new command is one new file.
 */
export interface CommandGroup {
  readonly name: string;
  readonly summary: string;
  readonly subcommands: readonly Subcommand[];
}

/** The command line is wrong (unknown command, missing or invalid option): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The command was understood but could not be done (no such partner, invalid file): exit code 1. */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';
}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs in strict mode, with its errors turned into UsageErrors. */
export function parseCommandArgs<const Options extends OptionsConfig>(
  argv: readonly string[],
  options: Options,
  positionals: { min: number; max: number } = { min: 0, max: 0 },
) {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: Options; allowPositionals: true; strict: true }>
  >;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.positionals.length < positionals.min) throw new UsageError('A required argument is missing');
  if (parsed.positionals.length > positionals.max) {
    throw new UsageError(`Unexpected argument '${parsed.positionals[positionals.max]}'`);
  }
  return parsed;
}

/** A string option that must be present. */
export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${flag} is required`);
  return value.trim();
}
