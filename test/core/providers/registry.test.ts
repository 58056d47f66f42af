/**
 * The provider registry's proof (issue 12): Acme Pay, a provider that exists only in
 * test/fixtures/provider-acme (its spec, client and simulator backend), plugs in by registration
 * alone and is watched to its final status through the real engine, lookup and store, against its
 * simulated API over loopback HTTP, in virtual time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PaymentLookup } from '../../../src/core/lookup.ts';
import { Engine, type EngineEvent } from '../../../src/core/monitor/engine.ts';
import { VirtualClock } from '../../../src/core/monitor/virtual-clock.ts';
import { registerProviderClient } from '../../../src/core/providers/index.ts';
import { MemoryStore } from '../../../src/core/secrets/memory-store.ts';
import { openStore } from '../../../src/core/store/index.ts';
import { isFinalStatus } from '../../../src/shared/payment.ts';
import { isProvider, registerProvider } from '../../../src/shared/providers/index.ts';
import { extractRefs, parsePaymentId, refKey } from '../../../src/shared/refs.ts';
import { startSimulator } from '../../../src/simulator/server.ts';
import { SimWorld } from '../../../src/simulator/world.ts';
import { acmeBackend, type AcmeScript } from '../../fixtures/provider-acme/backend.ts';
import { acmeClient } from '../../fixtures/provider-acme/client.ts';
import { ACME, acme } from '../../fixtures/provider-acme/spec.ts';

const T0 = Date.UTC(2026, 1, 20, 9, 0, 0);
const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

describe('a provider added by registration alone', () => {
  it('is unknown until registered, and known everywhere the registry is read once it is', () => {
    expect(isProvider(ACME)).toBe(false);
    expect(() => parsePaymentId('acme_0123456789')).toThrow(/not a payment ID/);

    cleanup.push(registerProvider(acme));
    expect(isProvider(ACME)).toBe(true);
    expect(parsePaymentId('acme_0123456789')).toEqual({ provider: ACME, kind: 'payment', value: 'acme_0123456789' });
    expect(isFinalStatus(ACME, 'paid')).toBe(true);
    expect(isFinalStatus(ACME, 'open')).toBe(false);
    // Pasted text finds its IDs beside the built-in providers' ones.
    expect(extractRefs('see acme_abcdefghij and pay_abc123, not acme_x').refs.map((r) => r.provider)).toEqual([ACME, 'card2crypto']);
    expect(() => parsePaymentId('nope')).toThrow(/Acme Pay IDs start with "acme_"/);
    expect(() => registerProvider(acme)).toThrow(/already registered/);
  });

  it("has its accounts resolved when the engine starts, like every provider in the registry", async () => {
    cleanup.push(registerProvider(acme));
    const dir = mkdtempSync(join(tmpdir(), 'paymon-acme-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = openStore(dir).store;
    cleanup.push(() => store.close());
    const asked: string[] = [];
    // Only accounts() is used by start(); the rest of the lookup is never reached here.
    const lookup = { accounts: async (provider: string) => (asked.push(provider), []) } as unknown as PaymentLookup;
    const engine = new Engine({ store, lookup, clock: new VirtualClock(T0) });
    await engine.start({ loadWatchlist: false });
    engine.stop();
    expect(asked).toEqual(['card2crypto', 'paycrypt', ACME]);
  });

  it('is watched to its final status through the engine and the store, over HTTP', async () => {
    // The registration: the spec, the client, and the simulator backend. Nothing else knows Acme.
    cleanup.push(registerProvider(acme), registerProviderClient(acmeClient));
    const clock = new VirtualClock(T0);
    const world = new SimWorld({ now: () => clock.now(), seed: 3, backends: [acmeBackend] });
    const sim = await startSimulator({ world });
    cleanup.push(() => sim.close());
    const order: AcmeScript = { id: 'acme_000000paid', key: acmeBackend.defaultKey, createdAt: T0, amount: 4_200, paidAt: T0 + 45_000 };
    const id = world.addPayment(ACME, order);

    const dir = mkdtempSync(join(tmpdir(), 'paymon-acme-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = openStore(dir).store;
    cleanup.push(() => store.close());
    const env = { [acme.env.apiKey]: acmeBackend.defaultKey, [acme.env.baseUrl]: sim.baseUrl(ACME) };
    const lookup = new PaymentLookup({ env, secrets: new MemoryStore(), timeoutMs: 5_000 });
    const engine = new Engine({ store, lookup, clock, random: () => 0.5 });
    const events: EngineEvent[] = [];
    engine.on((e) => events.push(e));
    cleanup.push(async () => {
      engine.stop();
      await engine.scheduler.whenIdle();
    });
    await engine.start();

    const ref = parsePaymentId(id);
    expect(engine.add([ref]).added).toEqual([refKey(ref)]);
    await clock.advanceBy(3 * 60_000, () => engine.scheduler.whenIdle());

    const notified = events.filter((e) => e.type === 'notify');
    expect(notified.map((e) => [e.key, e.from, e.to])).toEqual([[refKey(ref), 'open', 'paid']]);
    expect(events.filter((e) => e.type === 'payment-error' || e.type === 'account-problem')).toEqual([]);
    const row = store.getWatch(refKey(ref));
    expect(row).toMatchObject({ ref: { provider: ACME }, status: 'paid', final: true, account: 'env' });
    expect(row?.payment).toMatchObject({ provider: ACME, id, amountMinor: 4_200, currency: 'USD', final: true });
    expect(store.statusHistory(refKey(ref)).map((c) => c.to)).toEqual(['open', 'paid']);
    expect(store.wasAnnounced(refKey(ref), 'paid')).toBe(true);
    // Its requests went to its own backend with its own key.
    expect(world.stats()[acmeBackend.defaultKey]?.requests).toBeGreaterThanOrEqual(2);
  });
});
