/**
 * `paymon watch` in team mode (issue 15): the payments join the team's watchlist in PostgreSQL;
 * this agent polls its share of them under leases and the account's shared budget, prints every
 * status whoever's request saw it, and claims each alert once in its own ledger. Ends, as alone,
 * when every payment is final.
 */
import { toErrorInfo, type ErrorInfo } from '../shared/errors.ts';
import { PROVIDER_LABELS } from '../shared/payment.ts';
import { refKey } from '../shared/refs.ts';
import { PaymentLookup } from '../core/lookup.ts';
import type { PolicyOptions } from '../core/monitor/policy.ts';
import type { SecretStore } from '../core/secrets/types.ts';
import { noKeyError } from '../core/secrets/key-source.ts';
import { dataDir } from '../core/data-dir.ts';
import { agentName } from '../core/team/agent.ts';
import { isUnreachableError } from '../core/team/pg-errors.ts';
import { flushQueue, queueAdds } from '../core/team/queue.ts';
import { TeamAnnouncer } from '../core/team/announcer.ts';
import { SharedBudgets } from '../core/team/budget.ts';
import { ChangeFeed } from '../core/team/changes.ts';
import { openTeamStore } from '../core/team/connect.ts';
import { Leases } from '../core/team/leases.ts';
import type { TeamStore } from '../core/team/pg-store.ts';
import { TeamPoller, type PollerEvent } from '../core/team/poller.ts';
import { line, type CliIO } from './io.ts';
import type { Input } from './inputs.ts';
import type { WatchOutput } from './watch.ts';

/** What runWatch hands over after parsing. */
export interface TeamWatchArgs {
  url: string;
  inputs: Input[];
  out: WatchOutput;
  timeoutSeconds: number | undefined;
  policy: PolicyOptions;
  notFoundRetriesMs: readonly number[];
}

/** An existing payment someone checked this recently is not asked again just because it was re-added. */
const FRESH_ENOUGH_SECONDS = 5;

