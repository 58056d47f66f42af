/** Words for the keys screen: how each verification state reads and what to do about it. Pure. */
import { accountNameFault, ENV_ACCOUNT } from '../../../../shared/accounts.ts';
import type { AccountView } from '../../../../shared/ipc.ts';
import { byProvider } from '../../../../shared/providers/index.ts';
import { PROVIDER_LABELS, type Provider } from '../../../../shared/payment.ts';

/** The environment variable each provider's key may come from (its spec, as the core reads it). */
export const ENV_VARS: Readonly<Record<Provider, string>> = byProvider((s) => s.env.apiKey);

/** Where each provider's dashboard keeps keys, for the "how to fix it" text. */
const DASHBOARD: Record<Provider, string> = {
  card2crypto: 'the Card2Crypto dashboard (Settings → API keys)',
  paycrypt: 'the PayCrypt merchant dashboard (Developers → API keys)',
};

/** A badge word and a sentence for an account's verification state. */
export function verificationText(a: AccountView): { word: string; tone: 'success' | 'danger' | 'neutral'; help: string } {
  const name = PROVIDER_LABELS[a.provider];
  switch (a.verified) {
    case 'accepted':
      return { word: 'Accepted', tone: 'success', help: `${name} accepted this key.` };
    case 'rejected':
      return {
        word: 'Rejected',
        tone: 'danger',
        help:
          a.source === 'env'
            ? `${name} rejected this key: it was revoked or mistyped. Payments of this account are not being checked. Put a current key from ${DASHBOARD[a.provider]} in ${ENV_VARS[a.provider]} and restart Paymon.`
            : `${name} rejected this key: it was revoked or mistyped. Payments of this account are not being checked. Copy a current key from ${DASHBOARD[a.provider]}, paste it under “Replace key” and save.`,
      };
    default:
      return { word: 'Not verified', tone: 'neutral', help: `Not checked with ${name} yet (or ${name} could not be reached). Press Verify to check it now.` };
  }
}

/**
 * Where the key lives, in words. A rejected key is not "saved" as if it were good: it stays where it
 * is until replaced or removed, so the masked key shows which one the provider refused.
 */
export function sourceText(a: AccountView): string {
  if (a.source === 'env') return `From the environment variable ${ENV_VARS[a.provider]}`;
  if (a.verified === 'rejected') {
    const where = a.source === 'session' ? 'in memory for this session' : 'in the system keychain';
    return `Still ${where}, unused: ${PROVIDER_LABELS[a.provider]} rejected it. It is kept so you can see which key failed; replace or remove it`;
  }
  if (a.source === 'session') return 'Kept for this session only (forgotten when Paymon quits)';
  return 'Saved in the system keychain';
}

/** Why `name` is not a usable account name, or null. Main checks the same rule (src/shared/accounts.ts). */
export function accountNameProblem(name: string, taken: readonly string[]): string | null {
  const fault = accountNameFault(name);
  if (fault !== null) return fault;
  if (name === ENV_ACCOUNT) return '“env” is reserved for the key from the environment variable.';
  if (taken.includes(name)) return 'There is already an account with this name; replace its key instead.';
  return null;
}
