/**
 * What main learns about the machine, shown in Chromium against the real AppService (issue 10):
 * desktop notifications the OS refuses (a banner with the reason and how to fix it, gone once one
 * is shown), the window-close setting and what it says without a tray, and a keychain that
 * answers only after the window is up.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { setupNotifications, type NotificationClass } from '../../src/main/notifications.ts';
import type { ErrorInfo } from '../../src/shared/errors.ts';
import { chromiumSkipReason, screenshot } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import { waitForRow } from './ui-helpers.ts';

/** A Notification stand-in that emits like Electron's: 'failed' with the OS's text, or 'show'. */
function notificationClass(outcome: () => string | null): NotificationClass {
  class FakeNotification extends EventEmitter {
    static isSupported = () => true;
    show(): void {
      const failure = outcome();
      queueMicrotask(() => (failure === null ? this.emit('show', {}) : this.emit('failed', {}, failure)));
    }
  }
  return FakeNotification as unknown as NotificationClass;
}

describe.skipIf(chromiumSkipReason !== null)(`system banners and settings${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('says when desktop notifications are not delivered, and stops saying it once one is shown', async () => {
    const { page, rig, errors } = await suite.open();
    let failure: string | null = 'org.freedesktop.Notifications was not provided by any .service files';
    const logged: string[] = [];
    const notifier = setupNotifications(rig.service, { Notification: notificationClass(() => failure), showWindow: () => undefined, openPayment: () => undefined, platform: 'linux', log: (m) => logged.push(m) });
    try {
      /** Adds a payment that completes at once and checks it again after it did. */
      const finish = async (amount: number): Promise<void> => {
        const at = Date.now() + 1_000;
        const id = rig.world.addCard2Crypto({ amount, customer: { name: 'Ada Lovelace' }, outcome: { complete: at } });
        await rig.service.invoke('watch:add', { text: id });
        await waitForRow(page, id, 'pending');
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now() + 50)));
        await rig.service.invoke('watch:refresh', { keys: [`card2crypto:payment:${id}`] });
        await waitForRow(page, id, 'completed');
      };
      await finish(4200);
      const banner = page.getByTestId('banner-notifications');
      await banner.waitFor();
      expect(await banner.getAttribute('role')).toBe('alert');
      const text = (await banner.textContent()) ?? '';
      expect(text).toContain('Desktop notifications are not being delivered: org.freedesktop.Notifications was not provided by any .service files.');
      expect(text).toContain('Paymon still shows alerts in the app.');
      expect(text).toContain('notification service');
      expect(logged).toHaveLength(1);
      await screenshot(page, 'notifications-banner.png');

      failure = null;
      await finish(1500);
      await banner.waitFor({ state: 'detached' });
      expect(errors).toEqual([]);
    } finally {
      notifier.dispose();
    }
  }, 45_000);

  it('offers tray or quit on close, and says closing quits when no tray is shown', async () => {
    const { page, rig, errors } = await suite.open();
    await page.getByRole('link', { name: 'Keys & accounts' }).click();
    const section = page.getByTestId('close-settings');
    await section.waitFor();
    const tray = section.getByRole('radio', { name: /Keep watching in the tray/ });
    const quit = section.getByRole('radio', { name: /Quit Paymon/ });
    expect(await tray.isChecked()).toBe(true);
    expect(await section.getByTestId('no-tray-note').count()).toBe(0);

    rig.service.setTrayShown(false);
    const note = section.getByTestId('no-tray-note');
    await note.waitFor();
    expect(await note.textContent()).toContain('closing the window quits Paymon');
    await screenshot(page, 'close-settings.png');

    await quit.click();
    await note.waitFor({ state: 'detached' });
    expect(rig.service.closeSetting).toBe('quit');
    const snap = await rig.service.invoke('app:snapshot', undefined);
    expect(snap.ok && snap.value).toMatchObject({ settings: { onClose: 'quit' }, trayShown: false });

    rig.service.setTrayShown(true);
    await tray.click();
    await section.locator('input[value="tray"]:checked').waitFor();
    expect(rig.service.closeSetting).toBe('tray');
    expect(await section.getByTestId('no-tray-note').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('shows the window before the keychain answers, then its verdict', async () => {
    let answer!: (problem: ErrorInfo | null) => void;
    const keychainProbe = new Promise<ErrorInfo | null>((resolve) => (answer = resolve));
    const { page, errors } = await suite.open({ service: { keychainProbe } });
    await page.getByRole('link', { name: 'Keys & accounts' }).click();
    const waiting = page.getByText('Waiting for the system keychain to answer');
    await waiting.waitFor();

    answer({ kind: 'keychain_unavailable', message: 'The login keyring is locked.' });
    await waiting.waitFor({ state: 'detached' });
    await page.getByText('The system keychain is unavailable (The login keyring is locked.)').waitFor();
    expect(errors).toEqual([]);
  });
});
