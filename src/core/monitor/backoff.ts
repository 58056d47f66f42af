/** Retry spacing for failed checks (issue 4). */

/** A payment answering 404 is asked again after these delays, then marked not found. */
export const NOT_FOUND_RETRIES_MS = [15_000, 60_000, 5 * 60_000];

const BASE_MS = 2_000;
const CAP_MS = 15 * 60_000;

/**
 * "Full jitter" exponential backoff: a random delay between 0 and base*2^n (capped),
 * so many payments failing at once do not retry in lockstep.
 */
export function fullJitter(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** Math.min(failures, 20));
  return Math.floor(random() * ceiling);
}
