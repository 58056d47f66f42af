/**
 * The demo scenario: a realistic mix of both providers whose statuses all move
 * within about two minutes of `now`. Used by `npm run simulator` and the app's demo mode.
 */
import type { Card2CryptoSpec } from './card2crypto.ts';
import type { PayCryptSpec } from './paycrypt.ts';
import type { SimWorld } from './world.ts';

/** The IDs seedDemo added, per provider, in the order added. */
export interface DemoIds {
  card2crypto: string[];
  paycrypt: string[];
}

const S = 1000;
const M = 60 * S;

const PEOPLE = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson', 'Margaret Hamilton', 'Dennis Ritchie', 'Barbara Liskov', 'Ken Thompson'];
const PRODUCTS = ['Premium Plan', 'Starter Plan', 'Annual Pro', 'Team Seat', 'Gift Card'];
const CENTS = [999, 1999, 2500, 4900, 10_000, 14_999];
const DOLLARS = [10, 25, 50, 99.99, 120.5, 250];

type C2cTemplate = (t0: number, j: number) => Pick<Card2CryptoSpec, 'createdAt' | 'outcome' | 'refundAt'>;
type PcTemplate = (t0: number, j: number, amount: number) => Pick<PayCryptSpec, 'createdAt' | 'expiresAt' | 'network' | 'outcome'>;

// Each template is one story; `j` is a few seconds of jitter so repeated stories do not move in lockstep.
const C2C: C2cTemplate[] = [
  (t0, j) => ({ createdAt: t0 - 40 * S, outcome: { complete: t0 + 25 * S + j } }),
  (t0, j) => ({ createdAt: t0 - 90 * S, outcome: { fail: t0 + 45 * S + j } }),
  (t0, j) => ({ createdAt: t0 - 20 * M, outcome: { complete: t0 - 18 * M }, refundAt: t0 + 70 * S + j }),
  (t0, j) => ({ createdAt: t0 - 10 * S, outcome: { complete: t0 + 100 * S + j } }),
  (t0) => ({ createdAt: t0 - 5 * M, outcome: 'pending' }),
  (t0) => ({ createdAt: t0 - 2 * 60 * M, outcome: { complete: t0 - 118 * M } }),
];

const PAYCRYPT: PcTemplate[] = [
  (t0, j, a) => ({ createdAt: t0 - 2 * M, network: 'ethereum', outcome: { depositAt: t0 + 15 * S + j, amountReceived: a, requiredConfirmations: 6, blockSeconds: 12 } }),
  (t0, j, a) => ({ createdAt: t0 - 4 * M, network: 'tron', outcome: { depositAt: t0 + 30 * S + j, amountReceived: round2(a * 0.9), requiredConfirmations: 19, blockSeconds: 3 } }),
  (t0, j, a) => ({ createdAt: t0 - 1 * M, network: 'ethereum', outcome: { depositAt: t0 + 40 * S + j, amountReceived: round2(a + 5), requiredConfirmations: 5, blockSeconds: 12 } }),
  (t0, j) => ({ createdAt: t0 - 29 * M - 30 * S + j, network: 'tron', outcome: 'expire' }),
  (t0) => ({ createdAt: t0 - 3 * M, network: 'ethereum', outcome: 'pending' }),
  (t0, j) => ({ createdAt: t0 - 6 * M, network: 'bsc', outcome: { fail: t0 + 60 * S + j } }),
  // Bitcoin blocks are ten minutes; the demo shortens them so the story fits in two.
  (t0, j, a) => ({ createdAt: t0 - 30 * S, network: 'bitcoin', outcome: { depositAt: t0 + 20 * S + j, amountReceived: a, requiredConfirmations: 2, blockSeconds: 50 } }),
  (t0, _j, a) => ({ createdAt: t0 - 50 * M, expiresAt: t0, network: 'bsc', outcome: { depositAt: t0 - 45 * M, amountReceived: a, requiredConfirmations: 15, blockSeconds: 3 } }),
];

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function person(world: SimWorld): { name: string; email: string } {
  const name = world.rng.pick(PEOPLE);
  return { name, email: `${name.toLowerCase().replace(/ /g, '.')}@example.com` };
}

/** Add `count` payments (default 16, alternating providers) to the default accounts; returns their IDs. */
export function seedDemo(world: SimWorld, opts: { now: number; count?: number }): DemoIds {
  const ids: DemoIds = { card2crypto: [], paycrypt: [] };
  const count = opts.count ?? 16;
  for (let i = 0; i < count; i++) {
    const round = Math.floor(i / 2);
    const jitter = world.rng.int(0, 4) * S;
    const who = person(world);
    const product = world.rng.pick(PRODUCTS);
    if (i % 2 === 0) {
      const story = C2C[round % C2C.length];
      if (story === undefined) continue;
      const id = world.addCard2Crypto({
        amount: world.rng.pick(CENTS),
        customer: who,
        metadata: { order_id: String(1000 + i), product },
        ...story(opts.now, jitter),
      });
      ids.card2crypto.push(id);
    } else {
      const story = PAYCRYPT[round % PAYCRYPT.length];
      if (story === undefined) continue;
      const amount = world.rng.pick(DOLLARS);
      const id = world.addPayCrypt({
        amount,
        customerEmail: who.email,
        metadata: { plan: product.toLowerCase().replace(/ /g, '-'), user_id: `u-${world.rng.int(100, 999)}` },
        ...story(opts.now, jitter, amount),
      });
      ids.paycrypt.push(id);
    }
  }
  return ids;
}
