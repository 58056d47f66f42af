/**
 * How far the first checks of a big add have got, and how long the rest will take at the accounts'
 * polling budgets (issue 17, "big adds show progress"). Pure.
 */
import { DEFAULT_BUDGET_PER_MINUTE } from '../../../shared/accounts.ts';
import { countOf, formatCount } from '../../../shared/format.ts';
import type { AccountView } from '../../../shared/ipc.ts';
import { PROVIDER_LABELS, type Provider } from '../../../shared/payment.ts';
import type { Summary } from '../store/filter.ts';

/** Rows checked so far out of those that can be, and the estimate for the rest; null when none waits. */
export interface CheckProgress {
  checked: number;
  total: number;
  /** Minutes until every row had its first check at the budgets, per provider in parallel. */
  minutes: number;
  /** Requests per minute per provider with rows waiting. */
  rates: { provider: Provider; perMinute: number }[];
}

/** The budget lookups of `provider` run at: its default account's, else its first keyed one's. */
function providerRate(accounts: readonly AccountView[], provider: Provider): number {
  const keyed = accounts.filter((a) => a.provider === provider && a.hasKey);
  const main = keyed.find((a) => a.account === 'default') ?? keyed[0];
  return main?.budgetPerMinute ?? DEFAULT_BUDGET_PER_MINUTE;
}

/**
 * Progress of first checks, from the watchlist's summary (store/filter.ts): rows waiting for a key
 * are left out (they are not being checked until a key is added). Null when no row waits.
 */
export function checkProgress(summary: Pick<Summary, 'counts' | 'uncheckedBy'>, accounts: readonly AccountView[]): CheckProgress | null {
  const waiting = summary.uncheckedBy;
  if (waiting.size === 0) return null;
  const total = summary.counts.total - summary.counts['needs-key'];
  const rates = [...waiting.keys()].map((provider) => ({ provider, perMinute: providerRate(accounts, provider) }));
  const minutes = Math.max(...rates.map((r) => (waiting.get(r.provider) ?? 0) / r.perMinute));
  return { checked: total - summary.counts.unchecked, total, minutes, rates };
}

/** "less than a minute", "about 18 min", "about 2 h 05 min". */
export function aboutMinutes(minutes: number): string {
  if (minutes < 1) return 'less than a minute';
  const m = Math.round(minutes);
  if (m < 60) return `about ${m} min`;
  return `about ${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** "Checked 43 of 2,200 · about 18 min at 60 requests/min per provider". */
export function progressText(p: CheckProgress): string {
  const same = p.rates.every((r) => r.perMinute === p.rates[0]!.perMinute);
  const at = same
    ? `${formatCount(p.rates[0]!.perMinute)} requests/min${p.rates.length > 1 ? ' per provider' : ''}`
    : p.rates.map((r) => `${formatCount(r.perMinute)}/min for ${PROVIDER_LABELS[r.provider]}`).join(', ');
  return `Checked ${formatCount(p.checked)} of ${formatCount(p.total)} · ${aboutMinutes(p.minutes)} at ${at}`;
}

/** For search results while first checks are running: which rows only their ID can match. */
export function notLoadedText(unchecked: number): string {
  return `${countOf(unchecked, 'payment')} not checked yet: only ${unchecked === 1 ? 'its ID is' : 'their IDs are'} searched`;
}
