/**
 * `paymon://` links (issue 13): a help desk pastes `paymon://watch/pay_…` into a ticket and the agent
 * clicks it. The OS hands the link to the app from any program, so it is untrusted input: anything
 * that is not exactly one of the forms below is refused with a sentence, and nothing else happens.
 *
 *   paymon://watch/<payment id>[,<payment id>…][?order=<order id>…]   add (or refresh) and open
 *   paymon://watch?order=<order id>                                   the same, by order ID
 *   paymon://open/<payment id>                                        open one already watched
 *
 * Pure (only the global URL parser): the CLI's `paymon link`, main and the tests share it.
 */
import { PaymonError } from './errors.ts';
import { orderProvider, parseOrderId, parsePaymentId, refKey, type PaymentRef } from './refs.ts';
import { flattenText } from './text-safety.ts';

/** The URL scheme Paymon registers with the OS (also in electron-builder.yml's `protocols`). */
export const LINK_SCHEME = 'paymon';
/** Longest link read; longer ones are refused before parsing (a link is a few IDs, not a document). */
export const MAX_LINK_LENGTH = 4_096;
/** Most references one link may carry. */
export const MAX_LINK_REFS = 100;

/** What a link asks for. */
export type DeepLink =
  /** Add these references (refresh those already watched) and open the first. */
  | { action: 'watch'; refs: PaymentRef[] }
  /** Open this payment if it is on the watchlist. */
  | { action: 'open'; ref: PaymentRef };

const PREFIX = `${LINK_SCHEME}:`;

function refuse(reason: string): never {
  throw new PaymonError('invalid_input', `This paymon:// link was not followed: ${reason}`);
}

/** A value quoted in a refusal: flattened and short, since the link may come from anywhere. */
function quote(value: string): string {
  return `"${flattenText(value, 60)}"`;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return refuse(`it has a broken %-escape (${quote(part)}).`);
  }
}

/** Comma-separated values of one path or query part, decoded; empty items (a trailing comma) dropped. */
function items(part: string): string[] {
  return part
    .split(',')
    .map((s) => decode(s).trim())
    .filter((s) => s !== '');
}

function paymentRef(value: string): PaymentRef {
  try {
    return parsePaymentId(value);
  } catch {
    return refuse(`${quote(value)} is not a payment ID.`);
  }
}

function orderRef(value: string): PaymentRef {
  try {
    return parseOrderId(value);
  } catch {
    return refuse(`${quote(value)} is not a valid ${orderProvider().label} order ID.`);
  }
}

/** Whether `text` is meant as a Paymon link (the scheme, in any case); says nothing of its validity. */
export function isDeepLink(text: string): boolean {
  return text.slice(0, PREFIX.length).toLowerCase() === PREFIX;
}

/** Parses a `paymon://` link; throws `invalid_input` with a sentence for anything else. */
export function parseDeepLink(input: unknown): DeepLink {
  if (typeof input !== 'string') refuse('it is not text.');
  if (input.length > MAX_LINK_LENGTH) refuse(`it is longer than ${MAX_LINK_LENGTH.toLocaleString('en-US')} characters.`);
  const text = input.trim();
  if (!isDeepLink(text)) refuse(`it does not start with ${PREFIX}//.`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('it is not a valid link.');
  }
  // Non-special schemes keep what follows "//" as the host: paymon://watch/… has host "watch".
  if (url.username !== '' || url.password !== '' || url.port !== '') refuse('it names a user, password or port.');
  if (url.hash !== '') refuse('it has a #fragment.');
  const action = url.hostname.toLowerCase();
  // One trailing slash is forgiven: some browsers and chat apps add it.
  const path = url.pathname.replace(/^\//, '').replace(/\/$/, '');
  if (path.includes('/')) refuse(`${quote(path)} is not a list of payment IDs.`);

  const orders: string[] = [];
  for (const [name, value] of url.searchParams) {
    if (name !== 'order') refuse(`it has an unknown part ${quote(name)} (only ?order= is understood).`);
    orders.push(...items(value));
  }

  if (action === 'open') {
    if (orders.length > 0) refuse('paymon://open takes one payment ID and no ?order=.');
    const ids = items(path);
    if (ids.length !== 1) refuse('paymon://open takes exactly one payment ID.');
    return { action: 'open', ref: paymentRef(ids[0] as string) };
  }
  if (action !== 'watch') refuse(`${quote(action || '(nothing)')} is not something Paymon does; use paymon://watch/… or paymon://open/….`);

  const refs: PaymentRef[] = [];
  const seen = new Set<string>();
  for (const ref of [...items(path).map(paymentRef), ...orders.map(orderRef)]) {
    const key = refKey(ref);
    if (seen.has(key)) continue;
    seen.add(key);
    refs.push(ref);
  }
  if (refs.length === 0) refuse('it names no payment ID.');
  if (refs.length > MAX_LINK_REFS) refuse(`it names ${refs.length} payments; one link takes ${MAX_LINK_REFS} at most.`);
  return { action: 'watch', refs };
}

/** The link that watches these references (payment IDs in the path, order IDs as ?order=). */
export function watchLink(refs: readonly PaymentRef[]): string {
  const ids = refs.filter((r) => r.kind === 'payment').map((r) => encodeURIComponent(r.value));
  const orders = refs.filter((r) => r.kind === 'order').map((r) => `order=${encodeURIComponent(r.value)}`);
  const path = ids.length > 0 ? `/${ids.join(',')}` : '';
  return `${PREFIX}//watch${path}${orders.length > 0 ? `?${orders.join('&')}` : ''}`;
}

/** The first argument that is a Paymon link (Windows and Linux pass the link on the command line). */
export function linkInArgv(argv: readonly string[]): string | null {
  return argv.find((arg) => isDeepLink(arg.trim())) ?? null;
}
