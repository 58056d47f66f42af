/**
 * Following a `paymon://` link the OS handed to the app (issue 13). The link is parsed as untrusted
 * input (src/shared/deep-links.ts); a refused link changes nothing and says why in the window.
 */
import { parseDeepLink } from '../../shared/deep-links.ts';
import { toErrorInfo } from '../../shared/errors.ts';
import { refKey } from '../../shared/refs.ts';
import type { AppContext } from './context.ts';

function payments(n: number): string {
  return `${n.toLocaleString('en-US')} payment${n === 1 ? '' : 's'}`;
}

/** What main does after a link: open this payment's detail (null: just show the window). */
export interface LinkOutcome {
  open: string | null;
}

/** Follows one link: adds or opens what it names, or refuses it; the window is told either way. */
export function followLink(ctx: AppContext, url: unknown): LinkOutcome {
  let link;
  try {
    link = parseDeepLink(url);
  } catch (err) {
    ctx.events.emit('notice', { kind: 'error', message: toErrorInfo(err).message });
    return { open: null };
  }
  if (link.action === 'open') {
    const key = refKey(link.ref);
    if (ctx.store.getWatch(key)) return { open: key };
    ctx.events.emit('notice', {
      kind: 'error',
      message: `${link.ref.value} is not on the watchlist. A paymon://watch/… link adds it.`,
    });
    return { open: null };
  }
  const { added, existing } = ctx.watchlist.add(link.refs);
  const parts = [
    added.length > 0 ? `added ${payments(added.length)}` : null,
    existing.length > 0 ? `${payments(existing.length)} already watched, checking again` : null,
  ].filter((p) => p !== null);
  ctx.events.emit('notice', { kind: 'info', message: `From a link: ${parts.join('; ')}.` });
  return { open: refKey(link.refs[0]!) };
}
