/**
 * CLI mode of the app binary (`paymon` in installed apps, see cli-args.ts): runs the same
 * command-line entry as bin/paymon.js inside the Electron main process, before any window, tray
 * or single-instance lock, then exits with the CLI's code. No electron import: the app is passed in.
 */
import type { Writable } from 'node:stream';
import { toErrorInfo } from '../shared/errors.ts';
import { main as cliMain } from '../cli/main.ts';
import type { CliIO } from '../cli/io.ts';

/** The parts of Electron's `app` that CLI mode uses. */
export interface CliAppLike {
  exit(code: number): void;
  /** macOS only: a command-line run must not put an icon in the Dock. */
  dock?: { hide(): void } | undefined;
}

/** Resolves once everything written to `stream` so far has been handed to the OS, or it failed. */
function drained(stream: Writable): Promise<void> {
  // A broken stream (stdout piped into `head` that has quit: EPIPE) never calls back; exit anyway.
  if (stream.destroyed || stream.writableEnded || stream.errored) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('error', () => resolve());
    stream.once('close', () => resolve());
    stream.write('', () => resolve());
  });
}

/** Runs the CLI with `args` and exits the app with its code (1 if it threw). */
export async function runCliMode(args: string[], app: CliAppLike, io: CliIO = processIO()): Promise<number> {
  app.dock?.hide();
  let code: number;
  try {
    code = await cliMain(args, io);
  } catch (err) {
    io.stderr.write(`paymon: ${toErrorInfo(err).message}\n`);
    code = 1;
  }
  // app.exit() ends the process at once: let the output reach the terminal or pipe first.
  // It also ends a keychain call abandoned after its timeout, which bin/paymon.js waits out.
  await Promise.all([drained(io.stdout), drained(io.stderr)]);
  app.exit(code);
  return code;
}

function processIO(): CliIO {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}
