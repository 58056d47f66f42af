/**
 * Start at login in main (issue 13), with a recorded stand-in for Electron's app and the real
 * AppService: macOS and Windows get setLoginItemSettings (Windows with --hidden), Linux a real XDG
 * autostart entry in a temporary HOME; a failure is reported in the system view, not fatal.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launchCommand, setupLoginItem, startsHidden, type LaunchFacts, type LoginItemAppLike } from '../../src/main/login-item.ts';
import type { SystemView } from '../../src/shared/ipc.ts';
import { startServiceRig, type ServiceRig } from '../core/app/service-rig.ts';

class FakeApp implements LoginItemAppLike {
  calls: unknown[] = [];
  fail: Error | null = null;
  setLoginItemSettings(settings: unknown): void {
    if (this.fail) throw this.fail;
    this.calls.push(settings);
  }
}

const facts = (platform: NodeJS.Platform, extra: Partial<LaunchFacts> = {}): LaunchFacts => ({
  platform,
  execPath: 'C:\\Program Files\\Paymon\\Paymon.exe',
  defaultApp: false,
  appPath: '/app',
  ...extra,
});

let rig: ServiceRig;
let home: string | null = null;
afterEach(async () => {
  await rig?.close();
  if (home) rmSync(home, { recursive: true, force: true });
  home = null;
});

const problems = () => rig.on<SystemView>('system').map((s) => s.loginItemProblem);

describe('launchCommand and startsHidden', () => {
  it('starts the AppImage file, the packaged binary, or Electron with the app folder', () => {
    expect(launchCommand(facts('linux', { execPath: '/tmp/.mount_Paymon/paymon', appImage: '/home/ada/Paymon.AppImage' }))).toEqual(['/home/ada/Paymon.AppImage']);
    expect(launchCommand(facts('linux', { execPath: '/opt/Paymon/paymon' }))).toEqual(['/opt/Paymon/paymon']);
    expect(launchCommand(facts('linux', { execPath: '/usr/lib/electron', defaultApp: true, appPath: '/home/ada/paymon' }))).toEqual(['/usr/lib/electron', '/home/ada/paymon']);
  });

  it('is hidden with --hidden or when macOS opened it at login', () => {
    expect(startsHidden(['/opt/Paymon/paymon', '--hidden'])).toBe(true);
    expect(startsHidden(['/opt/Paymon/paymon'])).toBe(false);
    expect(startsHidden(['/Applications/Paymon.app/Contents/MacOS/Paymon'], true)).toBe(true);
  });
});

describe('setupLoginItem', () => {
  it('Windows: registers the executable with --hidden when turned on, and off again', async () => {
    rig = await startServiceRig();
    const app = new FakeApp();
    setupLoginItem(rig.service, { app, launch: facts('win32') });
    await rig.service.invoke('settings:update', { openAtLogin: true });
    await rig.service.invoke('settings:update', { muteAll: true });
    await rig.service.invoke('settings:update', { openAtLogin: false });
    expect(app.calls).toEqual([
      { openAtLogin: false, path: 'C:\\Program Files\\Paymon\\Paymon.exe', args: ['--hidden'] },
      { openAtLogin: true, path: 'C:\\Program Files\\Paymon\\Paymon.exe', args: ['--hidden'] },
      { openAtLogin: false, path: 'C:\\Program Files\\Paymon\\Paymon.exe', args: ['--hidden'] },
    ]);
  });

  it('macOS: a login item; a refusal is reported beside the setting', async () => {
    rig = await startServiceRig();
    await rig.service.invoke('settings:update', { openAtLogin: true });
    const app = new FakeApp();
    setupLoginItem(rig.service, { app, launch: facts('darwin') });
    expect(app.calls).toEqual([{ openAtLogin: true }]);
    app.fail = new Error('Operation not permitted');
    await rig.service.invoke('settings:update', { openAtLogin: false });
    expect(problems()).toEqual(['The system did not let Paymon stop starting at login: Operation not permitted']);
  });

  it('Linux: writes and removes a real autostart entry that starts Paymon hidden', async () => {
    rig = await startServiceRig();
    home = mkdtempSync(join(tmpdir(), 'paymon-home-'));
    const app = new FakeApp();
    const file = join(home, '.config', 'autostart', 'paymon.desktop');
    setupLoginItem(rig.service, { app, launch: facts('linux', { execPath: '/opt/Paymon/paymon' }), autostart: { env: {}, home } });
    expect(existsSync(file)).toBe(false);
    await rig.service.invoke('settings:update', { openAtLogin: true });
    expect(readFileSync(file, 'utf8')).toContain('\nExec=/opt/Paymon/paymon --hidden\n');
    await rig.service.invoke('settings:update', { openAtLogin: false });
    expect(existsSync(file)).toBe(false);
    expect(app.calls).toEqual([]);
    expect(problems()).toEqual([]);
  });

  it('Linux: an autostart folder that cannot be written is reported, and cleared when it works again', async () => {
    rig = await startServiceRig();
    home = mkdtempSync(join(tmpdir(), 'paymon-home-'));
    // A file where the config folder should be.
    const cfg = join(home, 'cfg');
    (await import('node:fs')).writeFileSync(cfg, 'x');
    const launch = facts('linux', { execPath: '/opt/Paymon/paymon' });
    setupLoginItem(rig.service, { app: new FakeApp(), launch, autostart: { env: { XDG_CONFIG_HOME: cfg }, home } });
    await rig.service.invoke('settings:update', { openAtLogin: true });
    expect(problems()).toHaveLength(1);
    expect(problems()[0]).toMatch(/^Paymon could not write .*paymon\.desktop .*so starting at login is not set up\.$/);
    await rig.service.invoke('settings:update', { openAtLogin: false });
    expect(problems().at(-1)).toBeNull();
  });
});
