/**
 * Account banners in Chromium against the real AppService: a key the provider rejects, and a
 * keychain that cannot be used (with a session-only key entered in the banner's form).
 */
import { describe, expect, it } from 'vitest';
import { chromiumSkipReason, screenshot } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import { row, waitForRow } from './ui-helpers.ts';

describe.skipIf(chromiumSkipReason !== null)(`account banners${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('shows a banner with what to do when the provider rejects the key, and the row says why it failed', async () => {
    const { page, rig, errors } = await suite.open({ env: { CARD2CRYPTO_API_KEY: 'c2c_test_revokedkey000000000' } });
    const id = rig.world.addCard2Crypto({ amount: 4200, customer: { name: 'Ada Lovelace' }, outcome: 'pending' });
    const fine = rig.world.addPayCrypt({ amount: 15, customerEmail: 'ok@example.com', outcome: 'pending' });
    await page.getByLabel('Text with payment IDs').fill(`${id} ${fine}`);
    await page.getByRole('button', { name: 'Add 2 payments' }).click();

    const banner = page.getByTestId('banner-card2crypto-auth');
    await banner.waitFor();
    expect(await banner.getAttribute('role')).toBe('alert');
    const text = await banner.textContent();
    expect(text).toContain('rejected the API key');
    expect(text).toContain('CARD2CRYPTO_API_KEY');
    await waitForRow(page, id, 'Key rejected');
    // One state (issue 17): the badge says what the payment waits for, the reason beside it says why.
    expect(await row(page, id).locator('.badge').textContent()).toBe('waiting for a key');
    expect(await row(page, id).locator('[data-error-kind="auth"]').getAttribute('title')).toContain('Keys & accounts');
    // App wording in the app: no command line, no backticks.
    expect(text).not.toMatch(/paymon keys|`/);
    // The other provider is unaffected.
    await waitForRow(page, fine, 'pending');
    expect(await row(page, fine).locator('.row-error').count()).toBe(0);
    // It counts as waiting for a key, not as Pending, and the count is a button that filters.
    expect(await page.getByTestId('count-needs-key').textContent()).toBe('1');
    expect(await page.getByTestId('count-pending').textContent()).toBe('1');
    await page.getByRole('button', { name: /Waiting for a key 1/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('.tbody [role="row"]').length === 1);
    expect(await page.getByLabel('Status').inputValue()).toBe('needs-key');
    expect(await page.getByRole('button', { name: /Waiting for a key 1/ }).getAttribute('aria-pressed')).toBe('true');
    await page.getByLabel('Status').selectOption('all');
    await page.mouse.move(0, 0);
    await screenshot(page, 'banner.png');
    expect(errors).toEqual([]);
  });

  it('offers a session-only key when the keychain is unavailable; the key field is cleared and polling resumes', async () => {
    const { page, rig, errors } = await suite.open({
      env: { CARD2CRYPTO_API_KEY: '' },
      service: { keychainProblem: { kind: 'keychain_unavailable', message: 'No Secret Service provider is running (install gnome-keyring or KWallet).' } },
    });
    const id = rig.world.addCard2Crypto({ amount: 990, customer: { name: 'Ken Thompson' }, outcome: 'pending' });
    await page.getByLabel('Text with payment IDs').fill(id);
    await page.getByRole('button', { name: 'Add 1 payment' }).click();

    const keychain = page.getByTestId('banner-keychain');
    await keychain.waitFor();
    expect(await keychain.textContent()).toContain('No Secret Service provider');
    const problem = page.getByTestId('banner-card2crypto-keychain_unavailable');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('CARD2CRYPTO_API_KEY');
    await waitForRow(page, id, 'Keychain unavailable');

    const form = page.getByRole('form', { name: 'Use a key for this session only' });
    const keyField = form.getByLabel('API key');
    expect(await keyField.getAttribute('type')).toBe('password');
    await form.getByLabel('Provider').selectOption('card2crypto');
    await keyField.fill(rig.sim.keys.card2crypto);
    await page.mouse.move(0, 0);
    await screenshot(page, 'keychain-banner.png');
    await form.getByRole('button', { name: 'Use for this session' }).click();
    expect(await keyField.inputValue()).toBe('');

    await page.getByText('will be used until Paymon quits').waitFor();
    await problem.waitFor({ state: 'detached' });
    // The key never reaches the page: not in the DOM, not in what the store holds.
    expect(await page.content()).not.toContain(rig.sim.keys.card2crypto);
    await page.getByRole('button', { name: `Check ${id} now` }).click();
    await waitForRow(page, id, '$9.90');
    expect(await row(page, id).locator('.row-error').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
