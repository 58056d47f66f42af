import { afterEach, describe, expect, it } from 'vitest';
import { isWatchAlertKind } from '../../../src/shared/alert-history.ts';
import { parsePaymentId } from '../../../src/shared/refs.ts';
import type { EngineEvent } from '../../../src/core/monitor/engine.ts';
import { startRig, T0, type Rig } from '../../helpers/monitor-rig.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

type Of<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;
/** Events of `type`; of 'notify', the status changes' (stuck and expiring alerts have their own tests). */
function eventsOf<T extends EngineEvent['type']>(r: Rig, type: T): Of<T>[] {
  return r.events.filter((e): e is Of<T> => e.type === type && (e.type !== 'notify' || !isWatchAlertKind(e.kind)));
}

describe('Engine against the simulator over HTTP', () => {
  it('follows payments of both providers to their final status and notifies each once, promptly', async () => {
    rig = await startRig();
    const { world } = rig;
    const paid = world.addCard2Crypto({ amount: 10_000, createdAt: T0, outcome: { complete: T0 + 90_000 } });
    const failed = world.addCard2Crypto({ amount: 500, createdAt: T0, outcome: { fail: T0 + 60_000 } });
    const confirmed = world.addPayCrypt({
      amount: 50,
      network: 'tron',
      createdAt: T0,
      outcome: { depositAt: T0 + 120_000, amountReceived: 50 },
    });
    const expired = world.addPayCrypt({ amount: 20, createdAt: T0, expiresAt: T0 + 10 * 60_000, outcome: 'expire' });
    rig.engine.add([paid, failed, confirmed, expired].map(parsePaymentId));
    await rig.advance(15 * 60_000);

    const finals = eventsOf(rig, 'notify').map((e) => [e.payment.id, e.to, Date.parse(e.at)] as const);
    expect(finals.map(([id, to]) => `${id}:${to}`).sort()).toEqual(
      [`${paid}:completed`, `${failed}:failed`, `${confirmed}:confirmed`, `${expired}:expired`].sort(),
    );
    for (const [id, to, seenAt] of finals) {
      const changedAt = world.changeTimes(id).find((c) => c.status === to)!.at;
      // Detection within a fraction of the payment's age, never minutes late.
      expect(seenAt - changedAt).toBeGreaterThanOrEqual(0);
      expect(seenAt - changedAt).toBeLessThan(40_000);
    }
    const history = rig.store.statusHistory(`paycrypt:payment:${confirmed}`).map((c) => c.to);
    expect(history).toEqual(['pending', 'confirmed']);
    expect(rig.store.events(`paycrypt:payment:${confirmed}`).map((e) => e.type)).toContain('payment.confirmed');
  });

  it('never repeats a notification across a restart, and announces what finished while it was closed', async () => {
    rig = await startRig();
    const a = rig.world.addCard2Crypto({ amount: 100, createdAt: T0, outcome: { complete: T0 + 20_000 } });
    const b = rig.world.addCard2Crypto({ amount: 100, createdAt: T0, outcome: { complete: T0 + 3 * 3600_000 } });
    rig.engine.add([parsePaymentId(a), parsePaymentId(b)]);
    await rig.advance(60_000);
    expect(eventsOf(rig, 'notify').map((e) => e.payment.id)).toEqual([a]);

    // Closed for four hours; b completes meanwhile.
    rig.engine.stop();
    await rig.clock.advanceTo(T0 + 4 * 3600_000);
    await rig.restart();
    await rig.advance(10 * 60_000);
    expect(eventsOf(rig, 'notify').map((e) => e.payment.id)).toEqual([a, b]);
  });

  it('does not notify for a payment that was already final when first added', async () => {
    rig = await startRig();
    const old = rig.world.addCard2Crypto({ amount: 100, createdAt: T0 - 3600_000, outcome: { complete: T0 - 60_000 } });
    rig.engine.add([parsePaymentId(old)]);
    await rig.advance(5_000);
    expect(eventsOf(rig, 'status-changed').map((e) => e.to)).toEqual(['completed']);
    expect(eventsOf(rig, 'notify')).toEqual([]);
  });

  it('notifies a payment created as it was added whose first answer, seconds later, is already final', async () => {
    // The soak's card2crypto payment failed within 27 s of its creation, before the busy budget
    // reached its first check: with no final time in the answer it passed for one pasted long final.
    rig = await startRig();
    const id = rig.world.addCard2Crypto({ amount: 100, createdAt: T0, outcome: { fail: T0 + 1_000 } });
    // The first request fails (a 503); the retry 3 s later sees it failed.
    rig.world.injectFaults('server_error', 1);
    rig.engine.add([parsePaymentId(id)]);
    await rig.advance(20_000);
    expect(eventsOf(rig, 'status-changed').map((e) => [e.from, e.to])).toEqual([[null, 'failed']]);
    expect(eventsOf(rig, 'notify').map((e) => e.to)).toEqual(['failed']);
  });

  it('a 429 stops the account for the time asked, and 429s do not repeat', async () => {
    rig = await startRig();
    rig.world.setRateLimit({ limit: 20, windowMs: 60_000, blockSeconds: 30 });
    const ids = Array.from({ length: 40 }, () => rig!.world.addCard2Crypto({ amount: 100, createdAt: T0, outcome: 'pending' }));
    rig.engine.add(ids.map(parsePaymentId));
    await rig.advance(20 * 60_000);
    const problems = eventsOf(rig, 'account-problem');
    expect(problems.length).toBeGreaterThanOrEqual(1);
    expect(problems[0]!.error.retryAfterSeconds).toBe(30);
    const stats = rig.world.stats()[rig.sim.keys.card2crypto]!;
    // The limit is learned from the first 429s; later ones are rare probes (issue 11: at most 1 % of the requests).
    expect(stats.rateLimited).toBeLessThanOrEqual(2 + Math.ceil(stats.requests / 100));
    expect(stats.requests).toBeGreaterThan(100);
  });

  it('a rejected key pauses the account instead of hammering the provider', async () => {
    rig = await startRig({ env: { CARD2CRYPTO_API_KEY: 'c2c_test_wrongkey000000' } });
    const id = rig.world.addCard2Crypto({ amount: 100, createdAt: T0, outcome: 'pending' });
    rig.engine.add([parsePaymentId(id)]);
    await rig.advance(30 * 60_000);
    expect(eventsOf(rig, 'account-problem').map((e) => e.error.kind)).toEqual(['auth']);
    expect(rig.world.stats()['c2c_test_wrongkey000000']?.requests).toBe(1);
    expect(rig.store.getWatch(`card2crypto:payment:${id}`)?.lastError?.kind).toBe('auth');
  });

  it('retries a 404 a few times, spaced out, then reports the payment not found', async () => {
    rig = await startRig();
    rig.engine.add([parsePaymentId('pay_doesnotexist1')]);
    await rig.advance(30 * 60_000);
    const errors = eventsOf(rig, 'payment-error');
    expect(errors.map((e) => e.error.kind)).toEqual(['not_found', 'not_found', 'not_found', 'not_found']);
    expect(errors.at(-1)!.gaveUp).toBe(true);
    expect(rig.world.stats()[rig.sim.keys.card2crypto]!.requests).toBe(4);
  });

  it('rides out 5xx, HTML pages, malformed bodies and dropped connections', async () => {
    rig = await startRig();
    const id = rig.world.addCard2Crypto({ amount: 100, createdAt: T0, outcome: { complete: T0 + 60_000 } });
    rig.world.injectFaults('server_error', 2);
    rig.world.injectFaults('html', 1);
    rig.world.injectFaults('malformed', 1);
    rig.world.injectFaults('drop', 1);
    rig.engine.add([parsePaymentId(id)]);
    await rig.advance(10 * 60_000);
    const kinds = eventsOf(rig, 'payment-error').map((e) => e.error.kind);
    expect(kinds).toEqual(expect.arrayContaining(['server', 'bad_response', 'network']));
    expect(eventsOf(rig, 'notify').map((e) => e.to)).toEqual(['completed']);
  });
});
