/**
 * The process `npm run crash` kills: opens the store in the given data folder and writes in a
 * loop — new watches, observations (large enough to span pages and trigger WAL checkpoints),
 * announcement claims, and the engine's observation-plus-claim pair in one transaction — printing
 * one JSON line per change only after its commit returned. Runs until killed.
 * Usage: node bench/crash-writer.ts DATA_DIR RUN SEED [drop-writes]
 * `drop-writes` (tests only) reports every third observation without writing it: a lost commit
 * the checks in crash-run.ts must catch.
 */
import { openStore } from '../src/core/store/index.ts';
import type { Payment } from '../src/shared/payment.ts';
import { refKey, type PaymentRef } from '../src/shared/refs.ts';
import { Rng } from '../src/simulator/random.ts';

/** One committed change, as printed. */
export type Committed =
  | { t: 'watch'; key: string }
  | { t: 'obs'; key: string; status: string; seenAt: string }
  | { t: 'claim'; key: string; status: string; won: boolean };

/** The statuses claims are made for: few, so children often try to claim what is already claimed. */
export const CLAIM_STATUSES = ['completed', 'refunded', 'confirmed'] as const;

function paymentFor(ref: PaymentRef, status: string, filler: string): Payment {
  const base = {
    id: ref.value, orderId: null, status, final: false, amountMinor: 1000, currency: 'USD', createdAt: null, completedAt: null,
    confirmedAt: null, updatedAt: null, customerEmail: null, customerName: null, metadata: { filler },
  };
  if (ref.provider === 'card2crypto') return { ...base, provider: 'card2crypto', checkoutUrl: null };
  return {
    ...base, provider: 'paycrypt', customerWallet: null, coin: 'USDT', network: 'tron', depositAddress: null, expiresAt: null,
    txHash: null, blockNumber: null, confirmations: null, amountReceived: null, amountReceivedUsdMinor: null,
    events: [{ type: 'payment.status', description: status, at: new Date().toISOString() }],
  };
}

function main(): void {
  const [dir, run = '0', seed = '1', fault] = process.argv.slice(2);
  const dropWrites = fault === 'drop-writes';
  let observations = 0;
  if (!dir) throw new Error('usage: crash-writer DATA_DIR RUN SEED');
  const rng = new Rng(Number(seed));
  const { store } = openStore(dir);
  const keys = store.listWatches().map((w) => w.ref);
  const print = (lines: Committed[]) => process.stdout.write(lines.map((c) => `${JSON.stringify(c)}\n`).join(''));
  process.stdout.write('{"t":"ready"}\n');
  for (let i = 0; ; i++) {
    const roll = rng.next();
    if (keys.length < 5 || roll < 0.15) {
      const ref: PaymentRef = i % 2 === 0
        ? { provider: 'card2crypto', kind: 'payment', value: `pay_crash${run}x${i}` }
        : { provider: 'paycrypt', kind: 'order', value: `crash-${run}-${i}` };
      store.addWatch(ref);
      keys.push(ref);
      print([{ t: 'watch', key: refKey(ref) }]);
      continue;
    }
    const ref = rng.pick(keys);
    const key = refKey(ref);
    const status = `s${run}_${i}`;
    const seenAt = new Date().toISOString();
    const claimStatus = rng.pick(CLAIM_STATUSES);
    // 1-8 KiB: some commits fit a page, most span several.
    const filler = rng.alnum(1024 * rng.int(1, 8));
    if (roll < 0.55) {
      observations += 1;
      if (!(dropWrites && observations % 3 === 0)) store.recordObservation(key, { payment: paymentFor(ref, status, filler), raw: { filler, i }, seenAt });
      print([{ t: 'obs', key, status, seenAt }]);
    } else if (roll < 0.75) {
      const won = store.claimAnnouncement(key, claimStatus, seenAt);
      print([{ t: 'claim', key, status: claimStatus, won }]);
    } else {
      // What the engine does for a final answer, in one commit.
      const won = store.transaction(() => {
        store.recordObservation(key, { payment: paymentFor(ref, status, filler), raw: { filler, i }, seenAt });
        return store.claimAnnouncement(key, claimStatus, seenAt);
      });
      print([{ t: 'obs', key, status, seenAt }, { t: 'claim', key, status: claimStatus, won }]);
    }
  }
}

main();
