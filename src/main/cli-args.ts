/**
 * The packaged app doubles as the `paymon` command: the launcher scripts in resources/bin run the
 * app binary with CLI_MARKER first. That replaces ELECTRON_RUN_AS_NODE, which editors use for their
 * CLIs but which the RunAsNode fuse turns off in our builds (electron-builder.yml, "electronFuses").
 * Pure: no electron import, so it is unit-tested under Node.
 */

/** The argument that switches the app binary into CLI mode. */
export const CLI_MARKER = '--paymon-cli';

/**
 * The CLI's own arguments when `argv` (process.argv of the app) asks for CLI mode, else null.
 * The marker counts only before a `--`; a `--` right after it (which the launchers pass so that
 * Chromium takes none of the CLI's options as its switches) is dropped.
 */
export function cliModeArgs(argv: readonly string[]): string[] | null {
  // argv[0] is the executable; in development the app path may stand before the marker.
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return null;
    if (arg === CLI_MARKER) {
      const rest = argv.slice(i + 1);
      return rest[0] === '--' ? rest.slice(1) : rest;
    }
  }
  return null;
}
