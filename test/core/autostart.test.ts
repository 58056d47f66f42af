/** The XDG autostart entry (issue 13), written to and removed from a real temporary HOME. */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTOSTART_FILE, autostartDir, autostartEntry, setXdgAutostart, xdgAutostartEnabled } from '../../src/core/autostart.ts';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'paymon-home-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const exec = (text: string) => text.split('\n').find((l) => l.startsWith('Exec='));

describe('autostartDir', () => {
  it('is $XDG_CONFIG_HOME/autostart, or ~/.config/autostart when unset, empty or relative', () => {
    expect(autostartDir({ XDG_CONFIG_HOME: '/srv/cfg' }, '/home/ada')).toBe('/srv/cfg/autostart');
    expect(autostartDir({}, '/home/ada')).toBe('/home/ada/.config/autostart');
    expect(autostartDir({ XDG_CONFIG_HOME: '' }, '/home/ada')).toBe('/home/ada/.config/autostart');
    expect(autostartDir({ XDG_CONFIG_HOME: 'cfg' }, '/home/ada')).toBe('/home/ada/.config/autostart');
  });
});

describe('autostartEntry', () => {
  it('starts the program hidden, quoting and escaping per the Desktop Entry spec', () => {
    expect(exec(autostartEntry(['/opt/Paymon/paymon']))).toBe('Exec=/opt/Paymon/paymon --hidden');
    // A space quotes; `"`, `$`, backtick and `\` are escaped in quotes, and `\` escaped again as a string value; `%` doubled.
    expect(exec(autostartEntry(['/home/ada/My Apps/Paymon-1.0.AppImage']))).toBe('Exec="/home/ada/My Apps/Paymon-1.0.AppImage" --hidden');
    expect(exec(autostartEntry(['/opt/a"b$c`d\\e/paymon']))).toBe('Exec="/opt/a\\\\"b\\\\$c\\\\`d\\\\\\\\e/paymon" --hidden');
    expect(exec(autostartEntry(['/opt/100%/paymon']))).toBe('Exec="/opt/100%%/paymon" --hidden');
    expect(exec(autostartEntry(['/usr/lib/electron', '/home/ada/paymon']))).toBe('Exec=/usr/lib/electron /home/ada/paymon --hidden');
    expect(autostartEntry(['/opt/Paymon/paymon'])).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Paymon\n/);
  });

  it('refuses a path with a line break (it would end the Exec line and add keys of its own)', () => {
    expect(() => autostartEntry(['/opt/x\nExec=/bin/evil'])).toThrow(/line break/);
  });
});

describe('setXdgAutostart', () => {
  const target = () => ({ env: { XDG_CONFIG_HOME: join(home, 'cfg') }, home, command: ['/opt/Paymon/paymon'] });
  const file = () => join(home, 'cfg', 'autostart', AUTOSTART_FILE);

  it('writes the entry (creating the folder, mode 0644), and removes it again', () => {
    expect(xdgAutostartEnabled(target())).toBe(false);
    setXdgAutostart(true, target());
    expect(readFileSync(file(), 'utf8')).toBe(autostartEntry(['/opt/Paymon/paymon']));
    expect(statSync(file()).mode & 0o777).toBe(0o644);
    expect(xdgAutostartEnabled(target())).toBe(true);
    // Again with a moved program: rewritten, not duplicated.
    setXdgAutostart(true, { ...target(), command: ['/opt/New/paymon'] });
    expect(exec(readFileSync(file(), 'utf8'))).toBe('Exec=/opt/New/paymon --hidden');
    setXdgAutostart(false, target());
    expect(existsSync(file())).toBe(false);
    // Turning off what is already off is fine.
    setXdgAutostart(false, target());
  });

  it('uses ~/.config/autostart without XDG_CONFIG_HOME', () => {
    setXdgAutostart(true, { env: {}, home, command: ['/opt/Paymon/paymon'] });
    expect(existsSync(join(home, '.config', 'autostart', AUTOSTART_FILE))).toBe(true);
  });

  it("leaves a paymon.desktop the user wrote alone, and says why it did not enable", () => {
    mkdirSync(join(home, 'cfg', 'autostart'), { recursive: true });
    writeFileSync(file(), '[Desktop Entry]\nExec=/opt/Paymon/paymon --my-flags\n');
    expect(() => setXdgAutostart(true, target())).toThrow(/was not written by Paymon/);
    setXdgAutostart(false, target());
    expect(readFileSync(file(), 'utf8')).toContain('--my-flags');
  });

  it.skipIf(process.getuid?.() === 0)('an unwritable folder is a storage error with a sentence', () => {
    mkdirSync(join(home, 'cfg', 'autostart'), { recursive: true });
    chmodSync(join(home, 'cfg', 'autostart'), 0o500);
    expect(() => setXdgAutostart(true, target())).toThrow(expect.objectContaining({ kind: 'storage', message: expect.stringMatching(/could not write .*EACCES.*not set up/) }));
  });

  it('a file in the way of the folder is a storage error with a sentence', () => {
    writeFileSync(join(home, 'cfg'), 'not a folder');
    expect(() => setXdgAutostart(true, target())).toThrow(expect.objectContaining({ kind: 'storage', message: expect.stringMatching(/could not write .*(ENOTDIR|EEXIST)/) }));
  });
});
