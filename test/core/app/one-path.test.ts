/**
 * One path per change (issue 12): handlers change the watchlist through the engine, which announces
 * each change as an engine event; DeltaBatcher.apply is the one place any event becomes a delta. The
 * handlers' context has no batcher, so a handler cannot push a delta beside the events.
 */
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { AppContext } from '../../../src/core/app/context.ts';
import { DeltaBatcher } from '../../../src/core/app/deltas.ts';
import type { EngineEvent } from '../../../src/core/monitor/engine.ts';
import type { WatchDelta, WatchRowView } from '../../../src/shared/ipc.ts';
import { startServiceRig, type ServiceRig } from './service-rig.ts';

let rig: ServiceRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('one path from a change to a delta', () => {
  it('gives handlers no batcher of their own', () => {
    expectTypeOf<AppContext>().not.toHaveProperty('deltas');
    expectTypeOf<AppContext>().toHaveProperty('watchlist');
  });

  it('turns engine and watchlist events into upserts and removes, and nothing else', () => {
    const sent: WatchDelta[] = [];
    const batcher = new DeltaBatcher(60_000, (key) => ({ key }) as WatchRowView, (d) => sent.push(d));
    const events: EngineEvent[] = [
      { type: 'payment-updated', key: 'a' },
      { type: 'payment-error', key: 'b', ref: { provider: 'paycrypt', kind: 'payment', value: 'x' }, error: { kind: 'timeout', message: 't' }, gaveUp: false },
      { type: 'watch-changed', keys: ['c', 'd'] },
      { type: 'watch-removed', keys: ['e'] },
      { type: 'account-problem', provider: 'paycrypt', account: 'default', error: { kind: 'auth', message: 'no' }, until: null },
    ];
    for (const e of events) batcher.apply(e);
    batcher.flush();
    batcher.close();
    expect(sent).toEqual([{ upserts: ['a', 'b', 'c', 'd'].map((key) => ({ key })), removes: ['e'] }]);
  });

  it('pushes a delta for every handler that changes rows, through the events alone', async () => {
    const r = (rig = await startServiceRig());
    const id = r.world.addCard2Crypto({ amount: 100, outcome: 'pending' });
    const key = `card2crypto:payment:${id}`;
    const deltasAfter = async (what: () => Promise<unknown>): Promise<WatchDelta[]> => {
      const before = r.on<WatchDelta>('watch:delta').length;
      await what();
      await r.flush();
      return r.on<WatchDelta>('watch:delta').slice(before);
    };
    const upserted = (ds: WatchDelta[]) => ds.flatMap((d) => d.upserts);
    expect(upserted(await deltasAfter(() => r.service.invoke('watch:add', { text: id }))).map((row) => row.key)).toContain(key);
    expect(upserted(await deltasAfter(() => r.service.invoke('watch:set-muted', { keys: [key], muted: true }))).at(-1)).toMatchObject({ key, muted: true });
    expect(upserted(await deltasAfter(() => r.service.invoke('watch:set-paused', { keys: [key], paused: true }))).at(-1)).toMatchObject({ key, paused: true });
    const removed = await r.service.invoke('watch:remove', { keys: [key] });
    await r.flush();
    expect(r.on<WatchDelta>('watch:delta').at(-1)?.removes).toEqual([key]);
    const token = removed.ok ? (removed.value as { undoToken: string }).undoToken : '';
    expect(upserted(await deltasAfter(() => r.service.invoke('watch:undo-remove', { undoToken: token }))).at(-1)).toMatchObject({ key });
  });
});
