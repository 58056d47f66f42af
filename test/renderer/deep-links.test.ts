/**
 * A paymon:// link followed while the window is open (issue 13), in Chromium against the real
 * AppService and simulator, through main's own follower: the payment appears and its detail opens;
 * a refused link shows why in a toast and changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { linkFollower } from '../../src/main/deep-links.ts';
import { chromiumSkipReason, screenshot } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import { row, waitForRow } from './ui-helpers.ts';

describe.skipIf(chromiumSkipReason !== null)(`paymon:// links in the window${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('adds and opens the payment a link names; a refused link says why and adds nothing', async () => {
    const { page, rig, errors, emit } = await suite.open();
    const id = rig.world.addCard2Crypto({ amount: 4200, customer: { name: 'Grace Hopper' }, outcome: 'pending' });
    // What main's openPayment does: push open-payment, after the service's pushes so far (IPC keeps order).
    const openPayment = (key: string): void => emit('open-payment', { key });
    // The window is up (links that come earlier wait in main's inbox until then).
    await page.getByLabel('Text with payment IDs').waitFor();
    const follow = linkFollower(rig.service, { openPayment, showWindow: () => undefined });

    follow(`paymon://watch/${id}`);
    await waitForRow(page, id, 'pending');
    const detail = page.getByTestId('detail');
    await detail.waitFor();
    expect(await detail.textContent()).toContain(id);
    expect(await page.getByTestId('toast-info').textContent()).toContain('From a link: added 1 payment.');

    follow('paymon://watch/pay_abc123xyz789?next=https://evil.example');
    const refused = page.getByTestId('toast-error');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('This paymon:// link was not followed: it has an unknown part "next" (only ?order= is understood).');
    expect(await refused.getAttribute('role')).toBe('alert');
    await screenshot(page, 'deep-link-refused.png');
    expect(await row(page, 'pay_abc123xyz789').count()).toBe(0);
    expect(rig.store.listWatches().map((w) => w.ref.value)).toEqual([id]);
    expect(errors).toEqual([]);
  });
});
