import { readFile } from 'node:fs/promises';
import { AdminInputError, createPartner, setPartnerSettings, showPartner } from '#cli/admin.ts';
import {
  CommandFailure,
  type CommandGroup,
  parseCommandArgs,
  required,
  type Subcommand,
  UsageError,
} from '#cli/command.ts';

const create: Subcommand = {
  name: 'create',
  summary: 'Create a partner (an agency using PartnerFlow)',
  help: `Usage: partnerflow partners create --id ID --name NAME --manager-email EMAIL [--manager-email EMAIL...] --timezone TZ

Creates a partner with empty settings. It fails if the id is taken.

Options:
  --id ID               URL-safe id, 3-40 characters of A-Z a-z 0-9 - _ (e.g. acme)
  --name NAME           display name
  --manager-email EMAIL a manager who receives reviews and the weekly report (repeat for several)
  --timezone TZ         IANA time zone of the weekly report, e.g. Asia/Jakarta`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      id: { type: 'string' },
      name: { type: 'string' },
      'manager-email': { type: 'string', multiple: true },
      timezone: { type: 'string' },
    });
    const input = {
      partnerId: required(values.id, '--id'),
      name: required(values.name, '--name'),
      managerEmails: (values['manager-email'] ?? []).map((email) => email.trim()),
      timezone: required(values.timezone, '--timezone'),
    };
    if (input.managerEmails.length === 0) throw new UsageError('--manager-email is required');
    try {
      const partner = await createPartner(input);
      io.out(`Created partner ${partner.partnerId} (${partner.name}), time zone ${partner.timezone}.`);
      io.out(`Managers: ${partner.managerEmails.join(', ')}`);
    } catch (error) {
      // Bad values on the command line are usage errors, like a missing flag.
      if (error instanceof AdminInputError) throw new UsageError(error.message);
      throw error;
    }
  },
};

const settings: Subcommand = {
  name: 'settings',
  summary: "Replace a partner's settings from a JSON file",
  help: `Usage: partnerflow partners settings ID --file settings.json

Replaces the partner's settings with the JSON object in the file, after checking every section against its
schema (functions/lib/settings.ts lists the known sections). {} clears them.

Options:
  --file PATH   a JSON file holding one object`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { file: { type: 'string' } }, { min: 1, max: 1 });
    const partnerId = required(positionals[0], 'ID');
    const file = required(values.file, '--file');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new CommandFailure(
        `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new CommandFailure(`${file} is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new CommandFailure(`${file} must hold a JSON object`);
    }
    await setPartnerSettings(partnerId, parsed);
    io.out(`Replaced the settings of partner ${partnerId}.`);
  },
};

const show: Subcommand = {
  name: 'show',
  summary: 'Print a partner as JSON',
  help: `Usage: partnerflow partners show ID

Prints the partner's profile and settings as JSON.`,
  async run(argv, io) {
    const { positionals } = parseCommandArgs(argv, {}, { min: 1, max: 1 });
    const partner = await showPartner(required(positionals[0], 'ID'));
    io.out(JSON.stringify(partner, null, 2));
  },
};

export const command: CommandGroup = {
  name: 'partners',
  summary: 'Create partners, set their settings, show them',
  subcommands: [create, settings, show],
};
