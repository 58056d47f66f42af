/**
 * What watch alerts (issue 14) cost the engine: judging one answer (settings read, facts, verdict,
 * ledger claim) and one timer firing for many stuck payments at once, on a real SQLite file.
 * Prints numbers; asserts nothing. `node_modules/.bin/node bench/watch-alerts.bench.ts [payments]` (Node 24).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeDecider } from '../src/core/alerts/decide.ts';
import { Scheduler } from '../src/core/monitor/scheduler.ts';
import { VirtualClock } from '../src/core/monitor/virtual-clock.ts';
import { WatchAlertRunner } from '../src/core/monitor/watch-alert-runner.ts';
import type { NotifyEvent } from '../src/core/monitor/engine.ts';
import { openStore } from '../src/core/store/index.ts';
import type { Payment } from '../src/shared/payment.ts';

const N = Number(process.argv[2] ?? 10_000);
const T0 = Date.UTC(2026, 1, 20, 9, 0, 0);
const dir = mkdtempSync(join(tmpdir(), 'paymon-watch-bench-'));
const { store } = openStore(dir);
const clock = new VirtualClock(T0);
const scheduler = new Scheduler({ clock, dispatch: async () => null });
const events: NotifyEvent[] = [];
const runner = new WatchAlertRunner({ store, clock, scheduler, decide: storeDecider(store, clock, { desktop: false }), emit: (e) => events.push(e) });

const payment = (i: number): Payment => ({
  provider: 'card2crypto', id: `pay_bench${i}`, orderId: null, status: 'pending', final: false, amountMinor: 1000 + i, currency: 'USD',
  createdAt: new Date(T0).toISOString(), completedAt: null, confirmedAt: null, updatedAt: null, customerEmail: null, customerName: null,
  metadata: {}, checkoutUrl: null,
});
const keys: string[] = [];
store.transaction(() => {
  for (let i = 0; i < N; i++) {
    const ref = { provider: 'card2crypto' as const, kind: 'payment' as const, value: `pay_bench${i}` };
    store.addWatch(ref, { addedAt: new Date(T0).toISOString() });
    keys.push(`card2crypto:payment:pay_bench${i}`);
  }
});

// One answer each (pending, not yet stuck): the per-check cost, observation excluded.
const at = new Date(T0 + 1000).toISOString();
let t = performance.now();
store.transaction(() => {
  for (let i = 0; i < N; i++) {
    const p = payment(i);
    store.recordObservation(keys[i]!, { payment: p, raw: {}, seenAt: at });
  }
});
const observeMs = performance.now() - t;
t = performance.now();
store.transaction(() => {
  for (let i = 0; i < N; i++) runner.afterAnswer(keys[i]!, payment(i), null, { from: null, to: 'pending', seenAt: at }, T0 + 1000, at);
});
const judgeMs = performance.now() - t;

// All of them fall due together at the hour: one timer, one transaction, N claims and history rows.
t = performance.now();
await clock.advanceTo(T0 + 3_600_000);
const fireMs = performance.now() - t;

console.log(`payments: ${N}`);
console.log(`record an observation: ${((observeMs / N) * 1000).toFixed(1)} µs each (for scale)`);
console.log(`judge watch alerts after an answer: ${((judgeMs / N) * 1000).toFixed(1)} µs each`);
console.log(`timer firing ${events.length} stuck alerts at once: ${fireMs.toFixed(0)} ms (${((fireMs / Math.max(1, events.length)) * 1000).toFixed(1)} µs each)`);
store.close();
rmSync(dir, { recursive: true, force: true });
