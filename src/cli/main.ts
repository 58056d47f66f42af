/** The `paymon` command line: dispatches subcommands and maps failures to exit codes. */
import { PaymonError } from '../shared/errors.ts';
import { KeytarStore } from '../core/secrets/keytar-store.ts';
import { CHECK_USAGE, runCheck } from './check.ts';
import { WATCH_USAGE, runWatch } from './watch.ts';
import { KEYS_USAGE, runKeys } from './keys.ts';
import { LINK_USAGE, runLink } from './link.ts';
import { INGEST_USAGE, runIngest } from './ingest.ts';
import { TEAM_USAGE, runTeam } from './team.ts';
import { line, UsageError, type CliIO } from './io.ts';

const USAGE = `Usage: paymon <command> [options]

Commands:
  check   look payments up once and print their status
  watch   follow payments until each reaches a final status
  keys    add, list, verify and remove API keys in the OS keychain
  link    print paymon:// links that open payments in the app (for tickets)
  ingest  take a webhook body as a hint: the app or "paymon watch" checks its payments now
  team    test the team database (PAYMON_DATABASE_URL) or copy your watchlist into it
  help    show this text

Run "paymon <command> --help" for a command's options.`;

type Command = (args: string[], io: CliIO) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  check: { run: (args, io) => runCheck(args, io, new KeytarStore()), usage: CHECK_USAGE },
  watch: { run: (args, io) => runWatch(args, io, new KeytarStore()), usage: WATCH_USAGE },
  keys: { run: (args, io) => runKeys(args, io, new KeytarStore()), usage: KEYS_USAGE },
  link: { run: (args, io) => runLink(args, io), usage: LINK_USAGE },
  ingest: { run: (args, io) => runIngest(args, io), usage: INGEST_USAGE },
  team: { run: (args, io) => runTeam(args, io, new KeytarStore()), usage: TEAM_USAGE },
};

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`${line`paymon: unknown command "${name}"`}\n\n${USAGE}\n`);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (err) {
    if (err instanceof UsageError || (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr.write(`${line`paymon ${name}: ${err.message}`}\n\n${command.usage}\n`);
      return 2;
    }
    if (err instanceof PaymonError) {
      io.stderr.write(line`paymon ${name}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
