/**
 * The clipboard lookup (issue 13): the global shortcut was pressed somewhere in another app. The
 * payment IDs on the clipboard are found as paste finds them, added (or checked again), and once
 * each had its first answer (or ~8 s passed) one notification says where each stands. Main reads the
 * clipboard and shows the answer; everything else is here, testable under Node.
 */
import { formatAmount } from '../../shared/format.ts';
import { extractRefs, refKey } from '../../shared/refs.ts';
import { flattenText } from '../../shared/text-safety.ts';
import type { WatchRow } from '../store/index.ts';
import type { AppContext } from './context.ts';

/** What main shows: a notification, and the payment its click opens (null: the window). */
export interface ClipboardAnswer {
  title: string;
  body: string;
  key: string | null;
}

/** How long the answer waits for first checks: long enough for a slow provider, short enough to still feel like an answer. */
export const LOOKUP_WAIT_MS = 8_000;
/** Payments named one per line in the body; the rest are counted (notification centres cut long bodies). */
const MAX_LINES = 4;

/** Title of the answer when the clipboard holds no payment ID. */
export const NO_ID_TITLE = 'No payment ID on the clipboard';

/** One line of the answer: the ID and where it stands now. */
function line(row: WatchRow | null, id: string, paused: boolean): string {
  const name = flattenText(id, 40);
  if (!row) return `${name}: removed meanwhile`;
  if (row.lastError && row.status === null) return `${name}: ${flattenText(row.lastError.message, 80)}`;
  if (row.status === null) return `${name}: ${paused ? 'not checked yet' : 'still checking'}`;
  const amount = row.payment ? ` (${formatAmount(row.payment.amountMinor, row.payment.currency)})` : '';
  return `${name}: ${flattenText(row.status, 30)}${amount}`;
}

/** Resolves once every key in `keys` had a check answered (or failed), or after `ms`; true when all did. */
function firstChecks(ctx: AppContext, keys: readonly string[], ms: number): Promise<boolean> {
  const waiting = new Set(keys);
  return new Promise((resolve) => {
    let off = (): void => undefined;
    const timer = ctx.clock.setTimer(() => {
      off();
      resolve(false);
    }, ms);
    off = ctx.engine.on((e) => {
      if (e.type !== 'payment-updated' && e.type !== 'payment-error') return;
      waiting.delete(e.key);
      if (waiting.size > 0) return;
      off();
      timer.cancel();
      resolve(true);
    });
  });
}

/**
 * Looks up `text` (the clipboard): adds the IDs in it, waits for their first checks unless polling
 * is `paused`, and answers with the status of each. Untrusted text: only valid IDs are used, and
 * nothing of the rest is echoed.
 */
export async function lookupClipboard(ctx: AppContext, text: string, opts: { paused: boolean; waitMs?: number }): Promise<ClipboardAnswer> {
  const { refs } = extractRefs(text);
  if (refs.length === 0) {
    return { title: NO_ID_TITLE, body: 'Copy a payment ID (or text containing some), then press the shortcut again.', key: null };
  }
  const keys = refs.map(refKey);
  // Subscribed before add: an answer from the simulator on loopback can arrive before add returns.
  const checked = opts.paused ? Promise.resolve(false) : firstChecks(ctx, keys, opts.waitMs ?? LOOKUP_WAIT_MS);
  const { added } = ctx.watchlist.add(refs);
  await checked;
  const lines = refs.slice(0, MAX_LINES).map((ref, i) => line(ctx.store.getWatch(keys[i]!) ?? null, ref.value, opts.paused));
  if (refs.length > MAX_LINES) lines.push(`and ${(refs.length - MAX_LINES).toLocaleString('en-US')} more in Paymon`);
  if (opts.paused) lines.push('Checking is paused: these are the last known statuses.');
  const count = refs.length === 1 ? '1 payment' : `${refs.length.toLocaleString('en-US')} payments`;
  const news = added.length === 0 ? 'already watched' : added.length === refs.length ? 'added' : `${added.length.toLocaleString('en-US')} added`;
  return { title: `From the clipboard: ${count}, ${news}`, body: lines.join('\n'), key: keys[0]! };
}
