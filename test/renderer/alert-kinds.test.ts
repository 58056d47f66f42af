/**
 * Kinds of alert in the app (issue 14), in Chromium against the real AppService, engine and store,
 * with the simulator over loopback: the rules editor's grouped kind picker saves the kinds ticked
 * (and the rule's summary line says them), and the alert history filters by kind. Its screenshots
 * are the README's (docs/alert-rules.png, docs/alert-history.png).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlertSettingsView } from '../../src/shared/alert-rules.ts';
import { chromiumSkipReason, ROOT } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';

/** Saves a locator's screenshot in test-results/ and docs/ (the README shows it). */
async function docShot(shoot: (path: string) => Promise<unknown>, name: string): Promise<void> {
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  const path = join(ROOT, 'test-results', name);
  await shoot(path);
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  copyFileSync(path, join(ROOT, 'docs', name));
}

describe.skipIf(chromiumSkipReason !== null)(`kinds of alert in rules and history${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('ticks kinds in two groups; main saves them in the list’s order and the summary says them', async () => {
    const { page, rig, errors } = await suite.open();
    await page.setViewportSize({ width: 1280, height: 1000 });
    const saved = async () => ((await rig.service.invoke('alerts:settings', undefined)) as { ok: true; value: AlertSettingsView }).value;
    await page.getByRole('link', { name: 'Keys & accounts' }).click();
    const editor = page.getByTestId('alert-rules');
    await editor.getByText('No rules yet.').waitFor();

    await editor.getByRole('button', { name: 'Add rule' }).click();
    const stuck = editor.getByTestId('rule-card').nth(0);
    expect(await stuck.getByTestId('rule-summary').textContent()).toBe('Any alert → desktop notification');
    await stuck.getByLabel('Rule name').fill('Stuck at shop-x: sound');
    const watch = stuck.getByRole('group', { name: 'Watch alerts' });
    const changes = stuck.getByRole('group', { name: 'Status changes' });
    expect(await watch.getByRole('checkbox').count()).toBe(5);
    expect(await changes.getByRole('checkbox').count()).toBe(3);
    // Ticked out of order: saved in the list's order.
    await watch.getByRole('checkbox', { name: 'about to expire' }).check();
    await watch.getByRole('checkbox', { name: 'stuck pending' }).check();
    await stuck.getByLabel('Accounts').fill('shop-x');
    await stuck.getByRole('checkbox', { name: 'Play a sound' }).check();
    expect(await stuck.getByTestId('rule-summary').textContent()).toBe('Stuck pending, about to expire · shop shop-x → desktop notification with sound');

    await editor.getByRole('button', { name: 'Add rule' }).click();
    const milestones = editor.getByTestId('rule-card').nth(1);
    await milestones.getByLabel('Rule name').fill('Milestones in-app');
    await milestones.getByRole('group', { name: 'Watch alerts' }).getByRole('checkbox', { name: 'deposit seen' }).check();
    await milestones.getByRole('group', { name: 'Watch alerts' }).getByRole('checkbox', { name: 'N confirmations' }).check();
    await milestones.getByRole('radio', { name: 'In-app only' }).check();
    expect(await milestones.getByTestId('rule-summary').textContent()).toBe('Deposit seen, N confirmations → in-app only');

    await editor.getByRole('button', { name: 'Add rule' }).click();
    const finals = editor.getByTestId('rule-card').nth(2);
    await finals.getByLabel('Rule name').fill('Final statuses');
    await finals.getByRole('group', { name: 'Status changes' }).getByRole('checkbox', { name: 'final' }).check();
    await finals.getByRole('group', { name: 'Status changes' }).getByRole('checkbox', { name: 'final' }).uncheck();
    expect(await finals.getByTestId('rule-summary').textContent()).toBe('Any alert → desktop notification');

    await editor.getByRole('button', { name: 'Save rules' }).click();
    await editor.getByTestId('rules-message').getByText('Saved 3 rules.').waitFor();
    expect((await saved()).rules.map((r) => [r.name, r.kinds, r.accounts, r.notify, r.sound])).toEqual([
      ['Stuck at shop-x: sound', ['stuck-pending', 'expiring'], ['shop-x'], true, true],
      ['Milestones in-app', ['deposit-seen', 'confirmations'], [], false, false],
      ['Final statuses', [], [], true, false],
    ]);
    // The saved rules come back into the editor with their boxes ticked (leaving and coming back remounts it).
    await page.evaluate(() => (location.hash = '#watchlist'));
    await page.getByRole('link', { name: 'Keys & accounts' }).click();
    const again = page.getByTestId('alert-rules').getByTestId('rule-card').nth(0);
    expect(await again.getByRole('checkbox', { name: 'stuck pending' }).isChecked()).toBe(true);
    expect(await again.getByRole('checkbox', { name: 'deposit seen' }).isChecked()).toBe(false);

    // The last rule off, so the screenshot shows the dimmed card too.
    await page.getByTestId('alert-rules').getByTestId('rule-card').nth(2).getByRole('checkbox', { name: 'On', exact: true }).uncheck();
    await page.mouse.move(0, 0);
    await page.setViewportSize({ width: 1280, height: 2000 });
    const shown = page.getByTestId('alert-rules');
    await shown.scrollIntoViewIfNeeded();
    await docShot((path) => shown.screenshot({ path }), 'alert-rules.png');
    expect(errors).toEqual([]);
  }, 60_000);

  it('filters the history by kind: watch alerts apart from status changes', async () => {
    const { page, rig, errors } = await suite.open();
    await page.setViewportSize({ width: 1280, height: 720 });
    await rig.service.invoke('alerts:update-settings', {
      rules: [
        { id: 'ms', name: 'Milestones in-app', enabled: true, providers: [], accounts: [], statuses: [], kinds: ['deposit-seen', 'confirmations'], minAmount: {}, notify: false, sound: false },
        { id: 'exp', name: 'About to expire: sound', enabled: true, providers: [], accounts: [], statuses: [], kinds: ['expiring'], minAmount: {}, notify: true, sound: true },
      ],
      watch: { stuckPendingMinutes: {}, expiringMinutes: 5, stalled: true, milestones: { enabled: true, confirmations: 1 } },
    });
    const notified: number[][] = [];
    rig.service.onNotify((n) => notified.push(n.alertIds));
    const now = Date.now();
    // Inside its last five minutes at the first answer: "Expires in …"; then it expires.
    const lapsing = rig.world.addPayCrypt({ amount: 15, network: 'tron', createdAt: now, expiresAt: now + 4_000, outcome: 'expire' });
    // A deposit with its first confirmation at the first answer: both milestones, then paid.
    const paid = rig.world.addPayCrypt({
      amount: 12,
      network: 'tron',
      createdAt: now,
      expiresAt: now + 20 * 60_000,
      outcome: { depositAt: now, amountReceived: 12, requiredConfirmations: 2, blockSeconds: 2 },
    });
    const card = rig.world.addCard2Crypto({ amount: 4_200, customer: { name: 'Grace Hopper' }, outcome: { complete: now + 2_000 } });
    await page.getByRole('link', { name: 'Alerts' }).click();
    const screen = page.getByTestId('alert-history');
    await screen.getByText('No alerts yet.', { exact: false }).waitFor();
    await rig.service.invoke('watch:add', { text: `${lapsing} ${paid} ${card}` });

    const rows = screen.getByTestId('history-row');
    const kinds = async () => (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).sort();
    await expect.poll(kinds, { timeout: 40_000 }).toEqual(['confirmations', 'deposit-seen', 'expiring', 'final', 'final', 'final']);
    const expiring = screen.locator('[data-testid="history-row"][data-kind="expiring"]');
    expect(await expiring.textContent()).toContain('About to expire: sound');
    expect(await expiring.getByTestId('history-kind').textContent()).toBe('about to expire');

    // Main's reports: the expiry warning clicked, the expired payment's notification failed, the rest shown.
    const byTitle = async () => {
      const listed = (await rig.service.invoke('alerts:history', {})) as { ok: true; value: Array<{ id: number; title: string }> };
      return new Map(listed.value.map((a) => [a.id, a.title]));
    };
    // Both raised: after two notifications the minute counts as busy and the burst grouping holds the rest 30 s (BURST.busyHoldMs).
    const raised = async (prefix: string) => {
      const titles = await byTitle();
      return notified.flat().some((id) => titles.get(id)?.startsWith(prefix));
    };
    await expect.poll(async () => (await raised('Expires in')) && (await raised('Expired')), { timeout: 60_000 }).toBe(true);
    const titles = await byTitle();
    for (const ids of notified) {
      const words = ids.map((id) => titles.get(id) ?? '');
      if (words.some((w) => w.startsWith('Expires in'))) rig.service.alertDelivery(ids, 'clicked');
      else if (words.some((w) => w.startsWith('Expired'))) rig.service.alertDelivery(ids, 'failed', 'Notification centre unavailable');
      else rig.service.alertDelivery(ids, 'shown');
    }
    await expect.poll(() => expiring.getAttribute('data-delivery')).toBe('clicked');
    const expired = screen.locator('[data-testid="history-row"]', { hasText: 'Expired: $15.00' });
    await expect.poll(() => expired.getAttribute('data-delivery')).toBe('failed');
    expect(await expired.getByText('Failed').getAttribute('title')).toBe('Notification centre unavailable');

    // The toasts of these alerts dismissed, so the screenshot shows the list.
    const toasts = page.getByRole('region', { name: 'Notifications' }).getByRole('button', { name: 'Dismiss' });
    while ((await toasts.count()) > 0) await toasts.first().click();
    await page.mouse.move(0, 0);
    await docShot((path) => page.screenshot({ path }), 'alert-history.png');

    const kind = screen.getByLabel('Kind');
    // Grouped like the editor's picker.
    expect(await kind.locator('optgroup').evaluateAll((els) => els.map((e) => e.getAttribute('label')))).toEqual(['Status changes', 'Watch alerts']);
    await kind.selectOption('deposit-seen');
    await expect.poll(kinds).toEqual(['deposit-seen']);
    expect(await rows.textContent()).toContain('Milestones in-app');
    expect(await screen.getByTestId('history-count').textContent()).toBe('1 of 6 alerts');
    await kind.selectOption('final');
    await expect.poll(kinds).toEqual(['final', 'final', 'final']);
    // Combined with the other filters (AND): the final statuses the rules left to the per-status choice.
    await screen.getByLabel('Search alerts').fill('hopper');
    await expect.poll(() => rows.count()).toBe(1);
    await screen.getByLabel('Search alerts').fill('');
    await kind.selectOption('');
    await expect.poll(() => rows.count()).toBe(6);
    expect(errors).toEqual([]);
  }, 120_000);
});
