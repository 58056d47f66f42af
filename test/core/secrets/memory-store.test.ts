import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../src/core/secrets/memory-store.ts';
import { PaymonError } from '../../../src/shared/errors.ts';

const pc = (account: string) => ({ provider: 'paycrypt' as const, account });
const c2c = (account: string) => ({ provider: 'card2crypto' as const, account });

describe('MemoryStore', () => {
  it('sets, gets, overwrites and deletes', async () => {
    const store = new MemoryStore();
    expect(await store.get(pc('default'))).toBeNull();
    await store.set(pc('default'), 'sk_test_one');
    await store.set(pc('default'), 'sk_test_two');
    expect(await store.get(pc('default'))).toBe('sk_test_two');
    expect(await store.get(c2c('default'))).toBeNull();
    expect(await store.delete(pc('default'))).toBe(true);
    expect(await store.delete(pc('default'))).toBe(false);
    expect(await store.list()).toEqual([]);
  });

  it('lists by provider, then default first, then alphabetically', async () => {
    const store = new MemoryStore([
      [pc('zeta'), 'k1'],
      [c2c('shop'), 'k2'],
      [pc('default'), 'k3'],
      [pc('Alpha'), 'k4'],
      [pc('beta'), 'k5'],
    ]);
    expect(await store.list()).toEqual([c2c('shop'), pc('default'), pc('Alpha'), pc('beta'), pc('zeta')]);
  });

  it('hands out copies, so a caller cannot rename a stored entry', async () => {
    const address = pc('default');
    const store = new MemoryStore([[address, 'k']]);
    address.account = 'changed';
    const [listed] = await store.list();
    listed!.account = 'also changed';
    expect(await store.list()).toEqual([pc('default')]);
  });

  it('refuses what the keychain store refuses', async () => {
    const store = new MemoryStore();
    for (const p of [store.set(pc('a:b'), 'k'), store.set(pc('default'), ''), store.get(pc(''))]) {
      await expect(p).rejects.toSatisfy((e) => e instanceof PaymonError && e.kind === 'invalid_input');
    }
  });
});
