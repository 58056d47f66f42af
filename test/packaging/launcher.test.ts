/**
 * The `paymon` launchers in resources/bin, run for real with a stand-in app binary that records how
 * it was started, laid out as the deb (/opt/Paymon + /usr/bin/paymon symlink) and a macOS .app.
 */
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_MARKER, cliModeArgs } from '../../src/main/cli-args.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const LAUNCHER = join(ROOT, 'resources', 'bin', 'paymon');
const work = mkdtempSync(join(tmpdir(), 'paymon launcher '));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Records its arguments (NUL-separated), its standard input, and exits with STUB_EXIT.
const STUB = `#!/bin/sh
for a in "$@"; do printf '%s\\0' "$a"; done > "$STUB_RECORD"
cat > "$STUB_RECORD.stdin"
exit "\${STUB_EXIT:-0}"
`;

function install(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

function run(command: string, args: string[], env: Record<string, string>, stdin: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...env, PATH: `${env['PATH'] ?? ''}:/usr/bin:/bin`, HOME: work } });
    child.on('error', reject);
    child.on('close', resolve);
    child.stdin.end(stdin);
  });
}

function recorded(record: string): { argv: string[]; stdin: string } {
  const argv = readFileSync(record, 'utf8').split('\0');
  argv.pop();
  return { argv, stdin: readFileSync(`${record}.stdin`, 'utf8') };
}

const ARGS = ['check', '--json', 'pay_abc123xyz789', 'two words', '', '$HOME', "it's", '--', '-'];

describe('resources/bin/paymon (Linux and macOS launcher)', () => {
  it('from /usr/bin on Linux: runs /opt/Paymon/paymon headless in CLI mode with every argument, stdin and exit code intact', async () => {
    const root = join(work, 'deb root');
    install(join(root, 'opt/Paymon/paymon'), STUB);
    mkdirSync(join(root, 'opt/Paymon/resources/bin'), { recursive: true });
    copyFileSync(LAUNCHER, join(root, 'opt/Paymon/resources/bin/paymon'));
    chmodSync(join(root, 'opt/Paymon/resources/bin/paymon'), 0o755);
    mkdirSync(join(root, 'usr/bin'), { recursive: true });
    // update-alternatives makes a chain: /usr/bin/paymon -> /etc/alternatives/paymon -> the launcher.
    mkdirSync(join(root, 'etc/alternatives'), { recursive: true });
    symlinkSync(join(root, 'opt/Paymon/resources/bin/paymon'), join(root, 'etc/alternatives/paymon'));
    symlinkSync(relative(join(root, 'usr/bin'), join(root, 'etc/alternatives/paymon')), join(root, 'usr/bin/paymon'));

    const record = join(work, 'linux.args');
    const code = await run('paymon', ARGS, { PATH: join(root, 'usr/bin'), STUB_RECORD: record, STUB_EXIT: '3' }, 'pay_from_stdin\n');
    expect(code).toBe(3);
    const got = recorded(record);
    expect(got.argv).toEqual(['--ozone-platform=headless', '--disable-gpu', CLI_MARKER, '--', ...ARGS]);
    expect(got.stdin).toBe('pay_from_stdin\n');
    // And main's parser hands the CLI exactly what the user typed.
    expect(cliModeArgs(['/opt/Paymon/paymon', ...got.argv])).toEqual(ARGS);
  });

  it('inside a macOS app bundle: runs Contents/MacOS/Paymon in CLI mode', async () => {
    const app = join(work, 'Applications/Paymon.app/Contents');
    install(join(app, 'MacOS/Paymon'), STUB);
    mkdirSync(join(app, 'Resources/bin'), { recursive: true });
    copyFileSync(LAUNCHER, join(app, 'Resources/bin/paymon'));
    chmodSync(join(app, 'Resources/bin/paymon'), 0o755);
    const localBin = join(work, 'usr local bin');
    mkdirSync(localBin, { recursive: true });
    symlinkSync(join(app, 'Resources/bin/paymon'), join(localBin, 'paymon'));

    const record = join(work, 'mac.args');
    const code = await run('paymon', ['keys', 'list'], { PATH: localBin, STUB_RECORD: record }, '');
    expect(code).toBe(0);
    expect(recorded(record).argv).toEqual([CLI_MARKER, '--', 'keys', 'list']);
  });
});

describe('resources/bin/paymon.cmd (Windows launcher)', () => {
  it('runs Paymon.exe two folders up in CLI mode with all arguments and returns its exit code', () => {
    const text = readFileSync(join(ROOT, 'resources', 'bin', 'paymon.cmd'), 'utf8');
    // cmd.exe needs CRLF line ends; a LF-only batch file misparses labels and blocks.
    expect(text.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
    expect(text).toContain(`"%~dp0..\\..\\Paymon.exe" ${CLI_MARKER} -- %*`);
    expect(text).toContain('exit /b %ERRORLEVEL%');
  });
});
