/**
 * Live updates in Chromium against the real AppService: a payment that completes a few seconds
 * after it was added updates its row and raises a toast that opens it; remove offers an undo
 * that brings the row back.
 */
import { describe, expect, it } from 'vitest';
import { chromiumSkipReason, screenshot } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import { row, waitForRow } from './ui-helpers.ts';

describe.skipIf(chromiumSkipReason !== null)(`live updates${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('updates the row and raises a toast when a payment completes, and the toast opens it', async () => {
    const { page, rig, errors } = await suite.open();
    const soon = Date.now() + 4_000;
    const id = rig.world.addCard2Crypto({ amount: 2500, customer: { name: 'Grace Hopper', email: 'grace@example.com' }, metadata: { order_id: '2001', product: 'Team Seat' }, outcome: { complete: soon } });
    const other = rig.world.addCard2Crypto({ amount: 999, customer: { name: 'Dennis Ritchie' }, outcome: 'pending' });

    await page.getByLabel('Text with payment IDs').fill(`${id}\n${other}`);
    await page.getByRole('button', { name: 'Add 2 payments' }).click();
    await waitForRow(page, id, 'pending');
    expect(await page.getByTestId('toast-final').count()).toBe(0);

    // Nothing is clicked: the engine's next check sees the completion and main pushes it.
    const toast = page.getByTestId('toast-final');
    await toast.waitFor({ timeout: 30_000 });
    await waitForRow(page, id, 'completed');
    expect(await toast.textContent()).toContain('completed');
    expect(await row(page, id).locator('.badge').textContent()).toContain('final');
    expect(await page.getByTestId('count-final').textContent()).toBe('1');
    expect(await row(page, other).textContent()).toContain('pending');
    await screenshot(page, 'toast.png');

    await toast.getByRole('button').first().click();
    const detail = page.getByTestId('detail');
    await detail.waitFor();
    expect(await detail.getByRole('heading', { level: 2 }).textContent()).toBe(id);
    // Opened, marked as the open one, and not selected (opening is not selecting, issue 17).
    expect(await page.getByRole('checkbox', { name: `Select ${id}` }).isChecked()).toBe(false);
    expect(await row(page, id).getAttribute('class')).toContain('focused');
    // Escape closes the pane.
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    await row(page, id).getByRole('button', { name: id, exact: true }).click();
    await detail.waitFor();
    await detail.getByText('Status history').waitFor();
    expect(await detail.textContent()).toContain('Team Seat');
    await screenshot(page, 'detail.png');
    expect(errors).toEqual([]);
  }, 45_000);

  it('pauses and resumes polling from the header, and one payment from its row', async () => {
    const { page, rig, errors } = await suite.open();
    const id = rig.world.addCard2Crypto({ amount: 700, customer: { name: 'Katherine Johnson' }, outcome: 'pending' });
    await page.getByLabel('Text with payment IDs').fill(id);
    await page.getByRole('button', { name: 'Add 1 payment' }).click();
    await waitForRow(page, id, 'pending');

    await page.getByRole('button', { name: 'Pause polling' }).click();
    await page.getByText('Polling paused').waitFor();
    expect(rig.service.monitorPaused).toBe(true);
    expect(await page.getByRole('button', { name: 'Resume polling' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'Resume polling' }).click();
    await page.getByRole('button', { name: 'Pause polling' }).waitFor();
    expect(rig.service.monitorPaused).toBe(false);

    await page.getByRole('button', { name: `Pause ${id}` }).click();
    await page.getByRole('button', { name: `Resume ${id}` }).waitFor();
    expect(await row(page, id).locator('.col-status').textContent()).toContain('paused');
    expect(await row(page, id).locator('.col-nextCheck').textContent()).toBe('paused');
    await page.getByRole('button', { name: `Resume ${id}` }).click();
    await page.getByRole('button', { name: `Pause ${id}` }).waitFor();
    expect(await row(page, id).locator('.col-status').textContent()).not.toContain('paused');
    expect(errors).toEqual([]);
  });

  it('removes a payment with an Undo that restores it', async () => {
    const { page, rig, errors } = await suite.open();
    const keep = rig.world.addCard2Crypto({ amount: 1000, customer: { name: 'Barbara Liskov' }, outcome: 'pending' });
    const drop = rig.world.addCard2Crypto({ amount: 2000, customer: { name: 'Margaret Hamilton' }, outcome: 'pending' });
    await page.getByLabel('Text with payment IDs').fill(`${keep} ${drop}`);
    await page.getByRole('button', { name: 'Add 2 payments' }).click();
    await waitForRow(page, drop, 'pending');

    await page.getByRole('button', { name: `Remove ${drop}` }).click();
    const undo = page.getByTestId('toast-undo');
    await undo.waitFor();
    expect(await undo.textContent()).toContain('Removed 1 payment');
    await row(page, drop).waitFor({ state: 'detached' });
    expect(await page.getByTestId('count-total').textContent()).toBe('1');

    await undo.getByRole('button', { name: 'Undo' }).click();
    await waitForRow(page, drop, 'pending');
    expect(await page.getByTestId('count-total').textContent()).toBe('2');
    await undo.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });

  it('selects several rows and removes them together; Undo restores all', async () => {
    const { page, rig, errors } = await suite.open();
    const ids = [1, 2, 3].map((i) => rig.world.addCard2Crypto({ amount: i * 100, customer: { name: `Customer ${i}` }, outcome: 'pending' }));
    await page.getByLabel('Text with payment IDs').fill(ids.join('\n'));
    await page.getByRole('button', { name: 'Add 3 payments' }).click();
    for (const id of ids) await waitForRow(page, id, 'pending');

    await page.getByRole('checkbox', { name: `Select ${ids[0]}` }).click();
    await page.getByRole('checkbox', { name: `Select ${ids[2]}` }).click({ modifiers: ['Shift'] });
    const selected = page.getByRole('group', { name: 'Selected payments' });
    expect(await selected.textContent()).toContain('3 selected');
    await selected.getByRole('button', { name: 'Remove' }).click();
    await page.getByText('Removed 3 payments').waitFor();
    expect(await page.locator('.tbody [role="row"]').count()).toBe(0);
    await page.getByRole('button', { name: 'Undo' }).click();
    for (const id of ids) await waitForRow(page, id, 'pending');
    expect(errors).toEqual([]);
  });
});
