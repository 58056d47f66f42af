/**
 * The simulator's pure model: shops (API keys), scripted payments, rate limits,
 * faults and counters, on an injectable clock. No I/O: the HTTP server, the
 * virtual-time benchmark and the app's demo mode all drive it through `handle`.
 */
import type { Provider } from '../shared/payment.ts';
import type { SimBackend, SimEntry, SimScript } from './backend.ts';
import { validateCard2Crypto, type Card2CryptoScript, type Card2CryptoSpec, type StatusChange } from './card2crypto.ts';
import { card2cryptoBackend } from './card2crypto-backend.ts';
import { FaultPlan, type FaultKind, type FaultRates } from './faults.ts';
import { handleRequest, type HandlerContext, type SimRequest, type SimResponse, type StatKind } from './handler.ts';
import { blockNumberFor, depositAddressFor, validatePayCrypt, type PayCryptScript, type PayCryptSpec } from './paycrypt.ts';
import { paycryptBackend } from './paycrypt-backend.ts';
import { Rng } from './random.ts';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitConfig } from './rate-limit.ts';

/** The providers the simulator imitates; one line per provider (its backend module). */
export const BUILT_IN_BACKENDS: readonly SimBackend[] = [card2cryptoBackend, paycryptBackend];

/** The keys every world accepts unless told otherwise. Test keys of a local simulator, safe to print. */
export const DEFAULT_KEYS = Object.fromEntries(BUILT_IN_BACKENDS.map((b) => [b.provider, b.defaultKey])) as Readonly<
  Record<Provider, string>
>;

/** How to build a world. */
export interface SimWorldOptions {
  /** Milliseconds since the epoch; inject a virtual clock for tests and benchmarks. */
  now?: () => number;
  /** PRNG seed (default 1): the same seed and calls give the same IDs and fault draws. */
  seed?: number;
  rateLimit?: Partial<RateLimitConfig>;
  faults?: Partial<FaultRates>;
  /** Prefix of Card2Crypto's checkout_url (default the real host, as in the spec). */
  checkoutBaseUrl?: string;
  /** Register DEFAULT_KEYS (default true). */
  defaultKeys?: boolean;
  /** More providers to simulate beside the built-in ones (a test-only provider, issue 12). */
  backends?: readonly SimBackend[];
}

/** Request counters of one API key (the empty string stands for "no key"). */
export interface KeyStats {
  requests: number;
  rateLimited: number;
  faults: number;
}

/** A payment as listed by `list()`. */
export interface SimPaymentInfo {
  provider: Provider;
  id: string;
  key: string;
  orderId: string | null;
}


/** A simulated pair of provider accounts whose payments follow scripts in time. */
export class SimWorld {
  /** The clock every answer is computed at. */
  readonly now: () => number;
  readonly seed: number;
  /** The data stream (IDs, addresses); scenarios draw from it too. */
  readonly rng: Rng;
  readonly limiter: RateLimiter;
  /** Faults draw from their own stream, so adding a payment never shifts the fault sequence. */
  readonly faults: FaultPlan;
  readonly checkoutBaseUrl: string;
  /** Every provider this world simulates. */
  readonly backends: readonly SimBackend[];
  readonly #keys = new Map<Provider, Set<string>>();
  readonly #payments = new Map<string, SimEntry>();
  /** Payments with an order ID, by `provider:orderId`. */
  readonly #orders = new Map<string, SimEntry>();
  readonly #stats = new Map<string, KeyStats>();
  readonly #ctx: HandlerContext;

