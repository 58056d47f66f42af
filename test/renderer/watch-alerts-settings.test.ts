/**
 * "Stuck payments & milestones" in the rules editor (issue 14), in Chromium against the real
 * AppService and store: the page shows the defaults, saves per-provider pending thresholds, the
 * expiry warning, stalled and milestones exactly as typed, refuses a bad number in the page, and
 * saving it keeps an unsaved rule draft above.
 */
import { describe, expect, it } from 'vitest';
import type { AlertSettingsView } from '../../src/shared/alert-rules.ts';
import { chromiumSkipReason } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';

describe.skipIf(chromiumSkipReason !== null)(`stuck payments & milestones settings${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('edits the thresholds and switches; main saves them exactly, and a bad number never leaves the page', async () => {
    const { page, rig, errors } = await suite.open();
    await page.setViewportSize({ width: 1280, height: 1000 });
    const saved = async () => ((await rig.service.invoke('alerts:settings', undefined)) as { ok: true; value: AlertSettingsView }).value;
    await page.getByRole('link', { name: 'Keys & accounts' }).click();
    const section = page.getByTestId('watch-alerts');
    await section.waitFor();

    // The defaults: 60 min per provider, 5 min before expiry, stalled on, milestones off.
    expect(await section.getByLabel('Card2Crypto pending minutes').inputValue()).toBe('60');
    expect(await section.getByLabel('PayCrypt pending minutes').inputValue()).toBe('60');
    expect(await section.getByLabel('Expiry warning minutes').inputValue()).toBe('5');
    expect(await section.getByRole('checkbox', { name: /Confirmations stalled/ }).isChecked()).toBe(true);
    expect(await section.getByRole('checkbox', { name: /Milestones/ }).isChecked()).toBe(false);
    expect(await section.getByLabel('Milestone confirmations').isDisabled()).toBe(true);

    // An unsaved rule draft above survives saving this section.
    const editor = page.getByTestId('alert-rules');
    await editor.getByRole('button', { name: 'Add rule' }).click();
    await editor.getByTestId('rule-card').nth(0).getByLabel('Rule name').fill('Draft rule');

    await section.getByLabel('Card2Crypto pending minutes').fill('45');
    await section.getByRole('checkbox', { name: /PayCrypt: pending longer than/ }).uncheck();
    await section.getByLabel('Expiry warning minutes').fill('abc');
    await section.getByText('Give the expiry warning as whole minutes').waitFor();
    const saveButton = section.getByRole('button', { name: 'Save stuck & milestones' });
    expect(await saveButton.isDisabled()).toBe(true);
    await section.getByLabel('Expiry warning minutes').fill('10');
    await section.getByRole('checkbox', { name: /Confirmations stalled/ }).uncheck();
    await section.getByRole('checkbox', { name: /Milestones/ }).check();
    await section.getByLabel('Milestone confirmations').fill('6');
    await saveButton.click();
    await expect.poll(async () => (await saved()).watch).toEqual({
      stuckPendingMinutes: { card2crypto: 45, paycrypt: null },
      expiringMinutes: 10,
      stalled: false,
      milestones: { enabled: true, confirmations: 6 },
    });
    await section.getByTestId('watch-alerts-message').getByText('Saved.').waitFor();
    // The new draft shows what main saved.
    expect(await section.getByLabel('Card2Crypto pending minutes').inputValue()).toBe('45');
    expect(await section.getByLabel('PayCrypt pending minutes').isDisabled()).toBe(true);
    expect(await editor.getByTestId('rule-card').nth(0).getByLabel('Rule name').inputValue()).toBe('Draft rule');
    expect((await saved()).rules).toEqual([]);

    // Main refuses what the page would not send (a hostile caller): the saved settings stay.
    const refused = await rig.service.invoke('alerts:update-settings', {
      watch: { stuckPendingMinutes: { card2crypto: 0 }, expiringMinutes: 5, stalled: true, milestones: { enabled: false, confirmations: 3 } },
    });
    expect(refused.ok).toBe(false);
    expect((await saved()).watch.stuckPendingMinutes).toEqual({ card2crypto: 45, paycrypt: null });
    expect(errors).toEqual([]);
  }, 60_000);
});
