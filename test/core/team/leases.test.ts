/**
 * Leases (issue 15): two agents on one team database claim due payments with SKIP LOCKED, never
 * the same one twice; a live agent renews; a dead agent's lease is taken over once it expires.
 */
import { describe, expect, it } from 'vitest';
import { refKey } from '../../../src/shared/refs.ts';
import { Leases, LeaseKeeper } from '../../../src/core/team/leases.ts';
import { sleep } from '../../../src/core/team/budget.ts';
import { addTeamHints } from '../../../src/core/team/hints.ts';
import { c2cRef, orderRef } from '../store/helpers.ts';
import { pgMissing, usePostgres } from './pg-fixture.ts';

describe.skipIf(pgMissing !== null)(`leases${pgMissing ? ` (skipped: ${pgMissing})` : ''}`, () => {
  const pg = usePostgres();

  it('splits due payments between two agents claiming at once, each exactly once', async () => {
    const open = await pg.newDb();
    const [ana, bo] = [await open('ana'), await open('bo')];
    for (let i = 0; i < 30; i++) await ana.addWatch(c2cRef(i));
    const [la, lb] = [new Leases(ana, { seconds: 60 }), new Leases(bo, { seconds: 60 })];
    const got: Record<string, string[]> = { ana: [], bo: [] };
    for (let round = 0; round < 20; round++) {
      const [a, b] = await Promise.all([la.claimDue({ limit: 2, providers: ['card2crypto'] }), lb.claimDue({ limit: 2, providers: ['card2crypto'] })]);
      got.ana!.push(...a.map((r) => r.key));
      got.bo!.push(...b.map((r) => r.key));
    }
    const all = [...got.ana!, ...got.bo!];
    expect(all).toHaveLength(30);
    expect(new Set(all).size).toBe(30);
    expect(got.ana!.length).toBeGreaterThan(0);
    expect(got.bo!.length).toBeGreaterThan(0);
    expect((await la.info(got.bo![0]!))!.holder).toBe('bo');
  });

  it('claims only providers the agent has a key for, and only the keys asked for', async () => {
    const open = await pg.newDb();
    const ana = await open('ana');
    await ana.addWatch(c2cRef(1));
    await ana.addWatch(c2cRef(2));
    await ana.addWatch(orderRef(1));
    const leases = new Leases(ana);
    expect((await leases.claimDue({ limit: 10, providers: ['paycrypt'] })).map((r) => r.key)).toEqual([refKey(orderRef(1))]);
    expect((await leases.claimDue({ limit: 10, providers: ['card2crypto'], keys: [refKey(c2cRef(2))] })).map((r) => r.key)).toEqual([refKey(c2cRef(2))]);
    expect(await leases.claimDue({ limit: 10, providers: [] })).toEqual([]);
  });

  it('a hint that lands while a check is in flight makes the release due it now; a claim clears it', async () => {
    const open = await pg.newDb();
    const [ana, shop] = [await open('ana'), await open('shop')];
    const ref = c2cRef(1);
    const key = refKey(ref);
    await ana.addWatch(ref);
    const la = new Leases(ana);
    // No hint: the release's wait stands.
    expect(await la.claimDue({ limit: 1, providers: ['card2crypto'] })).toHaveLength(1);
    expect(await la.release(key, 3_600_000)).toBe(true);
    expect((await la.info(key))!.dueInMs).toBeGreaterThan(3_000_000);
    // A hint while nobody holds it: due now, claimed at once (and the claim clears it).
    expect(await addTeamHints(shop, [ref], new Date().toISOString())).toEqual({ added: new Set(), hinted: [key] });
    expect((await la.claimDue({ limit: 1, providers: ['card2crypto'] })).map((r) => r.key)).toEqual([key]);
    expect(await la.release(key, 3_600_000)).toBe(true);
    expect((await la.info(key))!.dueInMs).toBeGreaterThan(3_000_000);
    // A hint while Ana's check is in flight: her release (an hour, by the policy) makes it due now instead.
    expect(await la.claimDue({ limit: 1, providers: ['card2crypto'] })).toEqual([]);
    await la.dueNow([key]);
    expect(await la.claimDue({ limit: 1, providers: ['card2crypto'] })).toHaveLength(1);
    await addTeamHints(shop, [ref], new Date().toISOString());
    expect(await la.release(key, 3_600_000)).toBe(true);
    expect((await la.info(key))!.dueInMs).toBeLessThanOrEqual(0);
    expect((await la.claimDue({ limit: 1, providers: ['card2crypto'] })).map((r) => r.key)).toEqual([key]);
    expect(await la.release(key, 3_600_000)).toBe(true);
    expect((await la.info(key))!.dueInMs).toBeGreaterThan(3_000_000);
    // A paused payment stays paused: not hinted.
    await ana.setPaused(key, true);
    expect((await addTeamHints(shop, [ref], new Date().toISOString())).hinted).toEqual([]);
  });

  it('a released payment is due again when the holder says, for anyone', async () => {
    const open = await pg.newDb();
    const [ana, bo] = [await open('ana'), await open('bo')];
    await ana.addWatch(c2cRef(1));
    const [la, lb] = [new Leases(ana), new Leases(bo)];
    const key = refKey(c2cRef(1));
    expect(await la.claimDue({ limit: 1, providers: ['card2crypto'] })).toHaveLength(1);
    expect(await lb.release(key, 0)).toBe(false);
    expect(await la.release(key, 60_000)).toBe(true);
    expect(await lb.claimDue({ limit: 1, providers: ['card2crypto'] })).toEqual([]);
    expect((await la.info(key))!.dueInMs).toBeGreaterThan(50_000);
    await la.dueNow([key]);
    expect((await lb.claimDue({ limit: 1, providers: ['card2crypto'] })).map((r) => r.key)).toEqual([key]);
  });

  it('renewing extends only the holder’s lease', async () => {
    const open = await pg.newDb();
    const [ana, bo] = [await open('ana'), await open('bo')];
    await ana.addWatch(c2cRef(1));
    const key = refKey(c2cRef(1));
    const la = new Leases(ana, { seconds: 5 });
    await la.claimDue({ limit: 1, providers: ['card2crypto'] });
    expect(await new Leases(bo, { seconds: 600 }).renew([key])).toEqual([]);
    expect((await la.info(key))!.secondsLeft).toBeLessThanOrEqual(5);
    expect(await new Leases(ana, { seconds: 600 }).renew([key])).toEqual([key]);
    expect((await la.info(key))!.secondsLeft).toBeGreaterThan(500);
  });

  it("takes over a dead agent's lease after it expires, and the keeper learns it lost it", async () => {
    const open = await pg.newDb();
    const [ana, bo] = [await open('ana'), await open('bo')];
    await ana.addWatch(c2cRef(1));
    const key = refKey(c2cRef(1));
    const la = new Leases(ana, { seconds: 1.5 });
    const keeper = new LeaseKeeper(la);
    keeper.hold(key);
    expect(await la.claimDue({ limit: 1, providers: ['card2crypto'] })).toHaveLength(1);
    // Ana "dies": no renewal. Bo cannot have it before the expiry, then can.
    const lb = new Leases(bo, { seconds: 30 });
    expect(await lb.claimDue({ limit: 1, providers: ['card2crypto'] })).toEqual([]);
    let taken: string[] = [];
    while (taken.length === 0) {
      await sleep(200);
      taken = (await lb.claimDue({ limit: 1, providers: ['card2crypto'] })).map((r) => r.key);
      if (taken.length === 0) expect((await lb.info(key))!.secondsLeft!).toBeGreaterThan(-1);
    }
    expect(taken).toEqual([key]);
    expect((await lb.info(key))!.holder).toBe('bo');
    // Ana wakes: her keeper's renewal fails and marks the payment lost, so she drops her result.
    keeper.start();
    while (!keeper.lost.has(key)) await sleep(100);
    keeper.stop();
    expect(await la.release(key, 0)).toBe(false);
  });

  it('a live keeper holds a payment past its lease length', async () => {
    const open = await pg.newDb();
    const [ana, bo] = [await open('ana'), await open('bo')];
    await ana.addWatch(c2cRef(1));
    const key = refKey(c2cRef(1));
    const la = new Leases(ana, { seconds: 3 });
    const keeper = new LeaseKeeper(la);
    await la.claimDue({ limit: 1, providers: ['card2crypto'] });
    keeper.hold(key);
    keeper.start();
    const lb = new Leases(bo);
    // One and a half lease lengths: without the keeper's renewals Bo would have it by now.
    const until = Date.now() + 4_500;
    while (Date.now() < until) {
      expect(await lb.claimDue({ limit: 1, providers: ['card2crypto'] })).toEqual([]);
      await sleep(300);
    }
    keeper.stop();
    expect(keeper.lost.size).toBe(0);
    expect((await la.info(key))!.holder).toBe('ana');
  });
});
