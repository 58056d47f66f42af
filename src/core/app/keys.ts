/**
 * The key handlers: set, remove and verify an account's API key. The key itself goes only to
 * the keychain (or the session store) and to the provider; the renderer, the store and every
 * message see the masked form (STYLE.md "Secrets behind an interface").
 */
import { PaymonError } from '../../shared/errors.ts';
import type { AccountView, InvokeChannels, RequestOf } from '../../shared/ipc.ts';
import { PROVIDER_LABELS, PROVIDERS, type Provider } from '../../shared/payment.ts';
import { maskKey, normalizeApiKey, validateAccountName } from '../secrets/key-hygiene.ts';
import {
  approveKeyHost,
  declinedHostError,
  ENV_ACCOUNT,
  forgetKeyHosts,
  isKeyHostApproved,
  keyOrigin,
  unapprovedHostError,
} from '../secrets/key-hosts.ts';
import { ENV_KEYS } from '../secrets/key-source.ts';
import { compareAccounts, type KeyAddress } from '../secrets/types.ts';
import { isKeychainUnavailable, type AppContext } from './context.ts';
import { envKey, recordVerdict, storedKeyAccount, verifyAccountKey } from '../secrets/accounts.ts';
import type { KeyVerdict } from '../secrets/verify.ts';

type KeyChannel = 'keys:set' | 'keys:remove' | 'keys:verify';
type KeyHandlers = { [C in KeyChannel]: (req: RequestOf<C>) => Promise<InvokeChannels[C][1]> };

const id = (provider: Provider, account: string): string => `${provider}:${account}`;


/** Every account the app knows: keychain, session and environment keys, and stored metadata without a key. */
export async function listAccounts(ctx: AppContext): Promise<AccountView[]> {
  const metas = new Map(ctx.store.listAccounts().map((m) => [id(m.provider, m.account), m]));
  const views = new Map<string, AccountView>();
  const add = ({ provider, account }: KeyAddress, source: AccountView['source'], hasKey: boolean, masked?: string): void => {
    const meta = metas.get(id(provider, account));
    views.set(id(provider, account), {
      provider,
      account,
      hasKey,
      masked: masked ?? meta?.maskedKey ?? null,
      verified: meta?.verified ?? 'unverified',
      checkedAt: meta?.checkedAt ?? null,
      source,
      baseUrl: meta?.baseUrl ?? null,
      budgetPerMinute: meta?.budgetPerMinute ?? null,
    });
  };
  // While the keychain's start-up probe is out, the list goes without it (the window must not wait
  // on a locked keyring); the service refreshes the accounts when the keychain answers.
  try {
    if (!ctx.state.keychainPending) for (const address of await ctx.secrets.list()) add(address, 'keychain', true);
  } catch (err) {
    if (!isKeychainUnavailable(err)) throw err;
    ctx.state.keychainProblem ??= err.toInfo();
  }
  // Session keys win over the keychain for the same account, as they do in lookups (resolveKeys).
  for (const address of await ctx.session.list()) add(address, 'session', true);
  for (const provider of PROVIDERS) {
    const key = envKey(ctx.env, provider);
    if (key) add({ provider, account: ENV_ACCOUNT }, 'env', true, maskKey(key));
  }
  for (const meta of metas.values()) if (!views.has(id(meta.provider, meta.account))) add(meta, 'keychain', false);
  return [...views.values()].sort((a, b) =>
    a.provider !== b.provider ? (a.provider < b.provider ? -1 : 1) : compareAccounts(a.account, b.account),
  );
}

/** Re-reads the accounts and tells the renderer when the list changed. */
export async function refreshAccounts(ctx: AppContext): Promise<AccountView[]> {
  const next = await listAccounts(ctx);
  if (JSON.stringify(next) !== JSON.stringify(ctx.state.accounts)) {
    ctx.state.accounts = next;
    ctx.events.emit('accounts', next);
  }
  return next;
}

/** Keys changed: lookups resolve them again, and the key problems of that provider are gone until proven otherwise. */
export function keysChanged(ctx: AppContext, provider: Provider): void {
  ctx.engine.keysChanged();
  ctx.problems.clear((p) => p.provider === provider && p.error.kind !== 'rate_limited');
}

/**
 * Makes sure the account's key may go to `url`: approved already, or the user says yes now in
 * main's native dialog (issue 16). Throws when the user declines (`unchanged` names what was left
 * as it was); the env account is never asked. Returns whether the host was approved just now.
 */
