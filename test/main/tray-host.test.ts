/**
 * The tray probe and the close decision (issue 10). The probe runs against a real private
 * session bus (dbus-daemon): with no StatusNotifierWatcher it must say "no tray"; with a stand-in
 * watcher (python3 + GObject introspection) it reports what the watcher says.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAction, closeHandler, parseHostReply, probeTrayHost, type Runner } from '../../src/main/tray-host.ts';

const PYTHON = '/usr/bin/python3';
const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const busSkip = !has('dbus-daemon') ? 'dbus-daemon is not installed' : !has('dbus-send') && !has('gdbus') ? 'no D-Bus client (dbus-send, gdbus)' : null;
const watcherSkip =
  busSkip ?? (existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import gi; gi.require_version("Gio", "2.0")']).status === 0 ? null : 'python3 with GObject introspection (gi) is not installed');
if (busSkip) console.warn(`[tray probe bus tests SKIPPED] ${busSkip}`);
if (watcherSkip && !busSkip) console.warn(`[tray probe watcher tests SKIPPED] ${watcherSkip}`);

/** The first line a child prints (its readiness signal or address). */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (line) => {
      rl.close();
      resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before it was ready`)));
  });
}

describe('closeAction', () => {
  it('hides to the tray only when the user wants it and a tray is shown', () => {
    expect(closeAction('tray', true)).toBe('hide');
    expect(closeAction('tray', false)).toBe('quit');
    expect(closeAction('quit', true)).toBe('quit');
    expect(closeAction('quit', false)).toBe('quit');
  });
});

describe('closeHandler', () => {
  it('hides the window only to a tray that is shown, and never while quitting', () => {
    const state = { quitting: false, setting: 'tray' as 'tray' | 'quit', trayShown: false };
    let hidden = 0;
    const handler = closeHandler({ quitting: () => state.quitting, setting: () => state.setting, trayShown: () => state.trayShown, hide: () => hidden++ });
    const close = (): boolean => {
      let prevented = false;
      handler({ preventDefault: () => (prevented = true) });
      return prevented;
    };
    // No tray shown (a Linux desktop without a StatusNotifier host): closing closes, so the app quits.
    expect(close()).toBe(false);
    state.trayShown = true;
    expect(close()).toBe(true);
    expect(hidden).toBe(1);
    state.setting = 'quit';
    expect(close()).toBe(false);
    state.setting = 'tray';
    state.quitting = true;
    expect(close()).toBe(false);
    expect(hidden).toBe(1);
  });
});

describe('probeTrayHost without a bus', () => {
  it('trusts macOS and Windows without asking', async () => {
    const run: Runner = () => Promise.reject(new Error('must not run'));
    expect((await probeTrayHost('darwin', { run })).shown).toBe(true);
    expect((await probeTrayHost('win32', { run })).shown).toBe(true);
  });

  it('parses both clients, and says no when no client is installed', async () => {
    expect(parseHostReply('dbus-send', { code: 0, stdout: '   variant       boolean true\n' })).toBe(true);
    expect(parseHostReply('dbus-send', { code: 0, stdout: '   variant       boolean false\n' })).toBe(false);
    expect(parseHostReply('gdbus', { code: 0, stdout: '(<true>,)\n' })).toBe(true);
    expect(parseHostReply('gdbus', { code: 0, stdout: '(<false>,)\n' })).toBe(false);
    expect(parseHostReply('gdbus', { code: 1, stdout: '' })).toBe(false);
    const asked: string[] = [];
    const missing: Runner = async (command) => {
      asked.push(command);
      return { code: null, stdout: '', missing: true };
    };
    expect(await probeTrayHost('linux', { run: missing })).toMatchObject({ shown: false });
    expect(asked).toEqual(['dbus-send', 'gdbus']);
    // gdbus answers when dbus-send is not installed.
    const gdbusOnly: Runner = async (command) => (command === 'gdbus' ? { code: 0, stdout: '(<true>,)' } : { code: null, stdout: '', missing: true });
    expect((await probeTrayHost('linux', { run: gdbusOnly })).shown).toBe(true);
  });
});

describe.skipIf(busSkip !== null)(`probeTrayHost on a real session bus${busSkip ? ` — SKIPPED: ${busSkip}` : ''}`, () => {
  let daemon: ChildProcess;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    // stderr ignored: as root in a container it complains it may not raise the fd limit, harmlessly.
    daemon = spawn('dbus-daemon', ['--session', '--nofork', '--nosyslog', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
    env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: await firstLine(daemon) };
  });

  afterAll(() => {
    daemon?.kill();
  });

  it('says no tray when no StatusNotifierWatcher is on the bus', async () => {
    expect(await probeTrayHost('linux', { env })).toEqual({ shown: false, reason: 'no StatusNotifierWatcher on the session bus' });
  });

  it('says no tray when there is no session bus at all', async () => {
    const gone = { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join('/nonexistent', 'paymon-bus')}` };
    expect((await probeTrayHost('linux', { env: gone })).shown).toBe(false);
  });

  describe.skipIf(watcherSkip !== null)(`with a stand-in watcher${watcherSkip ? ` — SKIPPED: ${watcherSkip}` : ''}`, () => {
    /** Runs the stand-in watcher reporting `host`, calls `body`, stops it. */
    async function withWatcher(host: boolean, body: () => Promise<void>): Promise<void> {
      const watcher = spawn(PYTHON, [join(import.meta.dirname, 'fixtures/fake-sni-watcher.py'), String(host)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        expect(await firstLine(watcher)).toBe('ready');
        await body();
      } finally {
        const exited = new Promise((resolve) => watcher.once('exit', resolve));
        watcher.kill();
        await exited;
      }
    }

    it('says a tray is shown when the watcher has a host registered', async () => {
      await withWatcher(true, async () => {
        expect(await probeTrayHost('linux', { env })).toEqual({ shown: true, reason: 'a StatusNotifier host is registered' });
      });
    });

    it('says no tray when the watcher runs without a host', async () => {
      await withWatcher(false, async () => {
        expect(await probeTrayHost('linux', { env })).toEqual({ shown: false, reason: 'no StatusNotifier host is registered' });
      });
    });
  });
});
