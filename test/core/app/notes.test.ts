/** Notes and tags (issue 13) through the real AppService: cleaned, limited, pushed as a delta. */
import { afterEach, describe, expect, it } from 'vitest';
import type { SnapshotView, WatchDelta } from '../../../src/shared/ipc.ts';
import { MAX_NOTE } from '../../../src/shared/notes.ts';
import { startServiceRig, type ServiceRig } from './service-rig.ts';

let rig: ServiceRig;
afterEach(() => rig?.close());

describe('notes and tags', () => {
  it('cleans and saves a note and tags, pushes them to the window, and refuses what it cannot keep', async () => {
    rig = await startServiceRig();
    const id = rig.world.addCard2Crypto({ amount: 100, outcome: 'pending' });
    await rig.service.invoke('watch:add', { text: id });
    await rig.advance(1_000);
    await rig.flush();
    const key = `card2crypto:payment:${id}`;
    const saved = await rig.service.invoke('watch:set-note', { key, note: '  Called\r\nthe customer\u0007  ', tags: ['vip', ' VIP ', 'refund,asked', '', 'x'.repeat(40)] });
    expect(saved).toEqual({ ok: true, value: { note: 'Called\nthe customer', tags: ['vip', 'refund', 'asked', 'x'.repeat(32)] } });
    await rig.flush();
    const pushed = rig.on<WatchDelta>('watch:delta').flatMap((d) => d.upserts).filter((r) => r.key === key).at(-1);
    expect(pushed).toMatchObject({ note: 'Called\nthe customer', tags: ['vip', 'refund', 'asked', 'x'.repeat(32)] });
    const snap = (await rig.service.invoke('app:snapshot', undefined)) as { ok: true; value: SnapshotView };
    expect(snap.value.rows[0]).toMatchObject({ note: 'Called\nthe customer' });

    const long = await rig.service.invoke('watch:set-note', { key, note: 'n'.repeat(MAX_NOTE + 1), tags: [] });
    expect(long).toMatchObject({ ok: false, error: { kind: 'invalid_input', message: expect.stringContaining('at most 2,000 characters') } });
    // A key pasted into a note would leave the keychain: refused, nothing stored.
    const leak = await rig.service.invoke('watch:set-note', { key, note: `key is ${rig.sim.keys.card2crypto} ok`, tags: [] });
    expect(leak).toMatchObject({ ok: false, error: { kind: 'invalid_input', message: expect.stringContaining('looks like a Card2Crypto API key') } });
    expect(JSON.stringify(leak)).not.toContain(rig.sim.keys.card2crypto);
    expect(rig.store.getWatch(key)?.note).toBe('Called\nthe customer');
    const tagLeak = await rig.service.invoke('watch:set-note', { key, note: '', tags: [rig.sim.keys.paycrypt] });
    expect(tagLeak).toMatchObject({ ok: false, error: { message: expect.stringContaining('PayCrypt') } });
    const gone = await rig.service.invoke('watch:set-note', { key: 'card2crypto:payment:pay_nobody0000', note: 'x', tags: [] });
    expect(gone).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
  });
});
