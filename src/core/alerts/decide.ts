/**
 * Turns a claimed alert into its history row, inside the claim's transaction (issue 14): its words,
 * the rule that decided and whether a desktop notification is raised. The app and `paymon watch`
 * both read the preferences from the store here, so they cannot disagree.
 */
import type { Payment } from '../../shared/payment.ts';
import { notificationText } from '../app/notify-text.ts';
import { loadSettings } from '../app/settings.ts';
import type { Clock } from '../monitor/clock.ts';
import type { AlertKindView } from '../../shared/alert-history.ts';
import type { NewAlert, PaymonStore } from '../store/index.ts';
import { decideDelivery, localMinutes } from './rules.ts';
import { loadAlertSettings } from './settings.ts';

/** What the engine knows of an alert when it claims it. */
export interface AlertDraft {
  key: string;
  payment: Payment;
  from: string | null;
  to: string;
  at: string;
  kind: AlertKindView;
  after: string | null;
  account: string | null;
  /** A watch alert's words ("Pending for 1 h 5 min"), which stand where a status change's would. */
  headline?: string;
}

/** Builds the history row of a claimed alert; runs inside the claim's transaction. */
export type AlertDecider = (draft: AlertDraft) => NewAlert;

/** Options of storeDecider. */
export interface DeciderOptions {
  /** Whether something raises desktop notifications (the app); `paymon watch` has none: delivery 'none'. */
  desktop: boolean;
}

/** The decider of the app and the CLI: the store's preferences, rules and quiet hours at `clock`'s local time. */
export function storeDecider(store: PaymonStore, clock: Clock, opts: DeciderOptions): AlertDecider {
  return (d) => {
    const { payment } = d;
    const subject = {
      provider: payment.provider,
      account: d.account,
      status: d.to,
      kind: d.kind,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      muted: store.getWatch(d.key)?.muted === true,
    };
    const verdict = decideDelivery(loadSettings(store), loadAlertSettings(store), subject, localMinutes(clock.now()));
    const { title, body } = notificationText(payment, d.to, d);
    return {
      key: d.key,
      at: d.at,
      kind: d.kind,
      from: d.from,
      to: d.to,
      after: d.after,
      provider: payment.provider,
      account: d.account,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      title,
      body,
      rule: verdict.rule,
      sound: verdict.sound,
      decision: verdict.decision,
      delivery: verdict.desktop && opts.desktop ? 'pending' : 'none',
    };
  };
}
