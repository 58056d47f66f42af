/**
 * PayCrypt payments as lifecycle scripts: the state at time T (status,
 * confirmations, events) is a pure function of T.
 * Body shape: /work/shared/specs/paycrypt-payment-status.md (GET /payment/status).
 */
import type { Rng } from './random.ts';
import { validateLater, type LaterChange, type StatusChange } from './card2crypto.ts';

/** Networks the simulator can make addresses and blocks for. */
export type PayCryptNetwork = 'ethereum' | 'tron' | 'bitcoin' | 'bsc' | 'polygon';

/** A deposit that lands at `depositAt` and confirms one block at a time. */
export interface PayCryptDeposit {
  depositAt: number;
  /** Crypto amount received, a decimal (number or decimal string). */
  amountReceived: number | string;
  /** Defaults per network (ethereum 12, tron 19, bitcoin 2…). */
  requiredConfirmations?: number;
  /** Defaults per network (ethereum 12 s, tron 3 s, bitcoin 600 s…). */
  blockSeconds?: number;
  /** The count holds at `atConfirmation` for `forMs` longer than a block (a stalled deposit, issue 14). */
  stall?: { atConfirmation: number; forMs: number };
}

/** How a PayCrypt payment ends: a deposit, expiry at `expiresAt`, pending forever, or a failure. */
export type PayCryptOutcome = PayCryptDeposit | 'expire' | 'pending' | { fail: number };

/** What a test or scenario says about a new PayCrypt payment. Times are ms epoch. */
export interface PayCryptSpec {
  id?: string;
  /** The merchant's API key; defaults to the world's default PayCrypt key. */
  key?: string;
  /** PayCrypt generates order references; generated when missing. */
  orderId?: string;
  /** US dollars, may have cents. */
  amount: number;
  coin?: string;
  network?: PayCryptNetwork;
  depositAddress?: string;
  createdAt?: number;
  /** Defaults to 30 minutes after creation. */
  expiresAt?: number;
  customerEmail?: string | null;
  customerWallet?: string | null;
  metadata?: Record<string, unknown>;
  /** USD per coin, for amount_received_usd (default 1: USDT). */
  usdRate?: number;
  outcome: PayCryptOutcome;
  /** Status changes after the outcome: paid after expiry, a top-up, an undocumented status (issue 14). */
  later?: readonly LaterChange[];
}

/** A validated script, every default filled in. */
export interface PayCryptScript {
  id: string;
  key: string;
  orderId: string;
  amount: number;
  coin: string;
  network: PayCryptNetwork;
  depositAddress: string;
  createdAt: number;
  expiresAt: number;
  email: string | null;
  wallet: string | null;
  metadata: Record<string, unknown>;
  usdRate: number;
  outcome: PayCryptOutcome;
  later: readonly LaterChange[];
  /** Set for deposits only, fixed at creation so every answer agrees. */
  txHash: string | null;
  blockNumber: string | null;
}

const NETWORKS: Record<PayCryptNetwork, { confirmations: number; blockSeconds: number; firstBlock: number }> = {
  ethereum: { confirmations: 12, blockSeconds: 12, firstBlock: 19_000_000 },
  tron: { confirmations: 19, blockSeconds: 3, firstBlock: 60_000_000 },
  bitcoin: { confirmations: 2, blockSeconds: 600, firstBlock: 830_000 },
  bsc: { confirmations: 15, blockSeconds: 3, firstBlock: 36_000_000 },
  polygon: { confirmations: 30, blockSeconds: 2, firstBlock: 55_000_000 },
};

/** A plausible deposit address for `network`. */
export function depositAddressFor(network: PayCryptNetwork, rng: Rng): string {
  if (network === 'tron') return `T${rng.base58(33)}`;
  if (network === 'bitcoin') return `bc1q${rng.bech32(38)}`;
  return `0x${rng.hex(40)}`;
}

/** A block number near the network's current height, as the string the spec shows. */
export function blockNumberFor(network: PayCryptNetwork, rng: Rng): string {
  return String(NETWORKS[network].firstBlock + rng.int(0, 999_999));
}

