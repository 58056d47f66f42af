/**
 * Per-account settings ("app, complete" issue): a base URL (a staging host, the demo simulator)
 * and a polling budget. The lookup asks for the URL whenever it builds clients, the scheduler for
 * the budget whenever it sets one up; 'accounts:update' changes both and re-verifies the key.
 */
import { PaymonError } from '../../shared/errors.ts';
import type { InvokeChannels, RequestOf } from '../../shared/ipc.ts';
import { PROVIDER_LABELS, PROVIDERS, type Provider } from '../../shared/payment.ts';
import { validateBaseUrl } from '../http.ts';
import type { BudgetOptions } from '../monitor/budget.ts';
import { validateAccountName } from '../secrets/key-hygiene.ts';
import type { AccountMeta, PaymonStore } from '../store/index.ts';
import type { AppContext } from './context.ts';
import { findKey, keysChanged, listAccounts, verifyAndRecord, viewOf } from './keys.ts';

type AccountHandlers = { 'accounts:update': (req: RequestOf<'accounts:update'>) => Promise<InvokeChannels['accounts:update'][1]> };

/** The stored metadata of one account, if any. */
export function accountMeta(store: PaymonStore, provider: Provider, account: string): AccountMeta | undefined {
  return store.listAccounts().find((m) => m.provider === provider && m.account === account);
}

/**
 * The account's own base URL, validated, or null for the provider's default. A stored URL that no
 * longer validates (edited by hand) counts as unset rather than breaking every lookup of the provider.
 */
export function accountBaseUrl(store: PaymonStore, provider: Provider, account: string): string | null {
  const raw = accountMeta(store, provider, account)?.baseUrl;
  if (!raw) return null;
  try {
    return validateBaseUrl(raw).href;
  } catch {
    return null;
  }
}

/** The budget the user set for an engine account id (`provider:account`), or null for the default. */
export function accountBudget(store: PaymonStore, accountId: string): number | null {
  const at = accountId.indexOf(':');
  const provider = accountId.slice(0, at) as Provider;
  if (at < 0 || !PROVIDERS.includes(provider)) return null;
  return accountMeta(store, provider, accountId.slice(at + 1))?.budgetPerMinute ?? null;
}

/** Budget options for the engine: the user's per-account budget over the defaults (or a test's). */
export function budgetResolver(store: PaymonStore, base?: (accountId: string) => BudgetOptions): (accountId: string) => BudgetOptions {
  return (accountId) => {
    const options = base?.(accountId) ?? {};
    const perMinute = accountBudget(store, accountId);
    return perMinute === null ? options : { ...options, perMinute };
  };
}

/** The account settings handler bound to `ctx`. */
export function accountHandlers(ctx: AppContext): AccountHandlers {
  return {
    async 'accounts:update'(req) {
      const address = { provider: req.provider, account: validateAccountName(req.account) };
      const label = PROVIDER_LABELS[req.provider];
      const known = (await listAccounts(ctx)).find((a) => a.provider === address.provider && a.account === address.account);
      if (!known) throw new PaymonError('not_found', `There is no ${label} account "${address.account}"; add its key first.`);
      const baseUrl =
        req.baseUrl === undefined ? known.baseUrl : req.baseUrl === null ? null : validateBaseUrl(req.baseUrl, `The ${label} base URL`).href;
      const budgetPerMinute = req.budgetPerMinute === undefined ? known.budgetPerMinute : req.budgetPerMinute;
      const old = accountMeta(ctx.store, address.provider, address.account);
      ctx.store.upsertAccount({
        provider: address.provider,
        account: address.account,
        maskedKey: old?.maskedKey ?? known.masked,
        verified: old?.verified ?? 'unverified',
        checkedAt: old?.checkedAt ?? null,
        baseUrl,
        budgetPerMinute,
      });
      // The key was verified at the old address; what the new one says is what the badge must show.
      if (baseUrl !== known.baseUrl) {
        const key = await findKey(ctx, address);
        if (key !== null) await verifyAndRecord(ctx, address, key);
      }
      // Clients are rebuilt with the new URL; a new budget applies at once.
      keysChanged(ctx, address.provider);
      if (budgetPerMinute !== known.budgetPerMinute) ctx.engine.budgetChanged(address.provider, address.account);
      return viewOf(ctx, address);
    },
  };
}
