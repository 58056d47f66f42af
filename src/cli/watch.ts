/**
 * `paymon watch`: follow payments through the real engine and store until each is final (issue 4).
 * paymon watch [--json] [--timeout SECONDS] [--order ORDER_ID]... [REF... | -]
 */
import { parseArgs } from 'node:util';
import { isWatchAlertKind, KIND_LABELS } from '../shared/alert-history.ts';
import type { ErrorInfo } from '../shared/errors.ts';
import { PROVIDER_LABELS, type Payment } from '../shared/payment.ts';
import { formatAmount } from '../shared/format.ts';
import { refKey } from '../shared/refs.ts';
import { dataDir } from '../core/data-dir.ts';
import { PaymentLookup } from '../core/lookup.ts';
import { archivePolicy } from '../core/monitor/archive-age.ts';
import { Engine, type EngineEvent } from '../core/monitor/engine.ts';
import type { PolicyOptions } from '../core/monitor/policy.ts';
import type { SecretStore } from '../core/secrets/types.ts';
import { openStore } from '../core/store/index.ts';
import type { TeamAlert } from '../core/team/announcer.ts';
import { line, UsageError, writeJsonLine, type CliIO } from './io.ts';
import { collectInputs, type Input } from './inputs.ts';
import { runTeamWatch } from './watch-team.ts';

/** Usage text for `paymon watch`. */
export const WATCH_USAGE = `Usage: paymon watch [--json] [--alerts] [--timeout SECONDS] [--archive-after DAYS] [--order ORDER_ID]... [REF... | -]

Watches payments until every one is final, printing each status as it is seen.
  REF                 a payment ID: pay_… (Card2Crypto) or a UUID (PayCrypt)
  -                   read pasted text from standard input and watch every payment ID in it
  --order ORDER_ID    a PayCrypt order ID (repeatable)
  --timeout SECONDS   give up after this long
  --json              one JSON line per observed status, per alert and per failure
  --alerts            also print each alert as the app announces it (a final status, a reopening,
                      a payment pending too long or about to expire, stalled confirmations, and the
                      deposit milestones if switched on; these with their kind in brackets), with
                      the rule that decided it and whether it would raise a desktop notification
  --archive-after DAYS  final payments older than this leave the schedule (default 30, or
                      the PAYMON_ARCHIVE_AFTER_DAYS environment variable)

A hint that "paymon ingest" records on the same database (a webhook body) checks a watched payment at once;
only the provider's answer is printed.

With PAYMON_DATABASE_URL=postgres://… the watch joins the team's shared watchlist: one agent polls
each payment, one budget per provider account, alerts once per agent (PAYMON_AGENT names you).

Exit status: 0 all final, 1 some could not be watched, 2 usage error, 3 timeout.`;

/** Someone at a terminal waits for the answer: a 404 is asked again sooner than in the app. */
const CLI_NOT_FOUND_RETRIES_MS = [2_000, 5_000, 10_000];