/** Runs the team watch; resolves with the exit code. */
export async function runTeamWatch(a: TeamWatchArgs, io: CliIO, secrets: SecretStore): Promise<number> {
  const agent = agentName(io.env);
  const dir = dataDir(io.env);
  let store: TeamStore;
  try {
    store = await openTeamStore(a.url, { agent });
  } catch (err) {
    io.stderr.write(line`paymon: ${toErrorInfo(err).message}\n`);
    const refs = a.inputs.flatMap((i) => (i.ref ? [i.ref] : []));
    if (isUnreachableError(err) && refs.length > 0) {
      // Never lose an added payment: it joins the team's watchlist when the database is back.
      const file = queueAdds(dir, refs);
      io.stderr.write(line`paymon: ${refs.length} payment(s) were queued in ${file} and will be added to the team's watchlist the next time Paymon reaches the database.\n`);
    }
    return 1;
  }
  try {
    const added = await flushQueue(dir, store);
    if (added > 0) a.out.note(`added ${added} payment(s) queued while the team database was unreachable`);
  } catch (err) {
    a.out.note(`queued payments stay queued: ${toErrorInfo(err).message}`);
  }
  const open = new Map<string, string>();
  let failed = 0;
  for (const item of a.inputs) {
    if (item.ref) open.set(refKey(item.ref), item.input);
    else {
      failed++;
      a.out.error(item.input, item.error!);
    }
  }
  const keys = [...open.keys()];
  const leases = new Leases(store);
  const poller = new TeamPoller({
    store,
    leases,
    budgets: new SharedBudgets(store),
    lookup: new PaymentLookup({ env: io.env, secrets }),
    keys,
    policy: a.policy,
    notFoundRetriesMs: a.notFoundRetriesMs,
    onEvent: (e) => onPollerEvent(e),
  });
  const announcer = new TeamAnnouncer(store);
  const lastPrinted = new Map<string, string>();
  let finish: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (finish = resolve));
  let dbDown = false;

  const give = (key: string, error: ErrorInfo): void => {
    const input = open.get(key);
    if (input === undefined) return;
    open.delete(key);
    failed++;
    a.out.error(input, error);
  };
  const finishIfDone = (): void => {
    if (open.size === 0) finish(failed > 0 ? 1 : 0);
  };
  function onPollerEvent(e: PollerEvent): void {
    if (e.type === 'payment-error' && e.gaveUp) give(e.key, e.error);
    else if (e.type === 'account-problem') {
      if (e.error.kind === 'rate_limited') a.out.note(`${PROVIDER_LABELS[e.provider]} is rate limiting; the team waits ${e.error.retryAfterSeconds ?? '?'} s`);
      else for (const key of [...open.keys()]) if (key.startsWith(`${e.provider}:`)) give(key, e.error);
    } else if (e.type === 'database-problem' && !dbDown) {
      dbDown = true;
      a.out.note(`the team database is unreachable; retrying (${e.error.message})`);
    } else if (e.type === 'checked') {
      dbDown = false;
      // Our own check: print at once rather than waiting for the change feed.
      void refresh([e.key]);
    }
    finishIfDone();
  }

  // Prints what changed on our payments, whoever's request saw it. Serialised: one read at a time.
  let reading = Promise.resolve();
  const refresh = (which: readonly string[]): Promise<void> =>
    (reading = reading.then(async () => {
      const wanted = which.filter((k) => open.has(k));
      if (wanted.length === 0) return;
      try {
        for (const row of await store.watchesByKey(wanted)) {
          if (!open.has(row.key)) continue;
          const payment = row.payment;
          const alerts = a.out.alerts ? await announcer.newAlerts(row) : [];
          if (payment && lastPrinted.get(row.key) !== payment.status) {
            a.out.status(payment, row.lastCheckedAt ?? new Date().toISOString(), lastPrinted.get(row.key) ?? null, (await store.statusSeenBy(row.key)).at(-1)?.seenBy ?? null);
            lastPrinted.set(row.key, payment.status);
          }
          for (const alert of alerts) a.out.teamAlert(alert);
          if (payment?.final) open.delete(row.key);
          // A teammate's checks gave up on it (the provider does not know it): so do we.
          else if (row.lastError?.kind === 'not_found' && row.notFoundCount > a.notFoundRetriesMs.length) give(row.key, row.lastError);
        }
      } catch (err) {
        if (!dbDown) a.out.note(`could not read the team watchlist; retrying (${toErrorInfo(err).message})`);
        dbDown = true;
      }
      finishIfDone();
    }));

  const feed = new ChangeFeed(store, {
    pollMs: 1_000,
    onChange: (batch) => {
      const touched = [...new Set(batch.map((c) => c.key))].filter((k) => open.has(k));
      // A hint (`paymon ingest`): the payment is due now; the status printed next is the provider's answer.
      const hinted = [...new Set(batch.filter((c) => c.what === 'hint' && open.has(c.key)).map((c) => c.key))];
      if (hinted.length > 0) a.out.hint(hinted, batch.find((c) => c.what === 'hint')!.at);
      if (touched.length > 0) void refresh(touched);
      poller.poke();
    },
  });

  let timer: NodeJS.Timeout | undefined;
  try {
    for (const item of a.inputs) if (item.ref) await store.addWatch(item.ref);
    // Whoever adds a payment wants a fresh answer, unless a teammate's check just gave one.
    await store.query(
      `UPDATE watches SET due_at = now() WHERE key = ANY($1) AND final = 0
         AND (last_checked_at IS NULL OR last_checked_at::timestamptz < now() - make_interval(secs => $2))`,
      [keys, FRESH_ENOUGH_SECONDS],
    );
    await feed.start();
    await poller.start();
    for (const key of keys) {
      const provider = key.slice(0, key.indexOf(':'));
      if (!poller.providers.includes(provider as never)) give(key, noKeyError(provider as never).toInfo());
    }
    await refresh(keys);
    finishIfDone();
    if (a.timeoutSeconds !== undefined) {
      timer = setTimeout(() => {
        a.out.note(`timed out after ${a.timeoutSeconds} s with ${open.size} payment(s) not final`);
        finish(3);
      }, a.timeoutSeconds * 1000);
    }
    return await done;
  } catch (err) {
    io.stderr.write(line`paymon: ${toErrorInfo(err).message}\n`);
    return 1;
  } finally {
    clearTimeout(timer);
    await poller.stop();
    await feed.stop();
    await reading;
    await store.close();
  }
}
