/**
 * The team poller (issue 15) against the simulator and a real PostgreSQL: it records what it sees
 * for everyone, and when the database goes away mid-run it says so, backs off, and carries on once
 * the server is back, losing nothing.
 */
import { describe, expect, it } from 'vitest';
import { PaymentLookup } from '../../../src/core/lookup.ts';
import { MemoryStore } from '../../../src/core/secrets/memory-store.ts';
import { SharedBudgets, sleep } from '../../../src/core/team/budget.ts';
import { Leases } from '../../../src/core/team/leases.ts';
import { TeamPoller, type PollerEvent } from '../../../src/core/team/poller.ts';
import { startSimulator } from '../../../src/simulator/server.ts';
import { SimWorld } from '../../../src/simulator/world.ts';
import { pgMissing, usePostgres } from './pg-fixture.ts';

describe.skipIf(pgMissing !== null)(`the team poller${pgMissing ? ` (skipped: ${pgMissing})` : ''}`, () => {
  const pg = usePostgres();

  it('survives a database outage: reports it, retries, and records the completion after', async () => {
    let shift = 0;
    const sim = await startSimulator({ world: new SimWorld({ now: () => Date.now() + shift }) });
    const open = await pg.newDb();
    const store = await open('ana');
    const events: PollerEvent[] = [];
    const poller = new TeamPoller({
      store,
      leases: new Leases(store, { seconds: 5 }),
      budgets: new SharedBudgets(store, () => ({ capacity: 5, perSecond: 5 })),
      lookup: new PaymentLookup({ env: { PAYMON_CARD2CRYPTO_URL: sim.card2cryptoUrl, CARD2CRYPTO_API_KEY: sim.keys.card2crypto }, secrets: new MemoryStore() }),
      idleMs: 100,
      onEvent: (e) => events.push(e),
    });
    try {
      const id = sim.world.addCard2Crypto({ amount: 100, outcome: { complete: Date.now() + 60_000 } });
      const key = `card2crypto:payment:${id}`;
      await store.addWatch({ provider: 'card2crypto', kind: 'payment', value: id });
      await poller.start();
      expect(poller.providers).toEqual(['card2crypto']);
      while (!events.some((e) => e.type === 'checked')) await sleep(50);
      expect((await store.getWatch(key))!.status).toBe('pending');

      pg.cluster().halt();
      while (!events.some((e) => e.type === 'database-problem')) await sleep(50);
      const problem = events.find((e) => e.type === 'database-problem')!;
      expect(problem).toMatchObject({ error: { kind: 'storage' } });
      // The provider finishes the payment while the database is down; the poller learns of it after.
      shift = 120_000;
      pg.cluster().start();
      while ((await store.getWatch(key))!.status !== 'completed') await sleep(100);
      expect((await store.statusHistory(key)).map((c) => c.to)).toEqual(['pending', 'completed']);
    } finally {
      await poller.stop();
      await sim.close();
    }
  }, 60_000);
});
