/**
 * Per-account settings ("app, complete" issue): a base URL (a staging host, the demo simulator)
 * and a polling budget. The lookup asks for the URL whenever it builds clients, the scheduler for
 * the budget whenever it sets one up; 'accounts:update' changes both and re-verifies the key.
 * A key goes to a host of the user's choosing only after the user confirmed it (issue 16).
 */
import { PaymonError } from '../../shared/errors.ts';
import type { InvokeChannels, RequestOf } from '../../shared/ipc.ts';
import { PROVIDER_LABELS, PROVIDERS, type Provider } from '../../shared/payment.ts';
import { validateBaseUrl } from '../http.ts';
import type { BudgetOptions } from '../monitor/budget.ts';
import { validateAccountName } from '../secrets/key-hygiene.ts';
import { ENV_ACCOUNT, envBaseUrlError, isKeyHostApproved, unapprovedHostError } from '../secrets/key-hosts.ts';
import { accountBaseUrl, accountMeta } from '../secrets/accounts.ts';
import type { PaymonStore } from '../store/index.ts';
import type { AppContext } from './context.ts';
import { ensureKeyHost, findKey, keysChanged, listAccounts, verifyAndRecord, viewOf } from './keys.ts';

type AccountHandlers = { 'accounts:update': (req: RequestOf<'accounts:update'>) => Promise<InvokeChannels['accounts:update'][1]> };

export { accountBaseUrl, accountMeta };

/**
 * The base URL lookups send the account's key to: its own (when approved for the key) or null for
 * the provider's. A stored URL whose host the key was never approved for — the database edited by
 * hand or by malware — throws, which fails that account's lookups without a request (issue 16).
 */
export function lookupBaseUrl(store: PaymonStore, env: NodeJS.ProcessEnv, provider: Provider, account: string): string | null {
  const url = accountBaseUrl(store, provider, account);
  if (url !== null && !isKeyHostApproved(store, env, { provider, account }, url)) throw unapprovedHostError({ provider, account }, url);
  return url;
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
      // The environment's key goes only where the environment says (PAYMON_*_URL), never to a URL set here.
      if (address.account === ENV_ACCOUNT && typeof req.baseUrl === 'string') throw envBaseUrlError(address.provider);
      const baseUrl =
        req.baseUrl === undefined ? known.baseUrl : req.baseUrl === null ? null : validateBaseUrl(req.baseUrl, `The ${label} base URL`).href;
      const budgetPerMinute = req.budgetPerMinute === undefined ? known.budgetPerMinute : req.budgetPerMinute;
      // Before anything is stored: a host this key was not used with needs the user's yes in main's
      // dialog, which the renderer cannot give; a no leaves the account as it was (issue 16).
      const moved = baseUrl !== known.baseUrl;
      const needsYes = baseUrl !== null && !isKeyHostApproved(ctx.store, ctx.env, address, baseUrl);
      const key = moved || needsYes ? await findKey(ctx, address) : null;
      const approvedNow = key !== null && baseUrl !== null && needsYes && (await ensureKeyHost(ctx, address, baseUrl, 'the base URL was not changed'));
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
      if (key !== null && (moved || approvedNow)) await verifyAndRecord(ctx, address, key);
      // Clients are rebuilt with the new URL; a new budget applies at once.
      keysChanged(ctx, address.provider);
      if (budgetPerMinute !== known.budgetPerMinute) ctx.engine.budgetChanged(address.provider, address.account);
      return viewOf(ctx, address);
    },
  };
}
