import { AdminInputError, issueApiKey, revokeKey } from '#cli/admin.ts';
import { type CommandGroup, parseCommandArgs, required, type Subcommand, UsageError } from '#cli/command.ts';

const create: Subcommand = {
  name: 'create',
  summary: 'Mint an API key (printed once, on the last line)',
  help: `Usage: partnerflow keys create --role partner|manager|ops [--partner ID]

Mints an API key and stores only its hash. The key is printed once, as the last line of the output:
copy it now, it cannot be shown again.

Options:
  --role ROLE     partner (a partner's systems), manager (decides reviews) or ops (sees every partner)
  --partner ID    the partner the key belongs to; required for partner and manager keys, refused for ops`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { partner: { type: 'string' }, role: { type: 'string' } });
    const role = required(values.role, '--role');
    try {
      const issued = await issueApiKey({
        role,
        ...(values.partner === undefined ? {} : { partnerId: values.partner.trim() }),
      });
      const owner = issued.partnerId === undefined ? 'every partner' : `partner ${issued.partnerId}`;
      io.out(`Created ${issued.role} key ${issued.keyId} for ${owner}. It is shown once; store it now:`);
      // Scripts read the key from the last line: nothing may be printed after it.
      io.out(issued.key);
    } catch (error) {
      if (error instanceof AdminInputError) throw new UsageError(error.message);
      throw error;
    }
  },
};

const revoke: Subcommand = {
  name: 'revoke',
  summary: 'Revoke an API key by its id',
  help: `Usage: partnerflow keys revoke KEYID

Revokes the key (the id is the part after "pf_" and before the next "_"; the full key works too).
API Gateway may accept a revoked key until its authorizer cache expires (up to 60 s in the local runtime).`,
  async run(argv, io) {
    const { positionals } = parseCommandArgs(argv, {}, { min: 1, max: 1 });
    const record = await revokeKey(required(positionals[0], 'KEYID'));
    io.out(`Revoked key ${record.keyId} (${record.role}) at ${record.revokedAt ?? 'an unknown time'}.`);
  },
};

export const command: CommandGroup = {
  name: 'keys',
  summary: 'Create and revoke API keys',
  subcommands: [create, revoke],
};
