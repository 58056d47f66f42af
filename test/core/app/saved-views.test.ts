/** Saved views (issue 13) through the real AppService on a SQLite file: save, replace, select, delete, limits, restart, damage. */
import { afterEach, describe, expect, it } from 'vitest';
import type { SnapshotView } from '../../../src/shared/ipc.ts';
import { MAX_VIEWS, type SavedView, type SavedViewsView } from '../../../src/shared/saved-views.ts';
import { startServiceRig, type ServiceRig } from './service-rig.ts';

let rig: ServiceRig;
afterEach(() => rig?.close());

const paid: SavedView = { name: 'Paid today', filters: { status: 'final', provider: 'all', account: 'all' }, search: '', sorting: [{ id: 'amount', desc: true }] };
const shopB: SavedView = { name: 'Shop B', filters: { status: 'all', provider: 'card2crypto', account: 'shop-b' }, search: 'refund', sorting: [] };

async function call<T>(channel: string, req: unknown): Promise<T> {
  const r = (await rig.service.invoke(channel as never, req as never)) as { ok: boolean; value?: T; error?: { kind: string; message: string } };
  if (!r.ok) throw Object.assign(new Error(r.error!.message), { kind: r.error!.kind });
  return r.value as T;
}
const views = async () => (await call<SnapshotView>('app:snapshot', undefined)).views;

describe('saved views', () => {
  it('saves views in order, replaces one of the same name in place, and makes the saved one current', async () => {
    rig = await startServiceRig();
    expect(await views()).toEqual({ views: [], current: null });
    await call('views:save', paid);
    const after = await call<SavedViewsView>('views:save', shopB);
    expect(after.views.map((v) => v.name)).toEqual(['Paid today', 'Shop B']);
    expect(after.current).toBe('Shop B');
    // Any case, same view: replaced where it was (Alt+1 still reaches it).
    const replaced = await call<SavedViewsView>('views:save', { ...paid, name: '  paid TODAY ', search: 'x' });
    expect(replaced.views.map((v) => [v.name, v.search])).toEqual([['paid TODAY', 'x'], ['Shop B', 'refund']]);
    expect(replaced.current).toBe('paid TODAY');
  });

  it('remembers the current view across a restart, forgets it with its view, and selects none', async () => {
    rig = await startServiceRig();
    await call('views:save', paid);
    await call('views:save', shopB);
    await call('views:select', { name: 'paid today' });
    await rig.restart();
    expect(await views()).toEqual({ views: [paid, shopB], current: 'Paid today' });
    expect((await call<SavedViewsView>('views:remove', { name: 'Paid today' })).current).toBeNull();
    expect((await call<SavedViewsView>('views:select', { name: 'Shop B' })).current).toBe('Shop B');
    expect((await call<SavedViewsView>('views:select', { name: null })).current).toBeNull();
    await expect(call('views:select', { name: 'Gone' })).rejects.toMatchObject({ kind: 'invalid_input', message: 'There is no view named "Gone".' });
    await expect(call('views:remove', { name: 'Gone' })).rejects.toMatchObject({ kind: 'invalid_input' });
  });

  it('refuses bad names and more than the limit, with a clear message', async () => {
    rig = await startServiceRig();
    await expect(call('views:save', { ...paid, name: '   ' })).rejects.toMatchObject({ kind: 'invalid_input', message: 'Give the view a name.' });
    await expect(call('views:save', { ...paid, name: 'a\u0007b' })).rejects.toMatchObject({ kind: 'invalid_input' });
    await expect(call('views:save', { ...paid, name: 'x'.repeat(41) })).rejects.toMatchObject({ kind: 'invalid_input' });
    await expect(call('views:save', { ...paid, filters: { status: 'final' } })).rejects.toMatchObject({ kind: 'invalid_input' });
    for (let i = 0; i < MAX_VIEWS; i++) await call('views:save', { ...paid, name: `View ${i}` });
    await expect(call('views:save', { ...paid, name: 'One more' })).rejects.toMatchObject({ kind: 'invalid_input', message: `At most ${MAX_VIEWS} views can be saved; delete one first.` });
    // Replacing one is still fine at the limit.
    expect((await call<SavedViewsView>('views:save', { ...paid, name: 'View 3', search: 'y' })).views).toHaveLength(MAX_VIEWS);
  });

  it('drops damaged entries read back from the database, and keeps the rest', async () => {
    rig = await startServiceRig();
    rig.store.setSetting('savedViews', { views: [paid, { name: 42 }, { ...shopB, filters: null }, shopB, { ...paid, name: 'PAID TODAY' }], current: 'nope' });
    expect(await views()).toEqual({ views: [paid, shopB], current: null });
    rig.store.setSetting('savedViews', 'garbage');
    expect(await views()).toEqual({ views: [], current: null });
    // Saving over damage starts clean.
    expect((await call<SavedViewsView>('views:save', shopB)).views).toEqual([shopB]);
  });
});
