/**
 * The "Team database" section (issue 15) in Chromium against the real AppService and a throwaway
 * PostgreSQL: a wrong password is named as such, the saved URL is shown masked (the password never
 * reaches the page), and "Test connection" reports the server and schema versions.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/core/secrets/memory-store.ts';
import { TEAM_URL_ADDRESS } from '../../src/core/app/team.ts';
import { PG_SCHEMA_VERSION } from '../../src/core/team/migrations.ts';
import { chromiumSkipReason, screenshot } from '../helpers/browser.ts';
import { useAppSuite } from '../helpers/browser-ui.ts';
import { pgMissingReason, startPostgres } from '../helpers/postgres.ts';

const skip = chromiumSkipReason ?? pgMissingReason();

describe.skipIf(skip !== null)(`team database settings${skip ? ` — SKIPPED: ${skip}` : ''}`, () => {
  const suite = useAppSuite();

  it('tests a wrong password, saves the URL masked and tests it: ok with versions', async () => {
    const cluster = await startPostgres();
    try {
      const vault = new MemoryStore();
      const { page, errors } = await suite.open({ service: { teamVault: vault }, env: { PAYMON_AGENT: 'desk@office' } });
      await page.getByRole('link', { name: 'Keys & accounts' }).click();
      const section = page.getByTestId('team-settings');
      await section.waitFor();
      expect(await section.getByTestId('team-saved').textContent()).toContain('No team database saved');
      const field = section.getByLabel(/Database URL/);
      const result = section.getByTestId('team-test-result');

      await field.fill(cluster.urlFor('paymon', 'wrong-pw-123'));
      await section.getByRole('button', { name: 'Test connection' }).click();
      await result.waitFor();
      expect(await result.getAttribute('data-outcome')).toBe('credentials');
      expect(await result.textContent()).toMatch(/refused the user name or password/);

      await field.fill(cluster.url);
      await section.getByLabel(/Your name in the team/).fill('ana');
      await section.getByRole('button', { name: 'Save' }).click();
      await page.waitForFunction(() => document.querySelector('[data-testid="team-saved"]')?.textContent?.includes('***') === true);
      expect(await vault.get(TEAM_URL_ADDRESS)).toBe(cluster.url);
      expect(await field.inputValue()).toBe('');

      await section.getByRole('button', { name: 'Test connection' }).click();
      await page.waitForFunction(() => document.querySelector('[data-testid="team-test-result"]')?.getAttribute('data-outcome') === 'ok');
      const version = cluster.psql('SHOW server_version;').trim();
      expect(await result.textContent()).toBe(`Connected: PostgreSQL ${version}, Paymon schema ${PG_SCHEMA_VERSION}. You are ana; the team watches 0 payment(s).`);
      expect(await page.content()).not.toContain(cluster.password);
      await section.scrollIntoViewIfNeeded();
      await screenshot(page, 'team-settings.png');
      expect(errors).toEqual([]);
    } finally {
      cluster.stop();
    }
  }, 60_000);
});
