/**
 * The UI benchmark's page side (bench/ui.bench.ts bundles it and adds it with page.addInitScript):
 * a fake `window.paymon` that answers the snapshot with generated rows when told to, and
 * `window.__bench`, which times actions in the page with performance.now() from just before the
 * action until a MutationObserver sees the DOM reflect it. Runs in the page: no Node here.
 */
import type { EventChannel, EventChannels, IpcResult, PaymonApi, SnapshotView, WatchRowView } from '../../src/shared/ipc.ts';
import { API_CHANNELS } from '../../src/shared/ipc.ts';

interface BenchConfig {
  rows: number;
}

const config = (globalThis as unknown as { __paymonBenchConfig?: BenchConfig }).__paymonBenchConfig ?? { rows: 10_000 };
const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);
const STATUSES = ['completed', 'failed', 'refunded'];

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** A plausible row: alternating providers, unique amounts and added times (so sort results are unambiguous). */
function makeRow(i: number): WatchRowView {
  const c2c = i % 2 === 0;
  const id = c2c ? `pay_bench${String(i).padStart(8, '0')}` : `${hex(i, 8)}-0000-4000-8000-${hex(i, 12)}`;
  const at = new Date(T0 - i * 1000).toISOString();
  const base = {
    id,
    orderId: `ORD-${i}`,
    status: 'pending',
    final: false,
    // 7919 is prime and coprime to 1,000,000: every row gets a different amount.
    amountMinor: 100 + ((i * 7919) % 1_000_000),
    currency: 'USD',
    createdAt: at,
    completedAt: null,
    confirmedAt: null,
    updatedAt: at,
    customerEmail: `customer${i}@example.com`,
    customerName: `Customer ${i}`,
    metadata: { n: i, product: i % 3 === 0 ? 'Annual Pro' : 'Team Seat' },
  };
  const payment: WatchRowView['payment'] = c2c
    ? { ...base, provider: 'card2crypto', checkoutUrl: `https://card2crypto.cc/checkout/${id}` }
    : {
        ...base,
        provider: 'paycrypt',
        customerWallet: null,
        coin: 'USDT',
        network: 'tron',
        depositAddress: `T${hex(i, 33)}`,
        expiresAt: new Date(T0 + 30 * 60_000).toISOString(),
        txHash: null,
        blockNumber: null,
        confirmations: 0,
        amountReceived: null,
        amountReceivedUsdMinor: null,
        events: [],
      };
  return {
    key: `${c2c ? 'card2crypto' : 'paycrypt'}:payment:${id}`,
    ref: { provider: c2c ? 'card2crypto' : 'paycrypt', kind: 'payment', value: id },
    payment,
    status: 'pending',
    final: false,
    account: 'default',
    addedAt: at,
    lastCheckedAt: at,
    nextCheckAt: new Date(T0 + 60_000).toISOString(),
    lastError: null,
    paused: false,
    muted: false,
    stopped: false,
    note: '',
    tags: [],
  };
}

const rows = Array.from({ length: config.rows }, (_, i) => makeRow(i));
const byKey = new Map(rows.map((r) => [r.key, r]));
const listeners = new Map<string, Set<(payload: unknown) => void>>();
let releaseSnapshot: (() => void) | null = null;
const snapshotGate = new Promise<void>((resolve) => (releaseSnapshot = resolve));

const snapshot: SnapshotView = {
  rows,
  accounts: [{ provider: 'card2crypto', account: 'default', hasKey: true, masked: 'c2c_live_…0001', verified: 'accepted', checkedAt: null, source: 'keychain', baseUrl: null, budgetPerMinute: null }],
  problems: [],
  monitorPaused: false,
  keychainProblem: null,
  keychainPending: false,
  trayShown: null,
  notificationProblem: null,
  shortcutProblem: null,
  loginItemProblem: null,
  stale: null,
  demo: false,
  settings: { notifyStatuses: ['completed'], muteAll: false, onClose: 'tray', lookupShortcut: null, openAtLogin: false },
  views: { views: [], current: null },
};

