/**
 * How old a final payment gets before it leaves the active schedule (issue 11: "final payments older
 * than a configurable age are archived"; still listed, searchable and exported). Days, from
 * `paymon watch --archive-after DAYS` or the PAYMON_ARCHIVE_AFTER_DAYS environment variable (the
 * app reads it too); 30 by default (DEFAULT_POLICY).
 */
import { DEFAULT_POLICY, type PolicyOptions } from './policy.ts';

/** The environment variable that sets the archive age, in days. */
export const ARCHIVE_AFTER_ENV = 'PAYMON_ARCHIVE_AFTER_DAYS';
/** Accepted archive ages, days: a day at least (refunds come in the first days), ten years at most. */
export const ARCHIVE_AFTER_DAYS = { min: 1, max: 3650 } as const;

const DAY_MS = 86_400_000;

/** The archive age in ms that `text` (days, whole or decimal) asks for; throws a readable Error when it is not one. */
export function parseArchiveAfterDays(text: string, source: string): number {
  const days = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(days) || days < ARCHIVE_AFTER_DAYS.min || days > ARCHIVE_AFTER_DAYS.max) {
    throw new Error(`${source} takes a number of days from ${ARCHIVE_AFTER_DAYS.min} to ${ARCHIVE_AFTER_DAYS.max}, got "${text.slice(0, 40)}"`);
  }
  return Math.round(days * DAY_MS);
}

/**
 * The policy with the archive age asked for: `flag` (the CLI's) wins over the environment; the
 * default policy when neither is set. Throws on a malformed value (nothing is changed then).
 */
export function archivePolicy(env: Readonly<Record<string, string | undefined>>, flag?: string, base: PolicyOptions = DEFAULT_POLICY): PolicyOptions {
  if (flag !== undefined) return { ...base, archiveAfterMs: parseArchiveAfterDays(flag, '--archive-after') };
  const fromEnv = env[ARCHIVE_AFTER_ENV];
  if (fromEnv === undefined || fromEnv === '') return base;
  return { ...base, archiveAfterMs: parseArchiveAfterDays(fromEnv, ARCHIVE_AFTER_ENV) };
}