  constructor(opts: SimWorldOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.seed = opts.seed ?? 1;
    this.rng = new Rng(this.seed);
    this.faults = new FaultPlan(new Rng(this.seed ^ 0x9e3779b9), opts.faults);
    this.limiter = new RateLimiter({ ...DEFAULT_RATE_LIMIT, ...opts.rateLimit });
    this.checkoutBaseUrl = opts.checkoutBaseUrl ?? 'https://card2crypto.cc/checkout/';
    this.backends = [...BUILT_IN_BACKENDS, ...(opts.backends ?? [])];
    for (const b of this.backends) {
      this.#keys.set(b.provider, new Set());
      if (opts.defaultKeys !== false) this.addKey(b.provider, b.defaultKey);
    }
    this.#ctx = {
      now: () => this.now(),
      hasKey: (provider, key) => this.hasKey(provider, key),
      limiter: this.limiter,
      faults: this.faults,
      count: (key, _provider, kind) => this.#count(key, kind),
      backends: this.backends,
      payments: {
        payment: (id) => this.#payments.get(id),
        order: (provider, orderId) => this.#orders.get(`${provider}:${orderId}`),
        checkoutBaseUrl: this.checkoutBaseUrl,
      },
    };
  }

  /** Open a shop (Card2Crypto) or merchant account (PayCrypt) with this API key. */
  addKey(provider: Provider, key: string): void {
    this.#keys.get(provider)?.add(key);
  }

  /** Whether `key` is a known API key of `provider`. */
  hasKey(provider: Provider, key: string): boolean {
    return this.#keys.get(provider)?.has(key) ?? false;
  }

  /** Add a scripted Card2Crypto payment; returns its ID. Throws RangeError for an impossible script. */
  addCard2Crypto(spec: Card2CryptoSpec): string {
    const id = spec.id ?? this.#freshId(() => `pay_${this.rng.alnum(16)}`);
    const metadata = { ...spec.metadata };
    if (metadata.order_id === undefined) metadata.order_id = String(this.rng.int(1000, 99_999));
    const script: Card2CryptoScript = {
      id,
      key: spec.key ?? card2cryptoBackend.defaultKey,
      amount: spec.amount,
      email: spec.customer?.email ?? null,
      name: spec.customer?.name ?? null,
      metadata,
      createdAt: spec.createdAt ?? this.now(),
      outcome: spec.outcome,
      refundAt: spec.refundAt ?? null,
      later: [...(spec.later ?? [])],
    };
    validateCard2Crypto(script);
    this.#insert({ provider: card2cryptoBackend.provider, script });
    return id;
  }

  /** Add a scripted PayCrypt payment; returns its payment_id. Throws RangeError for an impossible script. */
  addPayCrypt(spec: PayCryptSpec): string {
    const id = (spec.id ?? this.#freshId(() => this.rng.uuid())).toLowerCase();
    const orderId = spec.orderId ?? this.#freshOrderId(paycryptBackend.provider);
    if (this.#orders.has(`${paycryptBackend.provider}:${orderId}`)) throw new RangeError(`order_id ${orderId} already exists`);
    const network = spec.network ?? 'ethereum';
    const createdAt = spec.createdAt ?? this.now();
    // A late deposit (a later change with an amount) needs its transaction too.
    const deposit = (typeof spec.outcome === 'object' && 'depositAt' in spec.outcome) || (spec.later ?? []).some((c) => c.amountReceived !== undefined);
    const script: PayCryptScript = {
      id,
      key: spec.key ?? paycryptBackend.defaultKey,
      orderId,
      amount: spec.amount,
      coin: spec.coin ?? 'USDT',
      network,
      depositAddress: spec.depositAddress ?? depositAddressFor(network, this.rng),
      createdAt,
      expiresAt: spec.expiresAt ?? createdAt + 30 * 60_000,
      email: spec.customerEmail ?? null,
      wallet: spec.customerWallet ?? null,
      metadata: { ...spec.metadata },
      usdRate: spec.usdRate ?? 1,
      outcome: spec.outcome,
      later: [...(spec.later ?? [])],
      txHash: deposit ? `0x${this.rng.hex(64)}` : null,
      blockNumber: deposit ? blockNumberFor(network, this.rng) : null,
    };
    validatePayCrypt(script);
    this.#insert({ provider: paycryptBackend.provider, script });
    return id;
  }

  /**
   * Add a scripted payment of any simulated provider (a backend given in the options); its
   * backend answers from the script. Throws RangeError for a taken ID or order ID.
   */
  addPayment(provider: Provider, script: SimScript): string {
    if (script.orderId !== undefined && this.#orders.has(`${provider}:${script.orderId}`)) {
      throw new RangeError(`order_id ${script.orderId} already exists`);
    }
    this.#insert({ provider, script });
    return script.id;
  }

  /** Every status a payment takes and when, `pending` at creation first. Throws for an unknown ID. */
  changeTimes(id: string): StatusChange[] {
    const e = this.#entry(id);
    return this.#backend(e.provider).changes(e.script);
  }

  /** The status at time `t` (default now), or null before creation. Throws for an unknown ID. */
  statusAt(id: string, t: number = this.now()): string | null {
    const e = this.#entry(id);
    return this.#backend(e.provider).statusAt(e.script, t);
  }

  /** All payments, in the order they were added. */
  list(): SimPaymentInfo[] {
    return [...this.#payments.values()].map((e) => ({
      provider: e.provider,
      id: e.script.id,
      key: e.script.key,
      orderId: e.script.orderId ?? null,
    }));
  }

  /** The next `count` requests (either provider) get fault `kind`. */
  injectFaults(kind: FaultKind, count = 1): void {
    this.faults.inject(kind, count);
  }

  /** Change the random fault probabilities (merged into the current ones). */
  setFaults(rates: Partial<FaultRates>): void {
    this.faults.rates = { ...this.faults.rates, ...rates };
  }

  /** Change the rate limit (merged into the current one); existing windows are kept. */
  setRateLimit(config: Partial<RateLimitConfig>): void {
    this.limiter.config = { ...this.limiter.config, ...config };
  }

  /** Request counters per presented API key ("" for requests without one). */
  stats(): Record<string, KeyStats> {
    return Object.fromEntries([...this.#stats].map(([key, s]) => [key, { ...s }]));
  }

  /** Zero the counters. */
  resetStats(): void {
    this.#stats.clear();
  }

  /** Answer one request at `now()`. Pure apart from counters, rate-limit windows and fault draws. */
  handle(req: SimRequest): SimResponse {
    return handleRequest(this.#ctx, req);
  }

  #count(key: string, kind: StatKind): void {
    const s = this.#stats.get(key) ?? { requests: 0, rateLimited: 0, faults: 0 };
    s[kind] += 1;
    this.#stats.set(key, s);
  }

  #backend(provider: Provider): SimBackend {
    const backend = this.backends.find((b) => b.provider === provider);
    if (backend === undefined) throw new RangeError(`no backend for provider ${provider}`);
    return backend;
  }

  #entry(id: string): SimEntry {
    const e = this.#payments.get(id) ?? this.#payments.get(id.toLowerCase());
    if (e === undefined) throw new RangeError(`unknown payment ${id}`);
    return e;
  }

  #insert(entry: SimEntry): void {
    const { id, orderId } = entry.script;
    if (this.#payments.has(id)) throw new RangeError(`payment ${id} already exists`);
    // A payment's key is its shop: register it so a spec can name a second shop inline.
    this.addKey(entry.provider, entry.script.key);
    this.#payments.set(id, entry);
    if (orderId !== undefined) this.#orders.set(`${entry.provider}:${orderId}`, entry);
  }

  #freshId(make: () => string): string {
    for (;;) {
      const id = make();
      if (!this.#payments.has(id)) return id;
    }
  }

  #freshOrderId(provider: Provider): string {
    // PayCrypt's order references are system-generated; the spec's example is numeric ("123").
    for (;;) {
      const id = String(this.rng.int(10_000_000, 99_999_999));
      if (!this.#orders.has(`${provider}:${id}`)) return id;
    }
  }
}
