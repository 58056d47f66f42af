/**
 * The rules about accounts that main, the CLI and the renderer all apply (issue 12: each rule once):
 * what an account name may be, the account reserved for the environment's key, and the range of a
 * polling budget. The sentences are the core's; the renderer shows the same ones before main checks.
 */

/** The account name used when the user names none. */
export const DEFAULT_ACCOUNT = 'default';

/** The account whose key comes from CARD2CRYPTO_API_KEY / PAYCRYPT_API_KEY; no stored key may use it. */
export const ENV_ACCOUNT = 'env';

/** Longest account name. */
export const ACCOUNT_NAME_MAX = 64;

/** Names users give a shop's account: letters, digits, space, `.`, `_`, `-`. No `:`, which separates fields in keychain entries. */
const ACCOUNT_NAME = new RegExp(`^[\\p{L}\\p{N} ._-]{1,${ACCOUNT_NAME_MAX}}$`, 'u');

/** Why `name` cannot be an account name, or null when it can. */
export function accountNameFault(name: string): string | null {
  if (!ACCOUNT_NAME.test(name)) return `An account name is 1 to ${ACCOUNT_NAME_MAX} letters, digits, spaces, dots, underscores or dashes.`;
  // Leading or trailing spaces would make two accounts look identical in every list.
  if (name.trim() !== name) return 'An account name must not start or end with a space.';
  return null;
}

/** The polling budget a user may set for an account, in requests per minute. */
export const BUDGET_PER_MINUTE = { min: 1, max: 6000 } as const;

/** The polling budget of an account the user set none for: the engine's pace, and the app's estimates. */
export const DEFAULT_BUDGET_PER_MINUTE = 60;

/** Whether `n` is a budget a user may set. */
export function isBudgetPerMinute(n: number): boolean {
  return Number.isInteger(n) && n >= BUDGET_PER_MINUTE.min && n <= BUDGET_PER_MINUTE.max;
}
