/**
 * Recovery after a 429 storm (issue 11, the soak's finding): the provider cuts its limit to 5 a
 * minute for ten minutes, then gives back its 60. The engine, over real loopback HTTP in virtual
 * time with demand above the budget throughout, must be back to at least half its 60 a minute
 * within a few minutes of the storm's end. Before the fix a failed probe waited 100 requests (20
 * minutes at 5 a minute) and the engine crawled at 4-5 a minute for half an hour after the provider
 * had recovered. 429s stay rare meanwhile: the probes that find the limit back cost a handful.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parsePaymentId } from '../../../src/shared/refs.ts';
import { startRig, T0, type Rig } from '../../helpers/monitor-rig.ts';

const M = 60_000;

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('Engine after a 429 storm', () => {
  it('is back to at least half its budget within 5 minutes of the storm ending, with few 429s', async () => {
    rig = await startRig();
    const r = rig;
    // 60 a minute, blocking 30 s past it (the simulator's Card2Crypto), and 400 payments that stay
    // pending: young payments want a check every few seconds, far more than the budget.
    r.world.setRateLimit({ limit: 60, windowMs: M, blockSeconds: 30, style: 'message' });
    const ids = Array.from({ length: 400 }, () => r.world.addCard2Crypto({ amount: 100, createdAt: T0, outcome: 'pending' }));
    r.engine.add(ids.map(parsePaymentId));
    const key = r.sim.keys.card2crypto;
    const stats = () => r.world.stats()[key] ?? { requests: 0, rateLimited: 0, faults: 0 };
    await r.advance(5 * M);
    r.world.setRateLimit({ limit: 5 });
    await r.advance(10 * M);
    r.world.setRateLimit({ limit: 60 });
    await r.advance(5 * M);
    const before = stats();
    await r.advance(5 * M);
    const after = stats();
    // Minutes 5-10 after the storm: at least 30 a minute (the soak's check), and the budget kept.
    const perMinute = (after.requests - before.requests) / 5;
    expect(perMinute).toBeGreaterThanOrEqual(30);
    expect(perMinute).toBeLessThanOrEqual(60);
    expect(after.rateLimited - before.rateLimited).toBeLessThanOrEqual(2);
  });
});
