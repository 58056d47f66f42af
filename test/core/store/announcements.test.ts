import { describe, expect, it } from 'vitest';
import { openStore, type AccountMeta } from '../../../src/core/store/index.ts';
import { PaymonError } from '../../../src/shared/errors.ts';
import { refKey } from '../../../src/shared/refs.ts';
import { c2cRef, tempDir } from './helpers.ts';

const KEY = refKey(c2cRef(1));

describe('announcement ledger', () => {
  it('grants each transition once, also after a restart and after remove and re-add', () => {
    const dir = tempDir();
    const first = openStore(dir).store;
    first.addWatch(c2cRef(1));
    expect(first.wasAnnounced(KEY, 'completed')).toBe(false);
    expect(first.claimAnnouncement(KEY, 'completed', '2025-10-16T12:01:00Z')).toBe(true);
    expect(first.claimAnnouncement(KEY, 'completed', '2025-10-16T12:02:00Z')).toBe(false);
    expect(first.claimAnnouncement(KEY, 'refunded', '2025-10-16T13:00:00Z')).toBe(true);
    first.removeWatch(KEY);
    first.addWatch(c2cRef(1));
    first.close();

    const second = openStore(dir).store;
    expect(second.wasAnnounced(KEY, 'completed')).toBe(true);
    expect(second.claimAnnouncement(KEY, 'completed', '2025-10-17T00:00:00Z')).toBe(false);
    expect(second.claimAnnouncement(KEY, 'failed', '2025-10-17T00:00:00Z')).toBe(true);
    second.close();
  });

  it('gives up the claim when the batch it was made in rolls back', () => {
    const { store } = openStore(tempDir());
    expect(() =>
      store.transaction(() => {
        store.claimAnnouncement(KEY, 'completed', 't');
        throw new Error('crash before notifying');
      }),
    ).toThrow();
    expect(store.claimAnnouncement(KEY, 'completed', 't')).toBe(true);
    store.close();
  });
});

describe('accounts', () => {
  const shop: AccountMeta = {
    provider: 'paycrypt',
    account: 'default',
    maskedKey: 'pc_live_…1c0b',
    verified: 'accepted',
    checkedAt: '2025-10-16T12:00:00Z',
    baseUrl: null,
    budgetPerMinute: 30,
  };

  it('upserts, lists by provider then name, and removes metadata', () => {
    const dir = tempDir();
    const { store } = openStore(dir);
    store.upsertAccount(shop);
    store.upsertAccount({ ...shop, provider: 'card2crypto', account: 'b', maskedKey: null, verified: 'unverified' });
    store.upsertAccount({ ...shop, verified: 'rejected', baseUrl: 'http://127.0.0.1:4010' });
    store.close();
    const reopened = openStore(dir).store;
    expect(reopened.listAccounts()).toEqual([
      { ...shop, provider: 'card2crypto', account: 'b', maskedKey: null, verified: 'unverified' },
      { ...shop, verified: 'rejected', baseUrl: 'http://127.0.0.1:4010' },
    ]);
    expect(reopened.removeAccount('paycrypt', 'default')).toBe(true);
    expect(reopened.removeAccount('paycrypt', 'default')).toBe(false);
    expect(reopened.listAccounts()).toHaveLength(1);
    reopened.close();
  });

  it('refuses to store something that looks like a whole API key, and bad budgets', () => {
    const { store } = openStore(tempDir());
    expect(() => store.upsertAccount({ ...shop, maskedKey: 'c2c_live_0123456789abcdef' })).toThrow(/not masked/);
    expect(() => store.upsertAccount({ ...shop, budgetPerMinute: 0 })).toThrow(PaymonError);
    expect(store.listAccounts()).toEqual([]);
    store.close();
  });
});

describe('settings', () => {
  it('round-trips JSON values across a restart, checks shapes, and deletes with undefined', () => {
    const dir = tempDir();
    const { store } = openStore(dir);
    store.setSetting('pollSeconds', 30);
    store.setSetting('window', { width: 900, maximized: false });
    store.setSetting('gone', 'soon');
    store.setSetting('gone', undefined);
    store.close();
    const reopened = openStore(dir).store;
    const isNumber = (value: unknown): value is number => typeof value === 'number';
    expect(reopened.getSetting('pollSeconds', isNumber)).toBe(30);
    expect(reopened.getSetting('window', isNumber)).toBeUndefined();
    expect(reopened.getSetting('window')).toEqual({ width: 900, maximized: false });
    expect(reopened.getSetting('gone')).toBeUndefined();
    reopened.close();
  });
});
