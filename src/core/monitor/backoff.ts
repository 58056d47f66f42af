/** Retry spacing for failed checks (issues 4 and 11). */

/** A payment answering 404 is asked again after these delays, then marked not found. */
export const NOT_FOUND_RETRIES_MS = [15_000, 60_000, 5 * 60_000];

const BASE_MS = 2_000;
const CAP_MS = 15 * 60_000;

/**
 * Exponential backoff with "equal jitter": a random delay between half and all of base*2^n
 * (capped), so many payments failing at once do not retry in lockstep, and a failing payment
 * never retries at once (full jitter could draw 0 ms and take the next token again; issue 11).
 */
export function fullJitter(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** Math.min(Math.max(failures, 1), 20));
  return Math.floor(ceiling / 2 + (random() * ceiling) / 2);
}
