/**
 * The UI's hints for an account's advanced settings. The rules are the core's own, from
 * src/shared (base-URL rule, budget range); main checks again for real, this only gives the user
 * the reason early.
 */
import { BUDGET_PER_MINUTE } from '../../../shared/accounts.ts';
import { checkBaseUrl } from '../../../shared/base-url.ts';

/** Why `raw` is not an acceptable base URL, or null when it is (an empty value means "the default"). */
export function baseUrlProblem(raw: string): string | null {
  if (raw.trim() === '') return null;
  const checked = checkBaseUrl(raw);
  if (checked.ok) return null;
  switch (checked.fault.kind) {
    case 'not-a-url':
      return 'Not a URL. Enter a full address, e.g. https://api.example.com.';
    case 'credentials':
      return 'The URL must not contain a user name or password.';
    case 'plain-http':
    case 'scheme':
      return 'Use https (plain http is allowed only for localhost / 127.0.0.1).';
    case 'query':
      return 'The URL must not contain a query (?) or fragment (#).';
  }
}

/** Why `raw` is not a polling budget, or null when it is fine (empty means "the default"). */
export function budgetProblem(raw: string): string | null {
  const text = raw.trim();
  if (text === '') return null;
  if (!/^\d+$/.test(text)) return 'Enter a whole number of requests per minute.';
  const n = Number(text);
  const { min, max } = BUDGET_PER_MINUTE;
  return n >= min && n <= max ? null : `Choose between ${min} and ${max} requests per minute.`;
}
