/**
 * One budget per provider account for the whole team (issue 15): concurrent takers on separate
 * connections never get more tokens together than the bucket holds and refills; a 429 one agent
 * meets blocks the account for all; the provider's headers set the learned rate.
 */
import { describe, expect, it } from 'vitest';
import { SharedBudgets } from '../../../src/core/team/budget.ts';
import { pgMissing, usePostgres } from './pg-fixture.ts';

describe.skipIf(pgMissing !== null)(`shared budgets${pgMissing ? ` (skipped: ${pgMissing})` : ''}`, () => {
  const pg = usePostgres();

  it('grants exactly the bucket to forty takers on four connections at once', async () => {
    const open = await pg.newDb();
    const agents = await Promise.all(['a', 'b', 'c', 'd'].map((n) => open(n)));
    // A refill of one token per 1000 s: nothing refills during the test, so the count is exact.
    const budgets = agents.map((s) => new SharedBudgets(s, () => ({ capacity: 5, perSecond: 0.001 })));
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => budgets[i % 4]!.take('card2crypto:shop')));
    expect(results.filter((r) => r.granted)).toHaveLength(5);
    for (const r of results.filter((x) => !x.granted)) expect(r.waitMs).toBeGreaterThan(100_000);
    // Another account has its own bucket.
    expect((await budgets[0]!.take('card2crypto:other')).granted).toBe(true);
  });

  it('keeps four agents taking as fast as they may within capacity plus refill', async () => {
    const open = await pg.newDb();
    const agents = await Promise.all(['a', 'b', 'c', 'd'].map((n) => open(n)));
    const budgets = agents.map((s) => new SharedBudgets(s, () => ({ capacity: 2, perSecond: 4 })));
    const started = Date.now();
    const grants: number[] = [];
    await Promise.all(
      budgets.map(async (b) => {
        while (Date.now() - started < 2_000) if (await b.takeWhenReady('paycrypt:x')) grants.push(Date.now());
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    // The bound holds however slow the machine is: 2 at once, then 4 a second.
    expect(grants.length).toBeLessThanOrEqual(2 + Math.ceil(4 * seconds) + 1);
    expect(grants.length).toBeGreaterThanOrEqual(4);
  });

  it("blocks everyone after one agent's 429 and learns a lower rate", async () => {
    const open = await pg.newDb();
    const [ana, bo] = [await open('ana'), await open('bo')];
    const config = () => ({ capacity: 3, perSecond: 1 });
    const [ba, bb] = [new SharedBudgets(ana, config), new SharedBudgets(bo, config)];
    expect((await ba.take('card2crypto:shop')).granted).toBe(true);
    await ba.rateLimited('card2crypto:shop', 30);
    const r = await bb.take('card2crypto:shop');
    expect(r.granted).toBe(false);
    expect(r.waitMs).toBeGreaterThan(25_000);
    const state = await bb.state('card2crypto:shop');
    expect(state!.learnedPerSecond).toBeCloseTo(0.75);
    expect(state!.blockedForMs).toBeGreaterThan(25_000);
  });

  it("takes the provider's named limit from its headers", async () => {
    const open = await pg.newDb();
    const b = new SharedBudgets(await open('ana'));
    await b.take('paycrypt:x');
    await b.observe('paycrypt:x', new Headers({ 'RateLimit-Policy': '"default";q=10;w=20' }));
    expect((await b.state('paycrypt:x'))!.learnedPerSecond).toBeCloseTo(0.45);
    await b.observe('paycrypt:x', new Headers({}));
    expect((await b.state('paycrypt:x'))!.learnedPerSecond).toBeCloseTo(0.45);
  });
});
