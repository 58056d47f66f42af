/**
 * The clipboard lookup shortcut and start at login in settings (issue 13), in Chromium against the
 * real AppService: a chord is saved in canonical form, a bad one refused beside the field with the
 * reason, removed and restored; a clash main reports is shown; the start-at-login switch is saved.
 */
import { describe, expect, it } from 'vitest';
import type { SnapshotView } from '../../src/shared/ipc.ts';
import { DEFAULT_LOOKUP_SHORTCUT } from '../../src/shared/shortcut.ts';
import { chromiumSkipReason, screenshot } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';

describe.skipIf(chromiumSkipReason !== null)(`desktop settings${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('changes, refuses, removes and restores the lookup shortcut, and shows a clash main reports', async () => {
    const { page, rig, errors } = await suite.open();
    const saved = async () => ((await rig.service.invoke('app:snapshot', undefined)) as { value: SnapshotView }).value.settings;
    await page.getByRole('link', { name: 'Keys & accounts' }).click();
    const section = page.getByTestId('desktop-settings');
    await section.waitFor();
    const field = section.getByLabel(/Clipboard lookup shortcut/);
    expect(await field.inputValue()).toBe(DEFAULT_LOOKUP_SHORTCUT);
    expect(await section.textContent()).toContain(`press ${DEFAULT_LOOKUP_SHORTCUT} to add the payment IDs on the clipboard`);

    await field.fill('ctrl + alt + k');
    await field.press('Enter');
    await page.waitForFunction(() => (document.querySelector<HTMLInputElement>('#lookup-shortcut')?.value ?? '') === 'Control+Alt+K');
    expect((await saved()).lookupShortcut).toBe('Control+Alt+K');

    await field.fill('Shift+P');
    await section.getByRole('button', { name: 'Save' }).click();
    const error = section.getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/"Shift\+P" is not a shortcut Paymon can use: a global shortcut needs Control, Alt/);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect((await saved()).lookupShortcut).toBe('Control+Alt+K');

    rig.service.desktopIntegration({ shortcutProblem: 'Control+Alt+K is already used by another app or the system, so the clipboard lookup is off. Choose another shortcut.' });
    await section.getByRole('button', { name: 'Remove' }).click();
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('#lookup-shortcut')?.value === '');
    expect((await saved()).lookupShortcut).toBeNull();
    expect(await section.textContent()).toContain('Off. Type a chord');
    // The refusal went with the removal; main's report stays until main says otherwise.
    expect(await section.getByRole('alert').count()).toBe(0);
    await section.getByTestId('shortcut-problem').waitFor();
    await section.getByTestId('shortcut-problem').scrollIntoViewIfNeeded();
    await screenshot(page, 'desktop-settings.png');

    await section.getByRole('button', { name: 'Use the default' }).click();
    await page.waitForFunction((d) => document.querySelector<HTMLInputElement>('#lookup-shortcut')?.value === d, DEFAULT_LOOKUP_SHORTCUT);
    rig.service.desktopIntegration({ shortcutProblem: null });
    await section.getByTestId('shortcut-problem').waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  }, 45_000);

  it('saves start at login and shows why it could not be set up', async () => {
    const { page, rig, errors } = await suite.open();
    await page.getByRole('link', { name: 'Keys & accounts' }).click();
    const box = page.getByRole('checkbox', { name: /Start Paymon when I log in/ });
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('[data-testid="desktop-settings"] input[type="checkbox"]')?.checked === true);
    const snap = (await rig.service.invoke('app:snapshot', undefined)) as { value: SnapshotView };
    expect(snap.value.settings.openAtLogin).toBe(true);
    rig.service.desktopIntegration({ loginItemProblem: 'Paymon could not write ~/.config/autostart/paymon.desktop: permission denied.' });
    const note = page.getByTestId('login-item-problem');
    await note.waitFor();
    expect(await note.textContent()).toContain('permission denied');
    expect(errors).toEqual([]);
  }, 45_000);
});