export async function ensureKeyHost(ctx: AppContext, address: KeyAddress, url: string, unchanged?: string): Promise<boolean> {
  if (isKeyHostApproved(ctx.store, ctx.env, address, url)) return false;
  if (address.account === ENV_ACCOUNT) throw unapprovedHostError(address, url);
  const request = { provider: address.provider, account: address.account, host: keyOrigin(url) };
  // Anything but an explicit yes (a closed dialog, a failure) is a no.
  const yes = await ctx.confirmKeyHost(request).then((answer) => answer === true, () => false);
  if (!yes) throw declinedHostError(address, url, unchanged);
  approveKeyHost(ctx.store, ctx.env, address, url);
  return true;
}

/**
 * Asks the provider (at the account's base URL) about `key` and records the verdict with the masked
 * key. Refuses, sending nothing, when the key is not approved for that host (see ensureKeyHost).
 */
export async function verifyAndRecord(ctx: AppContext, address: KeyAddress, key: string): Promise<KeyVerdict> {
  const verdict = await verifyAccountKey(ctx.store, ctx.env, address, key, {
    baseUrl: ctx.baseUrlFor(address.provider, address.account),
    timeoutMs: ctx.verifyTimeoutMs,
    now: () => ctx.clock.now(),
    ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
  });
  recordVerdict(ctx.store, address, key, verdict);
  return verdict;
}

/** The account's key from wherever lookups would take it (session, keychain, environment), or null. */
export async function findKey(ctx: AppContext, address: KeyAddress): Promise<string | null> {
  if (address.account === ENV_ACCOUNT) return envKey(ctx.env, address.provider);
  const key = await ctx.session.get(address);
  if (key !== null) return key;
  try {
    return await ctx.secrets.get(address);
  } catch (err) {
    if (!isKeychainUnavailable(err)) throw err;
    return null;
  }
}

/** The account as the renderer sees it, after re-reading the list (which pushes 'accounts' if it changed). */
export async function viewOf(ctx: AppContext, { provider, account }: KeyAddress): Promise<AccountView> {
  const view = (await refreshAccounts(ctx)).find((a) => a.provider === provider && a.account === account);
  if (!view) throw new PaymonError('internal', `The ${PROVIDER_LABELS[provider]} account "${account}" vanished while it was saved.`);
  return view;
}

/** The key handlers bound to `ctx`. */
export function keyHandlers(ctx: AppContext): KeyHandlers {
  return {
    async 'keys:set'(req) {
      const address = { provider: req.provider, account: storedKeyAccount(req.account) };
      if (address.account === ctx.state.demoAccount) {
        throw new PaymonError('invalid_input', `"${address.account}" is the demo's account while the demo runs; choose another account name.`);
      }
      const key = normalizeApiKey(req.provider, req.key);
      let inKeychain = req.sessionOnly !== true;
      if (inKeychain) {
        try {
          await ctx.secrets.set(address, key);
          // A session key would shadow the new keychain key (session wins in resolveKeys).
          await ctx.session.delete(address);
        } catch (err) {
          if (!isKeychainUnavailable(err)) throw err;
          ctx.state.keychainProblem ??= err.toInfo();
          inKeychain = false;
        }
      }
      if (!inKeychain) await ctx.session.set(address, key);
      // Entering a key while the account has its base URL is the user's approval of that host.
      approveKeyHost(ctx.store, ctx.env, address, ctx.baseUrlFor(address.provider, address.account));
      await verifyAndRecord(ctx, address, key);
      keysChanged(ctx, address.provider);
      return viewOf(ctx, address);
    },

    async 'keys:remove'(req) {
      const address = { provider: req.provider, account: validateAccountName(req.account) };
      if (address.account === ENV_ACCOUNT) {
        throw new PaymonError('invalid_input', `This key comes from ${ENV_KEYS[req.provider]}; unset it and restart Paymon.`);
      }
      const inSession = await ctx.session.delete(address);
      try {
        await ctx.secrets.delete(address);
      } catch (err) {
        // Without a keychain there is nothing there to delete; say so only if nothing was removed at all.
        if (!isKeychainUnavailable(err) || (!inSession && ctx.state.keychainProblem === null)) throw err;
      }
      ctx.store.removeAccount(address.provider, address.account);
      forgetKeyHosts(ctx.store, address);
      keysChanged(ctx, address.provider);
      await refreshAccounts(ctx);
    },

    async 'keys:verify'(req) {
      const address = { provider: req.provider, account: validateAccountName(req.account) };
      const key = await findKey(ctx, address);
      if (key === null) throw new PaymonError('no_key', `There is no ${PROVIDER_LABELS[req.provider]} key for the account "${address.account}".`);
      await ensureKeyHost(ctx, address, ctx.baseUrlFor(address.provider, address.account));
      // An accepted key resumes an account the engine paused after a rejection.
      if ((await verifyAndRecord(ctx, address, key)).verified === 'accepted') keysChanged(ctx, req.provider);
      return viewOf(ctx, address);
    },
  };
}
