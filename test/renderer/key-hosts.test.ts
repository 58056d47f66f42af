/**
 * Issue 16 in the window: saving a base URL on a new host asks main (here a recording stand-in for
 * the native dialog); a no shows why nothing was sent, under the account's Advanced settings, and
 * the host hears nothing. The environment's key has no base URL field to fill in.
 */
import { describe, expect, it } from 'vitest';
import type { KeyHostRequest } from '../../src/core/secrets/key-hosts.ts';
import { chromiumSkipReason } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import { sendJson, startServer } from '../helpers/http-server.ts';

describe.skipIf(chromiumSkipReason !== null)(`keys and new hosts${chromiumSkipReason ? ` — SKIPPED: ${chromiumSkipReason}` : ''}`, () => {
  const suite = useAppSuite();

  it('shows the refusal under Advanced when the user declines a new host, and sends nothing', async () => {
    const asked: KeyHostRequest[] = [];
    const evil = await startServer((_req, res) => sendJson(res, 404, { error: 'no such payment' }));
    try {
      const { page, rig, errors } = await suite.open({
        env: { CARD2CRYPTO_API_KEY: '', PAYCRYPT_API_KEY: '' },
        service: { confirmKeyHost: async (req) => (asked.push(req), false) },
      });
      expect(await rig.service.invoke('keys:set', { provider: 'paycrypt', account: 'main-shop', key: rig.sim.keys.paycrypt })).toMatchObject({ ok: true });
      await page.getByRole('link', { name: 'Keys & accounts' }).click();
      const card = page.getByTestId('account-paycrypt-main-shop');
      await card.waitFor();
      await card.getByText('Advanced', { exact: true }).click();
      await card.getByLabel('API base URL').fill(`${evil.url}/api`);
      await card.getByRole('button', { name: 'Save advanced settings' }).click();
      const alert = card.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain(`You did not allow sending the PayCrypt key of "main-shop" to ${evil.url}`);
      expect(await card.getByText('Saved.').count()).toBe(0);
      expect(asked).toEqual([{ provider: 'paycrypt', account: 'main-shop', host: evil.url }]);
      expect(evil.requests).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await evil.close();
    }
  });

  it('offers no base URL for the key from the environment', async () => {
    const { page, errors } = await suite.open();
    await page.getByRole('link', { name: 'Keys & accounts' }).click();
    const card = page.getByTestId('account-card2crypto-env');
    await card.waitFor();
    await card.getByText('Advanced', { exact: true }).click();
    expect(await card.getByLabel('API base URL').isDisabled()).toBe(true);
    expect(await card.textContent()).toContain('The key from CARD2CRYPTO_API_KEY is sent only to the Card2Crypto address');
    expect(errors).toEqual([]);
  });
});
