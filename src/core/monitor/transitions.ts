/**
 * Which status changes deserve an alert (issue 14). Reaching a final status does, as before. So
 * does a change after a final status, a "reopening": the provider moved a payment it had called
 * done (completed → refunded, expired → confirmed when paid late, underpaid → confirmed after a
 * top-up, a final status → pending again). So does any move into a status the provider's spec does
 * not document: Paymon cannot tell what it means, so a person should look. Each is claimed in the
 * store's announcement ledger under (payment, status reached), in the transaction that records it,
 * so it is announced once across restarts.
 */
import type { Provider } from '../../shared/payment.ts';
import { findProviderSpec } from '../../shared/providers/index.ts';

/** What kind of alert a transition is. */
export type AlertKind =
  /** The payment reached a final status for the first time. */
  | 'final'
  /** The payment moved after it had been final (`after` names that final status). */
  | 'reopened'
  /** The payment moved into a status its provider does not document. */
  | 'unknown-status';

/** An alert-worthy transition: its kind and, for a reopening, the final status it left behind. */
export interface AlertTransition {
  kind: AlertKind;
  /** The last final status before this change, or null when it had never been final. */
  after: string | null;
}

/**
 * Classifies a status change `from` → `to`. `priorFinal` is the last final status the payment had
 * before this change (`from` itself when `from` is final), null when it never was final. A first
 * answer (`from` null) can only be 'final': a pasted payment's current state is a table row, not news.
 */
export function classifyTransition(
  provider: Provider,
  from: string | null,
  to: string,
  priorFinal: string | null,
): AlertTransition | null {
  const spec = findProviderSpec(provider);
  const final = spec?.finalStatuses.includes(to) ?? false;
  if (from === null) return final ? { kind: 'final', after: null } : null;
  if (from === to) return null;
  if (spec && !spec.statuses.includes(to)) return { kind: 'unknown-status', after: priorFinal };
  if (priorFinal !== null && priorFinal !== to) return { kind: 'reopened', after: priorFinal };
  return final ? { kind: 'final', after: null } : null;
}

/**
 * The last final status before the newest change, from a payment's status history (oldest first,
 * the newest change last): what a payment that went expired → pending → confirmed was paid after.
 */
export function priorFinalStatus(provider: Provider, history: readonly { to: string }[]): string | null {
  const finals = findProviderSpec(provider)?.finalStatuses ?? [];
  for (let i = history.length - 2; i >= 0; i--) {
    const to = history[i]!.to;
    if (finals.includes(to)) return to;
  }
  return null;
}
