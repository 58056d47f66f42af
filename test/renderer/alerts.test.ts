/**
 * The rules editor and the alert history (issue 14) in Chromium against the real AppService, engine
 * and store, with the simulator over loopback: rules typed in the page are saved in main exactly
 * (minor units), quiet hours too; alerts the engine records appear in the history with their rule
 * and decision, update live as main reports delivery, and filter.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlertSettingsView } from '../../src/shared/alert-rules.ts';
import { chromiumSkipReason, ROOT, screenshot } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';

describe.skipIf(chromiumSkipReason !== null)(`alert rules and history${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('edits rules and quiet hours in Keys & accounts; main saves them exactly, and refuses nothing it was not shown', async () => {
    const { page, rig, errors } = await suite.open();
    await page.setViewportSize({ width: 1280, height: 1000 });
    const saved = async () => ((await rig.service.invoke('alerts:settings', undefined)) as { ok: true; value: AlertSettingsView }).value;
    await page.getByRole('link', { name: 'Keys & accounts' }).click();
    const editor = page.getByTestId('alert-rules');
    await editor.getByText('No rules yet.').waitFor();

    await editor.getByRole('button', { name: 'Add rule' }).click();
    const big = editor.getByTestId('rule-card').nth(0);
    await big.getByLabel('Rule name').fill('Big USD payments');
    await big.getByRole('checkbox', { name: 'completed' }).check();
    await big.getByRole('checkbox', { name: 'confirmed' }).check();
    await big.getByLabel('Minimum amount').fill('1,000.5');
    await big.getByLabel('Currency').fill('usd');
    await big.getByRole('checkbox', { name: 'Play a sound' }).check();

    await editor.getByRole('button', { name: 'Add rule' }).click();
    const rest = editor.getByTestId('rule-card').nth(1);
    await rest.getByLabel('Rule name').fill('Everything else');
    await rest.getByRole('radio', { name: 'In-app only' }).check();
    expect(await rest.getByRole('checkbox', { name: 'Play a sound' }).isDisabled()).toBe(true);

    // A malformed amount is caught in the page; nothing is sent.
    await rest.getByLabel('Minimum amount').fill('12.345');
    await rest.getByText('Type the amount as a number').waitFor();
    expect(await editor.getByRole('button', { name: 'Save rules' }).isDisabled()).toBe(true);
    await rest.getByLabel('Minimum amount').fill('');
    await editor.getByRole('button', { name: 'Save rules' }).click();
    await editor.getByTestId('rules-message').getByText('Saved 2 rules.').waitFor();
    const afterSave = await saved();
    expect(afterSave.rules.map((r) => [r.name, r.statuses, r.minAmount, r.notify, r.sound])).toEqual([
      ['Big USD payments', ['completed', 'confirmed'], { USD: 100_050 }, true, true],
      ['Everything else', [], {}, false, false],
    ]);

    // Order matters (the first match decides): moving a rule and saving keeps the new order.
    await rest.getByRole('button', { name: 'Move up' }).click();
    await editor.getByRole('button', { name: 'Save rules' }).click();
    await expect.poll(async () => (await saved()).rules.map((r) => r.name)).toEqual(['Everything else', 'Big USD payments']);
    await editor.getByTestId('rule-card').nth(0).getByRole('button', { name: 'Move down' }).click();
    await editor.getByRole('button', { name: 'Save rules' }).click();
    await expect.poll(async () => (await saved()).rules.map((r) => r.name)).toEqual(['Big USD payments', 'Everything else']);

    const quiet = page.getByTestId('quiet-hours');
    // The box shows main's saved state, so it ticks when main answers.
    await quiet.getByRole('checkbox').click();
    await expect.poll(async () => (await saved()).quietHours).toEqual({ start: '22:00', end: '07:00' });
    await quiet.getByLabel('Quiet until').fill('06:30');
    await expect.poll(async () => (await saved()).quietHours).toEqual({ start: '22:00', end: '06:30' });

    await page.mouse.move(0, 0);
    // Tall enough for the whole editor (with the stuck payments section): no sticky header over its top.
    await page.setViewportSize({ width: 1280, height: 1400 });
    await editor.scrollIntoViewIfNeeded();
    // The README's screenshots are alert-kinds.test.ts's, which show kinds too.
    await editor.screenshot({ path: join(ROOT, 'test-results', 'alert-rules-amounts.png') });
    expect(errors).toEqual([]);
  }, 60_000);

  it('lists every alert with its rule and decision, updates live as main reports delivery, and filters', async () => {
    const { page, rig, errors } = await suite.open();
    await page.setViewportSize({ width: 1280, height: 720 });
    await rig.service.invoke('alerts:update-settings', {
      rules: [
        { id: 'big', name: 'Big USD payments', enabled: true, providers: [], accounts: [], statuses: [], minAmount: { USD: 100_000 }, notify: true, sound: true },
        { id: 'rest', name: 'Everything else', enabled: true, providers: [], accounts: [], statuses: [], minAmount: {}, notify: false, sound: false },
      ],
    });
    const notified: number[][] = [];
    rig.service.onNotify((n) => notified.push(n.alertIds));
    const soon = Date.now() + 3_000;
    const big = rig.world.addCard2Crypto({ amount: 150_000, customer: { name: 'Grace Hopper' }, outcome: { complete: soon } });
    const small = rig.world.addCard2Crypto({ amount: 700, customer: { name: 'Alan Turing' }, outcome: { complete: soon } });
    const failed = rig.world.addCard2Crypto({ amount: 2_500, customer: { name: 'Ada Lovelace' }, outcome: { fail: soon } });
    await page.getByRole('link', { name: 'Alerts' }).click();
    const screen = page.getByTestId('alert-history');
    await screen.getByText('No alerts yet.', { exact: false }).waitFor();
    await rig.service.invoke('watch:add', { text: `${big} ${small} ${failed}` });

    // Recorded by the engine and pushed: no reload.
    const rows = screen.getByTestId('history-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(3);
    const bigRow = rows.filter({ hasText: '$1,500.00' });
    expect(await bigRow.textContent()).toContain('Big USD payments');
    expect(await bigRow.getAttribute('data-decision')).toBe('desktop');
    expect(await rows.filter({ hasText: '$7.00' }).getAttribute('data-decision')).toBe('rule-silent');
    expect(await rows.filter({ hasText: 'Failed: $25.00' }).textContent()).toContain('In-app only (rule)');

    // Main's delivery reports land in the list as they come.
    // Held a moment by the burst grouping (one alone is then shown alone).
    await expect.poll(() => notified.length, { timeout: 10_000 }).toBe(1);
    rig.service.alertDelivery(notified[0]!, 'shown');
    rig.service.alertDelivery(notified[0]!, 'clicked');
    await expect.poll(() => bigRow.getAttribute('data-delivery')).toBe('clicked');
    expect(await bigRow.textContent()).toContain('Clicked · sound');

    await page.mouse.move(0, 0);
    await screenshot(page, 'alert-history-delivery.png');

    await screen.getByLabel('Decision').selectOption('rule-silent');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await screen.getByTestId('history-count').textContent()).toBe('2 of 3 alerts');
    await screen.getByLabel('Search alerts').fill('turing');
    await expect.poll(() => rows.count()).toBe(1);
    await screen.getByLabel('Decision').selectOption('');
    await screen.getByLabel('Search alerts').fill('');
    await expect.poll(() => rows.count()).toBe(3);

    // A title opens its payment on the watchlist.
    await bigRow.getByRole('link').click();
    const detail = page.getByTestId('detail');
    await detail.waitFor();
    expect(await detail.getByRole('heading', { level: 2 }).textContent()).toBe(big);
    expect(errors).toEqual([]);
  }, 60_000);
});