const api = {} as Record<string, unknown>;
for (const method of Object.keys(API_CHANNELS)) api[method] = async (): Promise<IpcResult<unknown>> => ({ ok: true, value: undefined });
api['snapshot'] = async (): Promise<IpcResult<SnapshotView>> => {
  await snapshotGate;
  return { ok: true, value: snapshot };
};
api['on'] = (channel: EventChannel, listener: (payload: unknown) => void) => {
  let set = listeners.get(channel);
  if (!set) listeners.set(channel, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
};
Object.defineProperty(globalThis, 'paymon', { value: Object.freeze(api as unknown as PaymonApi), enumerable: true });

function emit<C extends EventChannel>(channel: C, payload: EventChannels[C]): void {
  for (const l of listeners.get(channel) ?? []) l(payload);
}

/** Resolves with performance.now() at the first DOM mutation after which `done()` holds. */
function whenDom(done: () => boolean, timeoutMs = 10_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (!done()) return;
      const t = performance.now();
      observer.disconnect();
      window.clearTimeout(timer);
      resolve(t);
    });
    const timer = window.setTimeout(() => {
      observer.disconnect();
      reject(new Error('The DOM did not reflect the action in time.'));
    }, timeoutMs);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

/** A frame to settle between runs. */
function nextFrame(): Promise<void> {
  return new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
}

function bodyRows(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('.tbody [role="row"]')];
}

function firstRowKey(): string | null {
  const top = bodyRows().sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))[0];
  return top?.dataset['key'] ?? null;
}

function shownText(): string {
  return document.querySelector('.shown')?.textContent ?? '';
}

/** Sets a React-controlled input's value the way typing does (the native setter, then an input event). */
function typeInto(input: HTMLInputElement, value: string): void {
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

const expectedFirst = {
  none: rows[0]!.key,
  asc: [...rows].sort((a, b) => a.payment!.amountMinor - b.payment!.amountMinor)[0]!.key,
  desc: [...rows].sort((a, b) => b.payment!.amountMinor - a.payment!.amountMinor)[0]!.key,
};

let batchRun = 0;

const bench = {
  rows: rows.length,

  /** From the snapshot's answer to the first rows in the DOM. */
  async firstRender(): Promise<number> {
    const done = whenDom(() => bodyRows().length > 0);
    const t0 = performance.now();
    releaseSnapshot?.();
    return (await done) - t0;
  },

  /** One click on the Amount header, until the first row is the one that sort puts first. */
  async sort(): Promise<number> {
    const header = [...document.querySelectorAll<HTMLElement>('[role="columnheader"]')].find((h) => h.textContent?.includes('Amount'));
    const button = header?.querySelector('button');
    if (!header || !button) throw new Error('No Amount header.');
    const before = header.getAttribute('aria-sort');
    const done = whenDom(() => {
      const now = header.getAttribute('aria-sort');
      if (now === before) return false;
      const want = now === 'ascending' ? expectedFirst.asc : now === 'descending' ? expectedFirst.desc : expectedFirst.none;
      return firstRowKey() === want;
    });
    const t0 = performance.now();
    button.click();
    const t1 = await done;
    await nextFrame();
    return t1 - t0;
  },

  /** One keystroke in the search box (from empty), until the count and rows show the result; then clears it. */
  async filter(char: string): Promise<number> {
    const input = document.querySelector<HTMLInputElement>('input[type="search"]');
    if (!input) throw new Error('No search box.');
    const before = shownText();
    const done = whenDom(() => shownText() !== before);
    const t0 = performance.now();
    typeInto(input, char);
    const t1 = await done;
    await nextFrame();
    const cleared = whenDom(() => shownText() === before);
    typeInto(input, '');
    await cleared;
    await nextFrame();
    return t1 - t0;
  },

  /** One 'watch:delta' with 1,000 status changes (the top row among them), until the top row shows its new status. */
  async batch(size = 1000): Promise<number> {
    const top = firstRowKey();
    if (top === null) throw new Error('No rows.');
    const status = STATUSES[batchRun++ % STATUSES.length]!;
    const checkedAt = new Date(T0 + batchRun * 60_000).toISOString();
    const step = Math.max(1, Math.floor(rows.length / size));
    const keys = new Set([top]);
    for (let i = 0; keys.size < Math.min(size, rows.length); i = (i + step) % rows.length) keys.add(rows[i]!.key);
    const upserts = [...keys].map((key) => {
      const row = byKey.get(key)!;
      const next: WatchRowView = { ...row, status, final: true, lastCheckedAt: checkedAt, nextCheckAt: null, payment: { ...row.payment!, status, final: true } };
      byKey.set(key, next);
      return next;
    });
    const cell = () => document.querySelector(`.tbody [role="row"][data-key="${CSS.escape(top)}"] .col-status`)?.textContent ?? '';
    const done = whenDom(() => cell().includes(status));
    const t0 = performance.now();
    emit('watch:delta', { upserts, removes: [] });
    const t1 = await done;
    await nextFrame();
    return t1 - t0;
  },
};

(globalThis as unknown as { __bench: typeof bench }).__bench = bench;