/** Runs `paymon watch`; resolves with the exit code. */
export async function runWatch(args: string[], io: CliIO, secrets: SecretStore): Promise<number> {
  const { values, tokens } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      alerts: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      'archive-after': { type: 'string' },
      order: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
    tokens: true,
  });
  if (values.help) {
    io.stdout.write(`${WATCH_USAGE}\n`);
    return 0;
  }
  const timeoutSeconds = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutSeconds !== undefined && !(Number.isFinite(timeoutSeconds) && timeoutSeconds > 0)) {
    throw new UsageError('--timeout takes a number of seconds greater than 0');
  }
  let policy: PolicyOptions;
  try {
    policy = archivePolicy(io.env, values['archive-after']);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const inputs = await collectInputs(tokens, undefined, io);
  if (inputs.length === 0) throw new UsageError('nothing to watch: give payment IDs, --order, or - to read standard input');
  // JSON readers get alert events beside status events; a person asks for them with --alerts.
  const out = new WatchOutput(io, values.json, values.alerts || values.json);
  // Team mode (issue 15): the watchlist, leases and budgets live in the team's PostgreSQL.
  const teamUrl = io.env.PAYMON_DATABASE_URL?.trim();
  if (teamUrl) return runTeamWatch({ url: teamUrl, inputs, out, timeoutSeconds, policy, notFoundRetriesMs: CLI_NOT_FOUND_RETRIES_MS }, io, secrets);

  const { store, notices } = openStore(dataDir(io.env));
  for (const notice of notices) io.stderr.write(line`paymon: ${notice}\n`);
  // Someone at a terminal waits for the answer: a 404 is asked again sooner than in the app.
  // Hints from `paymon ingest` on the same database (issue 15) check this watch's payments at once.
  const engine = new Engine({ store, lookup: new PaymentLookup({ env: io.env, secrets }), policy, notFoundRetriesMs: CLI_NOT_FOUND_RETRIES_MS, hints: store.hints });
  try {
    return await watchUntilDone(engine, store, inputs, out, timeoutSeconds);
  } finally {
    engine.stop();
    await engine.scheduler.whenIdle();
    store.close();
  }
}

/** Prints statuses and failures, once each. */
export class WatchOutput {
  readonly #io: CliIO;
  readonly #json: boolean;
  /** Whether alerts are printed (`--alerts`). */
  readonly alerts: boolean;

  constructor(io: CliIO, json: boolean, alerts: boolean) {
    this.#io = io;
    this.#json = json;
    this.alerts = alerts;
  }

