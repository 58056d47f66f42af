/**
 * Keys & accounts in Chromium against the real AppService (keys in an in-memory keychain, verified
 * against the simulator over HTTP): add a key (masked, accepted), a wrong key (rejected, in red, with
 * what to do), replace it, advanced settings checked in the page, remove a key, and notification
 * preferences saved in main.
 */
import { describe, expect, it } from 'vitest';
import { chromiumSkipReason, screenshot } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import type { SettingsView, SnapshotView } from '../../src/shared/ipc.ts';

/** No key from the environment: the keys screen is the only way in. */
const NO_ENV_KEYS = { CARD2CRYPTO_API_KEY: '', PAYCRYPT_API_KEY: '' };

describe.skipIf(chromiumSkipReason !== null)(`keys & accounts${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('adds a key (masked, accepted), shows a rejected key in red with the fix, replaces and removes keys', async () => {
    const { page, rig, errors } = await suite.open({ env: NO_ENV_KEYS });
    await page.getByRole('link', { name: 'Keys & accounts' }).click();
    const screen = page.getByTestId('accounts-screen');
    await screen.getByRole('heading', { name: 'Keys & accounts', level: 2 }).waitFor();

    // Card2Crypto: a good key under the suggested account name "default".
    const addC2c = screen.getByRole('form', { name: 'Add a Card2Crypto key' });
    expect(await addC2c.getByLabel('Account name').inputValue()).toBe('default');
    const c2cKey = addC2c.getByLabel('API key');
    expect(await c2cKey.getAttribute('type')).toBe('password');
    await c2cKey.fill(rig.sim.keys.card2crypto);
    await addC2c.getByRole('button', { name: 'Add key' }).click();
    expect(await c2cKey.inputValue()).toBe('');
    const c2c = screen.getByTestId('account-card2crypto-default');
    await c2c.waitFor();
    await expect.poll(() => c2c.getByTestId('verification').textContent()).toBe('Accepted');
    expect(await c2c.getByTestId('masked-key').textContent()).toBe('c2c_test_…0001');
    expect(await c2c.textContent()).toMatch(/Last verified(just now|\d+ s ago) · /);

    // PayCrypt: a key the provider does not know.
    const addPc = screen.getByRole('form', { name: 'Add a PayCrypt key' });
    await addPc.getByLabel('Account name').fill('main-shop');
    await addPc.getByLabel('API key').fill('sk_test_wrongkey000000000000');
    await addPc.getByRole('button', { name: 'Add key' }).click();
    const pc = screen.getByTestId('account-paycrypt-main-shop');
    await pc.waitFor();
    await expect.poll(() => pc.getByTestId('verification').textContent()).toBe('Rejected');
    expect(await pc.getAttribute('class')).toContain('rejected');
    const help = (await pc.getByTestId('verification-help').textContent()) ?? '';
    expect(help).toContain('The key was rejected');
    expect(help).toContain('paste it under “Replace key”');
    const red = await pc.getByTestId('verification').evaluate((el) => getComputedStyle(el).color);
    const [r = 0, g = 0, b = 0] = (red.match(/\d+/g) ?? []).map(Number);
    expect(r).toBeGreaterThan(g + 60);
    expect(r).toBeGreaterThan(b + 60);

    // Advanced: the page refuses plain http to a remote host before main sees it.
    await pc.getByText('Advanced', { exact: true }).click();
    const baseUrl = pc.getByLabel('API base URL');
    await baseUrl.fill('http://api.example.com');
    await pc.getByText('Use https (plain http is allowed only for localhost').waitFor();
    expect(await pc.getByRole('button', { name: 'Save advanced settings' }).isDisabled()).toBe(true);
    await baseUrl.fill(rig.sim.paycryptUrl);
    await pc.getByLabel('Polling budget (requests per minute)').fill('30');
    await page.mouse.move(0, 0);
    await screenshot(page, 'accounts.png');
    await pc.getByRole('button', { name: 'Save advanced settings' }).click();
    await pc.getByText('Saved.').waitFor();
    const stored = (await rig.service.invoke('app:snapshot', undefined)) as { ok: true; value: SnapshotView };
    const account = stored.value.accounts.find((a) => a.provider === 'paycrypt' && a.account === 'main-shop');
    expect(account?.budgetPerMinute).toBe(30);
    expect(account?.baseUrl).toContain('127.0.0.1');

    // Replace the rejected key with a good one.
    const replace = pc.getByRole('form', { name: 'Replace the key of main-shop' });
    await replace.getByLabel('New API key').fill(rig.sim.keys.paycrypt);
    await replace.getByRole('button', { name: 'Replace key' }).click();
    expect(await replace.getByLabel('New API key').inputValue()).toBe('');
    await expect.poll(() => pc.getByTestId('verification').textContent()).toBe('Accepted');
    await pc.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => pc.getByRole('button', { name: 'Verify' }).isEnabled()).toBe(true);
    expect(await pc.getByTestId('verification').textContent()).toBe('Accepted');

    // Keys never reach the page.
    const html = await page.content();
    expect(html).not.toContain(rig.sim.keys.card2crypto);
    expect(html).not.toContain(rig.sim.keys.paycrypt);

    // Remove, with a confirmation step.
    await c2c.getByRole('button', { name: 'Remove key' }).click();
    await c2c.getByRole('button', { name: 'Yes, remove' }).click();
    await c2c.waitFor({ state: 'detached' });
    const after = (await rig.service.invoke('app:snapshot', undefined)) as { ok: true; value: SnapshotView };
    expect(after.value.accounts.some((a) => a.provider === 'card2crypto' && a.hasKey)).toBe(false);
    expect(errors).toEqual([]);
  }, 45_000);

  it('keeps a key main refused as malformed in its field to be fixed, and empties it once the provider was asked', async () => {
    const { page, rig, errors } = await suite.open({ env: NO_ENV_KEYS });
    await page.getByRole('link', { name: 'Keys & accounts' }).click();
    const addPc = page.getByRole('form', { name: 'Add a PayCrypt key' });
    const key = addPc.getByLabel('API key');
    // The other provider's key: refused before it is stored or sent.
    await key.fill('c2c_live_0123456789abcdef');
    await addPc.getByRole('button', { name: 'Add key' }).click();
    await expect.poll(() => addPc.getByRole('alert').textContent()).toContain('looks like a Card2Crypto key');
    expect(await key.inputValue()).toBe('c2c_live_0123456789abcdef');
    expect(await key.getAttribute('aria-invalid')).toBe('true');
    // Fixed in place and sent: asked of the provider, the field is empty whatever the answer.
    await key.fill(rig.sim.keys.paycrypt);
    await addPc.getByRole('button', { name: 'Add key' }).click();
    await page.getByTestId('account-paycrypt-default').waitFor();
    expect(await key.inputValue()).toBe('');
    expect(errors).toEqual([]);
  });

  it('saves which final statuses notify and mutes all notifications', async () => {
    const { page, rig, errors } = await suite.open({ env: NO_ENV_KEYS });
    await page.getByRole('link', { name: 'Keys & accounts' }).click();
    const settings = async (): Promise<SettingsView> => ((await rig.service.invoke('app:snapshot', undefined)) as { ok: true; value: SnapshotView }).value.settings;
    const refunded = page.getByRole('checkbox', { name: /^refunded/ });
    expect(await refunded.isChecked()).toBe(true);
    await refunded.click();
    await expect.poll(async () => (await settings()).notifyStatuses.includes('refunded')).toBe(false);
    expect(await refunded.isChecked()).toBe(false);
    await page.getByRole('checkbox', { name: /Mute all desktop notifications/ }).click();
    await expect.poll(async () => (await settings()).muteAll).toBe(true);
    // The per-status choices are moot while everything is muted.
    await expect.poll(() => page.getByRole('checkbox', { name: /^completed/ }).isDisabled()).toBe(true);
    // Back to the watchlist with the header link.
    await page.getByRole('link', { name: 'Keys & accounts' }).click();
    await page.getByRole('searchbox', { name: 'Search payments' }).waitFor();
    expect(errors).toEqual([]);
  });
});
