/**
 * Each rule once (issue 12): the renderer's early hints and the core's checks apply the same rule,
 * from src/shared, so they can no longer drift. The renderer's old copy of the base-URL rule
 * accepted a ?query and a #fragment that main then refused.
 */
import { describe, expect, it } from 'vitest';
import { validateBaseUrl } from '../../src/core/http.ts';
import { defaultSettings as coreDefaults } from '../../src/core/app/settings.ts';
import { validateAccountName } from '../../src/core/secrets/key-hygiene.ts';
import { accountNameProblem } from '../../src/renderer/src/features/accounts/account-text.ts';
import { baseUrlProblem, budgetProblem } from '../../src/renderer/src/lib/base-url.ts';
import { BUDGET_PER_MINUTE, ENV_ACCOUNT } from '../../src/shared/accounts.ts';
import { checkBaseUrl } from '../../src/shared/base-url.ts';
import { REQUEST_SCHEMAS } from '../../src/shared/ipc-schemas.ts';
import { defaultSettings, NOTIFIABLE_STATUSES } from '../../src/shared/settings.ts';
import { DEFAULT_LOOKUP_SHORTCUT } from '../../src/shared/shortcut.ts';

const URLS = [
  'https://api.example.com/v1',
  'https://api.example.com/v1?token=x',
  'https://api.example.com/v1#frag',
  'https://api.example.com/v1?',
  'http://127.0.0.1:8080/card2crypto/api/v1',
  'http://127.0.0.1:8080/x?a=1',
  'http://localhost:3000',
  'http://[::1]:3000',
  'http://127.1',
  'http://localhost.evil.com',
  'http://api.example.com',
  'https://user:pw@api.example.com',
  'ftp://files.example.com',
  'javascript:alert(1)',
  'not a url',
  '  https://padded.example.com  ',
];

const coreAccepts = (url: string): boolean => {
  try {
    validateBaseUrl(url);
    return true;
  } catch {
    return false;
  }
};

describe('the base-URL rule, once', () => {
  it('refuses a query or a fragment everywhere, the renderer included', () => {
    for (const url of ['https://api.example.com/v1?token=x', 'https://api.example.com/v1#frag', 'http://127.0.0.1:8080/x?a=1']) {
      expect(checkBaseUrl(url).ok).toBe(false);
      expect(baseUrlProblem(url)).toBe('The URL must not contain a query (?) or fragment (#).');
      expect(() => validateBaseUrl(url, 'The PayCrypt base URL')).toThrow(/must not contain a query \(\?\) or fragment \(#\)/);
    }
  });

  it.each(URLS)('the renderer hints exactly where main refuses: %s', (url) => {
    expect(baseUrlProblem(url) === null).toBe(coreAccepts(url));
  });
});

describe('account names and budgets, once', () => {
  it.each(['default', 'main-shop', 'Shop 2', 'ünïcode.shop_1', '', ' x', 'x ', 'a/b', 'a:b', 'x'.repeat(64), 'x'.repeat(65)])(
    'the renderer and main agree on the account name %j',
    (name) => {
      const coreOk = (() => {
        try {
          validateAccountName(name);
          return true;
        } catch {
          return false;
        }
      })();
      expect(accountNameProblem(name, []) === null).toBe(coreOk && name !== ENV_ACCOUNT);
    },
  );

  it('the renderer and the IPC schema agree on the budget range', () => {
    const schema = REQUEST_SCHEMAS['accounts:update'];
    for (const n of [0, 1, 60, BUDGET_PER_MINUTE.max, BUDGET_PER_MINUTE.max + 1]) {
      const viaIpc = schema.safeParse({ provider: 'paycrypt', account: 'default', budgetPerMinute: n }).success;
      expect(budgetProblem(String(n)) === null).toBe(viaIpc);
    }
    expect(BUDGET_PER_MINUTE).toEqual({ min: 1, max: 6000 });
  });
});

describe('default settings, once', () => {
  it('are the same object shape in the core and in src/shared, notifying about every final status', () => {
    expect(coreDefaults()).toEqual(defaultSettings());
    expect(defaultSettings()).toEqual({ notifyStatuses: [...NOTIFIABLE_STATUSES], muteAll: false, onClose: 'tray', lookupShortcut: DEFAULT_LOOKUP_SHORTCUT, openAtLogin: false });
    expect(NOTIFIABLE_STATUSES.length).toBeGreaterThan(0);
  });
});