/** The deposit with network defaults filled in and its final time. */
function depositOf(s: PayCryptScript) {
  const o = s.outcome;
  if (typeof o !== 'object' || !('depositAt' in o)) return null;
  const required = o.requiredConfirmations ?? NETWORKS[s.network].confirmations;
  const blockMs = (o.blockSeconds ?? NETWORKS[s.network].blockSeconds) * 1000;
  const received = Number(o.amountReceived);
  const receivedUsd = Math.round(received * s.usdRate * 100) / 100;
  // Compared in cents so amount_received_usd, amount and status always agree.
  const diff = Math.round(receivedUsd * 100) - Math.round(s.amount * 100);
  const status = diff === 0 ? 'confirmed' : diff < 0 ? 'underpaid' : 'overpaid';
  const stall = o.stall ?? null;
  // Confirmation 1 is the block that holds the transaction; each later block adds one (a stall delays those after it).
  const countAt = (n: number): number => o.depositAt + (n - 1) * blockMs + (stall && n > stall.atConfirmation ? stall.forMs : 0);
  const countBy = (t: number): number => {
    const plain = Math.floor((t - o.depositAt) / blockMs) + 1;
    if (!stall || plain <= stall.atConfirmation) return Math.min(required, plain);
    return Math.min(required, Math.max(stall.atConfirmation, Math.floor((t - o.depositAt - stall.forMs) / blockMs) + 1));
  };
  return { at: o.depositAt, required, blockMs, received, receivedUsd, status, stall, countAt, countBy, finalAt: countAt(required) };
}

/** Check a script, throwing RangeError for one that could not happen. */
export function validatePayCrypt(s: PayCryptScript): void {
  if (!(s.amount > 0)) throw new RangeError(`${s.id}: amount must be positive`);
  if (s.expiresAt <= s.createdAt) throw new RangeError(`${s.id}: expires before creation`);
  const o = s.outcome;
  if (typeof o === 'object' && 'fail' in o && o.fail < s.createdAt) throw new RangeError(`${s.id}: fails before creation`);
  validateLater(s.id, s.later, paycryptChanges({ ...s, later: [] }).at(-1)!.at);
  const d = depositOf(s);
  if (d === null) return;
  if (d.at < s.createdAt || d.at >= s.expiresAt) throw new RangeError(`${s.id}: deposit must land between creation and expiry`);
  if (!Number.isInteger(d.required) || d.required < 1) throw new RangeError(`${s.id}: requiredConfirmations must be >= 1`);
  if (!(d.blockMs > 0)) throw new RangeError(`${s.id}: blockSeconds must be positive`);
  if (!(d.received > 0)) throw new RangeError(`${s.id}: amountReceived must be a positive decimal`);
  if (d.stall && !(Number.isInteger(d.stall.atConfirmation) && d.stall.atConfirmation >= 1 && d.stall.atConfirmation < d.required && d.stall.forMs > 0)) {
    throw new RangeError(`${s.id}: a stall holds a count from 1 to requiredConfirmations - 1 for a positive time`);
  }
}

/** The full events timeline, including events still in the future. */
function timeline(s: PayCryptScript): { event_type: string; description: string; at: number }[] {
  const events = [{ event_type: 'payment.created', description: 'Payment created.', at: s.createdAt }];
  const o = s.outcome;
  const d = depositOf(s);
  if (d !== null) {
    events.push({
      event_type: 'payment.deposit_detected',
      description: `Deposit of ${d.received} ${s.coin} detected on ${s.network}, waiting for ${d.required} confirmations.`,
      at: d.at,
    });
    const description =
      d.status === 'confirmed'
        ? 'Payment confirmed (deposit received).'
        : `Payment ${d.status}: received ${d.receivedUsd} USD of ${s.amount} USD expected.`;
    events.push({ event_type: `payment.${d.status}`, description, at: d.finalAt });
  } else if (o === 'expire') {
    events.push({ event_type: 'payment.expired', description: 'Payment expired (no deposit received).', at: s.expiresAt });
  } else if (typeof o === 'object' && 'fail' in o) {
    events.push({ event_type: 'payment.failed', description: 'Payment failed.', at: o.fail });
  }
  for (const c of s.later) {
    const received = c.amountReceived === undefined ? '' : ` (received ${c.amountReceived} ${s.coin} in all)`;
    events.push({ event_type: `payment.${c.status}`, description: `Payment ${c.status}${received}.`, at: c.at });
  }
  return events;
}