  /**
   * An alert as the app records it (the engine decided it once, in the store, with the same rules
   * and quiet hours the app applies): its words, the rule, and whether the app would notify.
   */
  alert(e: Extract<EngineEvent, { type: 'notify' }>): void {
    const { id, title, body, rule, decision, sound } = e.alert;
    if (this.#json) {
      return writeJsonLine(this.#io.stdout, {
        event: 'alert', id, at: e.at, key: e.key, kind: e.kind, from: e.from, to: e.to, after: e.after, title, body, rule, decision, sound,
      });
    }
    const why = decision === 'desktop' ? '' : ` (${decision}${rule ? `: ${rule.name}` : ''})`;
    // A watch alert says what it is, since its status line (pending) does not: "ALERT [stuck pending] …".
    const what = isWatchAlertKind(e.kind) ? `[${KIND_LABELS[e.kind]}] ` : '';
    this.#io.stdout.write(line`${e.at}  ALERT ${what}${title} · ${body}${why}\n`);
  }

  /** A team alert (issue 15): claimed in this agent's ledger, whoever's request saw the change. */
  teamAlert(a: TeamAlert): void {
    if (this.#json) {
      const { key, at, kind, from, to, after, title, body, seenBy } = a;
      return writeJsonLine(this.#io.stdout, { event: 'alert', at, key, kind, from, to, after, title, body, seenBy });
    }
    this.#io.stdout.write(line`${a.at}  ALERT ${a.title} · ${a.body} (seen by ${a.seenBy})\n`);
  }

  /** A status; `seenBy` names the team agent whose request saw it (team mode only). */
  status(payment: Payment, at: string, from: string | null, seenBy?: string | null): void {
    if (this.#json) return writeJsonLine(this.#io.stdout, { event: 'status', at, payment, ...(seenBy ? { seenBy } : {}) });
    const change = from && from !== payment.status ? `${from} -> ${payment.status}` : payment.status;
    const final = payment.final ? ' (final)' : '';
    const label = PROVIDER_LABELS[payment.provider];
    this.#io.stdout.write(line`${at}  ${label} ${payment.id}  ${change}${final}  ${formatAmount(payment.amountMinor, payment.currency)}\n`);
  }

  error(input: string, error: ErrorInfo): void {
    if (this.#json) return writeJsonLine(this.#io.stdout, { event: 'error', input, error });
    this.#io.stdout.write(line`${new Date().toISOString()}  ${input}  ERROR ${error.kind}: ${error.message}\n`);
  }

  /** Hints taken (`paymon ingest`): these payments are checked now; the next status line is the provider's answer. */
  hint(keys: readonly string[], at: string): void {
    if (this.#json) return writeJsonLine(this.#io.stdout, { event: 'hint', at, keys });
    this.#io.stderr.write(line`paymon: hint received, checking ${keys.length} payment(s) now\n`);
  }

  note(text: string): void {
    if (!this.#json) this.#io.stderr.write(line`paymon: ${text}\n`);
  }
}

async function watchUntilDone(
  engine: Engine,
  store: ReturnType<typeof openStore>['store'],
  inputs: Input[],
  out: WatchOutput,
  timeoutSeconds: number | undefined,
): Promise<number> {
  const open = new Map<string, string>();
  const lastPrinted = new Map<string, string>();
  // An alert comes before the 'payment-updated' that prints its status; it is printed after it.
  const alerts = new Map<string, Extract<EngineEvent, { type: 'notify' }>[]>();
  let failed = 0;
  for (const item of inputs) {
    if (item.ref) open.set(refKey(item.ref), item.input);
    else {
      failed++;
      out.error(item.input, item.error!);
    }
  }

  return new Promise<number>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const finishIfDone = (): void => {
      if (open.size > 0) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(failed > 0 ? 1 : 0);
    };
    const give = (key: string, error: ErrorInfo): void => {
      const input = open.get(key);
      if (input === undefined) return;
      open.delete(key);
      failed++;
      out.error(input, error);
    };
    const onEvent = (e: EngineEvent): void => {
      if (e.type === 'payment-updated' && open.has(e.key)) {
        const row = store.getWatch(e.key);
        const payment = row?.payment;
        if (payment && lastPrinted.get(e.key) !== payment.status) {
          out.status(payment, row.lastCheckedAt ?? new Date().toISOString(), lastPrinted.get(e.key) ?? null);
          lastPrinted.set(e.key, payment.status);
        }
        for (const alert of alerts.get(e.key) ?? []) out.alert(alert);
        alerts.delete(e.key);
        if (payment?.final) open.delete(e.key);
      } else if (e.type === 'hinted') {
        const mine = e.keys.filter((key) => open.has(key));
        if (mine.length > 0) out.hint(mine, e.at);
      } else if (e.type === 'notify' && out.alerts && open.has(e.key)) {
        // A watch alert about a status already printed (stuck, expiring: a timer, no answer) goes out now.
        if (e.from === e.to && lastPrinted.get(e.key) === e.to) out.alert(e);
        else alerts.set(e.key, [...(alerts.get(e.key) ?? []), e]);
      } else if (e.type === 'payment-error' && e.gaveUp) {
        give(e.key, e.error);
      } else if (e.type === 'account-problem') {
        if (e.error.kind === 'rate_limited') {
          out.note(`${PROVIDER_LABELS[e.provider]} is rate limiting; waiting ${e.error.retryAfterSeconds ?? '?'} s`);
        } else {
          // The key is missing or rejected: nothing of this provider can be watched.
          for (const key of [...open.keys()]) if (key.startsWith(`${e.provider}:`)) give(key, e.error);
        }
      }
      finishIfDone();
    };
    const unsubscribe = engine.on(onEvent);
    if (timeoutSeconds !== undefined) {
      timer = setTimeout(() => {
        unsubscribe();
        out.note(`timed out after ${timeoutSeconds} s with ${open.size} payment(s) not final`);
        resolve(3);
      }, timeoutSeconds * 1000);
    }
    void engine.start({ loadWatchlist: false }).then(() => {
      engine.add(inputs.flatMap((i) => (i.ref ? [i.ref] : [])));
      finishIfDone();
    });
  });
}
