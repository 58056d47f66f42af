/** The real AppService against the simulator: paste, deltas, toasts and notifications, bursts, undo, problems. */
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountProblemView, AddResultView, SnapshotView, ToastView, WatchDelta } from '../../../src/shared/ipc.ts';
import { startServiceRig, T0, type ServiceRig } from './service-rig.ts';

let rig: ServiceRig;
afterEach(() => rig?.close());

async function ok<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const result = await p;
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
}

const upserted = (deltas: WatchDelta[]) => deltas.flatMap((d) => d.upserts);

describe('AppService', () => {
  it('resolves pasted payments into rows and pushes them as deltas', async () => {
    rig = await startServiceRig();
    const c2c = rig.world.addCard2Crypto({ amount: 10_000, outcome: 'pending', customer: { name: 'Ada' } });
    const pc = rig.world.addPayCrypt({ amount: 25, orderId: 'ORD-77', outcome: 'pending' });
    const text = `Customer says ${c2c} failed, see also https://x.example/return?payment_id=${pc}. Typo: pay_!!`;
    const result = await ok<AddResultView>(rig.service.invoke('watch:add', { text, orderIds: ['ORD-77', 'bad order id'] }));
    expect(result.added).toEqual([`card2crypto:payment:${c2c}`, `paycrypt:payment:${pc}`, 'paycrypt:order:ORD-77']);
    expect(result.invalid).toContain('bad order id');

    await rig.advance(1_000);
    await rig.flush();
    const snap = await ok<SnapshotView>(rig.service.invoke('app:snapshot', undefined));
    expect(snap.rows.map((r) => [r.key, r.status]).sort()).toEqual([
      [`card2crypto:payment:${c2c}`, 'pending'],
      ['paycrypt:order:ORD-77', 'pending'],
      [`paycrypt:payment:${pc}`, 'pending'],
    ]);
    expect(snap.rows.every((r) => r.payment !== null && r.nextCheckAt !== null && !r.final)).toBe(true);
    expect(snap).toMatchObject({ monitorPaused: false, keychainProblem: null, demo: false, problems: [] });
    const seen = upserted(rig.on<WatchDelta>('watch:delta')).filter((r) => r.status === 'pending');
    expect(new Set(seen.map((r) => r.key)).size).toBe(3);
  });

  it('holds unusually short IDs back only when the paste box asks, and reports them', async () => {
    rig = await startServiceRig();
    const real = rig.world.addCard2Crypto({ amount: 100, outcome: 'pending' });
    const held = await ok<AddResultView>(rig.service.invoke('watch:add', { text: `pay_12 ${real}`, unusual: 'hold' }));
    expect(held.added).toEqual([`card2crypto:payment:${real}`]);
    expect(held.held).toEqual(['pay_12']);
    const asked = await ok<AddResultView>(rig.service.invoke('watch:add', { text: 'pay_12' }));
    expect(asked.added).toEqual(['card2crypto:payment:pay_12']);
    expect(asked.held).toEqual([]);
    const bad = await rig.service.invoke('watch:add', { text: 'pay_12', unusual: 'sometimes' } as never);
    expect(bad.ok).toBe(false);
  });

  it('pushes a delta and exactly one toast and notification when a payment becomes final, also across a restart', async () => {
    rig = await startServiceRig();
    const id = rig.world.addCard2Crypto({
      amount: 10_000,
      outcome: { complete: T0 + 60_000 },
      refundAt: T0 + 3 * 3600_000,
      customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
      metadata: { order_id: 'A-1' },
    });
    await rig.service.invoke('watch:add', { text: id });
    for (let i = 0; i < 20; i++) await rig.advance(30_000);
    await rig.flush();
    const key = `card2crypto:payment:${id}`;
    expect(upserted(rig.on<WatchDelta>('watch:delta')).some((r) => r.key === key && r.status === 'completed' && r.final)).toBe(true);
    const toasts = rig.on<ToastView>('toast');
    expect(toasts).toHaveLength(1);
    expect(toasts[0]).toMatchObject({ key, title: 'Paid: $100.00', status: 'completed' });
    expect(rig.notified).toEqual([{ key, title: 'Paid: $100.00', body: `Card2Crypto ${id} · Order A-1 · Ada Lovelace (ada@example.com)`, alertIds: [1], sound: false }]);

    // After a restart the same transition is seen again but never announced twice (the store's ledger).
    await rig.restart();
    await rig.service.invoke('watch:refresh', { keys: [key] });
    await rig.advance(5_000);
    expect(rig.notified).toHaveLength(1);
    expect(rig.on<ToastView>('toast')).toHaveLength(1);
    // A refund is a new transition: one more notification, for it alone.
    for (let i = 0; i < 12; i++) await rig.advance(30 * 60_000);
    expect(rig.notified.map((n) => n.title)).toEqual(['Paid: $100.00', 'Refunded after completion: $100.00']);
  });

  // Heavy (1,000 payments through the real store and simulator): a loaded 2-core CI machine needs more than the default 20 s.
  it('coalesces a burst of 1,000 status changes into a few delta messages', { timeout: 90_000 }, async () => {
    rig = await startServiceRig({
      deltaIntervalMs: 500,
      engine: { random: () => 0.5, budgetFor: () => ({ perMinute: 100_000, burst: 5_000 }) },
    });
    rig.world.setRateLimit({ limit: 1_000_000 });
    const ids = Array.from({ length: 1_000 }, () => rig.world.addCard2Crypto({ amount: 100, outcome: { complete: T0 + 20_000 } }));
    await rig.service.invoke('watch:add', { text: ids.join('\n') });
    await rig.advance(1_000);
    await rig.flush();
    const before = rig.on<WatchDelta>('watch:delta').length;
    const started = performance.now();
    for (let i = 0; i < 30 && rig.service.pendingCount() > 0; i++) await rig.advance(10_000);
    await rig.flush();
    expect(rig.service.pendingCount()).toBe(0);
    const burst = rig.on<WatchDelta>('watch:delta').slice(before);
    const completed = new Set(upserted(burst).filter((r) => r.status === 'completed').map((r) => r.key));
    expect(completed.size).toBe(1_000);
    // Each message carries many rows: 1,000 changes arrive in a handful of messages, not 1,000.
    const elapsed = performance.now() - started;
    console.info(`1,000 status changes in ${Math.round(elapsed)} ms arrived in ${burst.length} delta messages`);
    // At most one message per interval (plus the edges), however many changes happen in it; an
    // unbatched service would send one per change (>= 1,000). Exact counts: deltas.test.ts.
    expect(burst.length).toBeLessThanOrEqual(Math.ceil(elapsed / 500) + 2);
    expect(upserted(burst).length / burst.length).toBeGreaterThan(20);
    // Pasted while pending, all 1,000 completions are transitions Paymon saw: one toast each, no more.
    expect(rig.on<ToastView>('toast')).toHaveLength(1_000);
  });

  it('removes with undo, pauses, focuses and shows detail', async () => {
    rig = await startServiceRig();
    const a = rig.world.addCard2Crypto({ amount: 100, outcome: 'pending' });
    const b = rig.world.addCard2Crypto({ amount: 200, outcome: 'pending' });
    await rig.service.invoke('watch:add', { text: `${a} ${b}` });
    await rig.advance(1_000);
    const [ka, kb] = [`card2crypto:payment:${a}`, `card2crypto:payment:${b}`];

    const detail = await ok<{ history: unknown[]; row: { key: string } }>(rig.service.invoke('watch:detail', { key: ka }));
    expect(detail.row.key).toBe(ka);
    expect(detail.history).toHaveLength(1);

    const removed = await ok<{ removed: number; undoToken: string }>(rig.service.invoke('watch:remove', { keys: [ka, ka, 'nope'] }));
    expect(removed.removed).toBe(1);
    await rig.flush();
    expect(rig.on<WatchDelta>('watch:delta').some((d) => d.removes.includes(ka))).toBe(true);
    expect(await ok(rig.service.invoke('watch:undo-remove', { undoToken: removed.undoToken }))).toEqual({ restored: 1 });
    // A token works once.
    expect((await rig.service.invoke('watch:undo-remove', { undoToken: removed.undoToken })).ok).toBe(false);
    const again = await ok<{ undoToken: string }>(rig.service.invoke('watch:remove', { keys: [ka] }));
    await rig.advance(6 * 60_000);
    expect((await rig.service.invoke('watch:undo-remove', { undoToken: again.undoToken })).ok).toBe(false);

    await ok(rig.service.invoke('watch:set-paused', { keys: [kb], paused: true }));
    let snap = await ok<SnapshotView>(rig.service.invoke('app:snapshot', undefined));
    expect(snap.rows.find((r) => r.key === kb)).toMatchObject({ paused: true, nextCheckAt: null });
    await ok(rig.service.invoke('watch:focus', { key: kb }));

    await ok(rig.service.invoke('monitor:set-paused', { paused: true }));
    expect(rig.on('monitor:paused')).toEqual([true]);
    await rig.restart();
    snap = await ok<SnapshotView>(rig.service.invoke('app:snapshot', undefined));
    expect(snap.monitorPaused).toBe(true);
    await ok(rig.service.invoke('monitor:set-paused', { paused: false }));
    expect(rig.on('monitor:paused')).toEqual([true, false]);
  });

  it('reports account problems and clears them when a key arrives', async () => {
    rig = await startServiceRig({ secrets: new (await import('../../../src/core/secrets/memory-store.ts')).MemoryStore() });
    const id = rig.world.addPayCrypt({ amount: 5, outcome: 'pending' });
    await rig.service.invoke('watch:add', { text: id });
    await rig.advance(1_000);
    const problems = rig.on<AccountProblemView[]>('account:problems');
    expect(problems.at(-1)).toEqual([expect.objectContaining({ provider: 'paycrypt', error: expect.objectContaining({ kind: 'no_key' }) })]);

    await ok(rig.service.invoke('keys:set', { provider: 'paycrypt', account: 'default', key: rig.sim.keys.paycrypt }));
    expect(rig.on<AccountProblemView[]>('account:problems').at(-1)).toEqual([]);
    await rig.advance(5_000);
    const snap = await ok<SnapshotView>(rig.service.invoke('app:snapshot', undefined));
    expect(snap.rows[0]).toMatchObject({ status: 'pending', lastError: null });
  });

  it('shows a rate limit with the time requests resume, and drops it then', async () => {
    rig = await startServiceRig();
    rig.world.setRateLimit({ limit: 1, blockSeconds: 30 });
    const ids = [0, 1, 2].map(() => rig.world.addCard2Crypto({ amount: 100, outcome: 'pending' }));
    await rig.service.invoke('watch:add', { text: ids.join(' ') });
    await rig.advance(1_000);
    const limited = rig.on<AccountProblemView[]>('account:problems').find((l) => l.some((p) => p.error.kind === 'rate_limited'));
    expect(limited?.[0]?.until).toMatch(/^2026-03-02T10:00:3/);
    await rig.advance(120_000);
    expect(rig.on<AccountProblemView[]>('account:problems').at(-1)).toEqual([]);
  });
});