/** Every status the payment takes, in time order, starting with `pending` at creation. */
export function paycryptChanges(s: PayCryptScript): StatusChange[] {
  const changes: StatusChange[] = [{ status: 'pending', at: s.createdAt }];
  const d = depositOf(s);
  if (d !== null) changes.push({ status: d.status, at: d.finalAt });
  else if (s.outcome === 'expire') changes.push({ status: 'expired', at: s.expiresAt });
  else if (typeof s.outcome === 'object' && 'fail' in s.outcome) changes.push({ status: 'failed', at: s.outcome.fail });
  for (const change of s.later) changes.push({ status: change.status, at: change.at });
  return changes;
}

/** The status at time `t`, or null before the payment exists. */
export function paycryptStatusAt(s: PayCryptScript, t: number): string | null {
  let status: string | null = null;
  for (const change of paycryptChanges(s)) if (change.at <= t) status = change.status;
  return status;
}

/** The bare status object of a 200 answer at time `t` (the payment must exist at `t`). */
export function paycryptBody(s: PayCryptScript, t: number): Record<string, unknown> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const d = depositOf(s);
  const seen = d !== null && t >= d.at ? d : null;
  let confirmations = seen === null ? 0 : seen.countBy(t);
  const final = seen !== null && t >= seen.finalAt;
  const events = timeline(s).filter((e) => e.at <= t);
  // Every confirmation changes the object, so updated_at moves with it, not only with events.
  const lastEventAt = events.at(-1)?.at ?? s.createdAt;
  const updatedAt = seen === null ? lastEventAt : Math.max(lastEventAt, seen.countAt(confirmations));
  let received = seen === null ? 0 : seen.received;
  let receivedUsd = seen === null ? 0 : seen.receivedUsd;
  let confirmedAt = final ? iso(seen.finalAt) : null;
  // A later change (paid after expiry, a top-up) carries the deposit as it stands from then on.
  for (const c of s.later) {
    if (c.at > t) break;
    if (c.amountReceived !== undefined) {
      received = Number(c.amountReceived);
      receivedUsd = Math.round(received * s.usdRate * 100) / 100;
    }
    if (c.confirmations !== undefined) confirmations = c.confirmations;
    if (c.status === 'confirmed' || c.status === 'overpaid' || c.status === 'underpaid') confirmedAt = iso(c.at);
  }
  const depositVisible = seen !== null || received > 0;
  return {
    payment_id: s.id,
    order_id: s.orderId,
    status: paycryptStatusAt(s, t) ?? 'pending',
    amount: s.amount,
    amount_received: received,
    amount_received_usd: receivedUsd,
    coin: s.coin,
    network: s.network,
    currency: 'USD',
    deposit_address: s.depositAddress,
    expires_at: iso(s.expiresAt),
    tx_hash: depositVisible ? s.txHash : null,
    block_number: depositVisible ? s.blockNumber : null,
    confirmations,
    // The time the deposit reached its required confirmations, whatever the amount verdict.
    confirmed_at: confirmedAt,
    created_at: iso(s.createdAt),
    updated_at: iso(updatedAt),
    customer_email: s.email,
    customer_wallet: s.wallet,
    metadata: s.metadata,
    events: events.map((e) => ({ event_type: e.event_type, description: e.description, occurred_at: iso(e.at) })),
    // Undocumented on purpose: clients must tolerate fields the spec does not list.
    livemode: false,
  };
}
