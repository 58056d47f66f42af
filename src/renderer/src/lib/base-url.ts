/**
 * The UI's check of an account's base URL: https, or http on a loopback host (a local
 * simulator). Main checks again for real; this only gives the user the reason early.
 */

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Why `raw` is not an acceptable base URL, or null when it is (an empty value means "the default"). */
export function baseUrlProblem(raw: string): string | null {
  const text = raw.trim();
  if (text === '') return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Not a URL. Enter a full address, e.g. https://api.example.com.';
  }
  if (url.username !== '' || url.password !== '') return 'The URL must not contain a user name or password.';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return null;
  return 'Use https (plain http is allowed only for localhost / 127.0.0.1).';
}

/** Why `raw` is not a polling budget, or null when it is fine (empty means "the default"). */
export function budgetProblem(raw: string): string | null {
  const text = raw.trim();
  if (text === '') return null;
  if (!/^\d+$/.test(text)) return 'Enter a whole number of requests per minute.';
  const n = Number(text);
  return n >= 1 && n <= 6000 ? null : 'Choose between 1 and 6000 requests per minute.';
}
