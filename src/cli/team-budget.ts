/**
 * `paymon check` in team mode (issue 15): lookups wait for a token from the account's shared
 * budget, so a one-shot check does not spend what the team's watchers rely on. When the team
 * database cannot be reached the check says so and goes ahead on its own.
 */
import { toErrorInfo } from '../shared/errors.ts';
import type { PaymentRef } from '../shared/refs.ts';
import type { PaymentLookup } from '../core/lookup.ts';
import { agentName } from '../core/team/agent.ts';
import { SharedBudgets } from '../core/team/budget.ts';
import { openTeamStore } from '../core/team/connect.ts';
import { line, type CliIO } from './io.ts';

/** A hook to run before each lookup, and the closing of the connection; null outside team mode. */
export async function teamBudget(
  io: CliIO,
  lookup: PaymentLookup,
): Promise<{ before: (ref: PaymentRef) => Promise<void>; close: () => Promise<void> } | null> {
  const url = io.env.PAYMON_DATABASE_URL?.trim();
  if (!url) return null;
  try {
    const store = await openTeamStore(url, { agent: agentName(io.env), poolSize: 2 });
    const budgets = new SharedBudgets(store);
    return {
      async before(ref) {
        const account = (await lookup.accounts(ref.provider).catch(() => []))[0];
        if (account === undefined) return;
        try {
          await budgets.takeWhenReady(`${ref.provider}:${account}`);
        } catch {
          // The database went away mid-check: carry on without the shared budget.
        }
      },
      close: () => store.close(),
    };
  } catch (err) {
    io.stderr.write(line`paymon: checking without the team's shared budget: ${toErrorInfo(err).message}\n`);
    return null;
  }
}
