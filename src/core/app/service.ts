/**
 * AppService: everything the desktop window can ask for and be told, on top of the core
 * (store, lookup, engine). No electron import: main wires it to IPC, tests and the renderer's
 * Chromium harness call it directly. Every answer is an IpcResult; nothing throws across it.
 */
import { archivePolicy } from '../monitor/archive-age.ts';
import { DEFAULT_POLICY, type PolicyOptions } from '../monitor/policy.ts';
import type { z } from 'zod';
import { toErrorInfo, type ErrorInfo } from '../../shared/errors.ts';
import type { AwaySummaryView, CloseAction, EventChannel, SettingsView, EventChannels, InvokeChannel, IpcResult, RequestOf, ResponseOf } from '../../shared/ipc.ts';
import type { REQUEST_SCHEMAS } from '../../shared/ipc-schemas.ts';
import { PaymentLookup } from '../lookup.ts';
import { baseUrlFor } from '../providers/index.ts';
import { systemClock, type Clock } from '../monitor/clock.ts';
import { Engine, type EngineEvent, type EngineOptions } from '../monitor/engine.ts';
import type { ConfirmKeyHost } from '../secrets/key-hosts.ts';
import { MemoryStore } from '../secrets/memory-store.ts';
import type { SecretStore } from '../secrets/types.ts';
import type { PaymonStore } from '../store/index.ts';
import { accountBaseUrl, accountHandlers, budgetResolver, lookupBaseUrl } from './accounts.ts';
import { GatedStore, type AppContext } from './context.ts';
import { DeltaBatcher } from './deltas.ts';
import { DemoController, type StartDemoBackend } from './demo.ts';
import { EventHub } from './events.ts';
import { checkExternalUrl } from './external-links.ts';
import { keyHandlers, refreshAccounts } from './keys.ts';
import { followLink, type LinkOutcome } from './links.ts';
import { awayNotification, CatchUp, MIN_AWAY_MS } from './catch-up.ts';
import { lookupClipboard, type ClipboardAnswer } from './clipboard.ts';
import { notificationProblem, ProblemBoard, systemView } from './problems.ts';
import { failure, isInvokeChannel, parseRequest, short, withTimeout } from './requests.ts';
import { loadSettings, settingsHandlers } from './settings.ts';
import { viewHandlers } from './saved-views.ts';
import { alertHandlers } from './alerts.ts';
import { teamHandlers } from './team.ts';
import { storeDecider } from '../alerts/decide.ts';
import { BurstGrouper, type BurstNotice } from '../alerts/bursts.ts';
import type { DeliveryReport } from '../store/index.ts';
import { isWatchAlertKind, type AlertView } from '../../shared/alert-history.ts';
import { rowView } from './views.ts';
import { applyPause, snapshot, UndoShelf, watchHandlers } from './watch.ts';

/** One typed handler per invoke channel; called after the request was parsed. */
export type Handlers = { [C in InvokeChannel]: (req: RequestOf<C>) => Promise<ResponseOf<C>> };

/**
 * A desktop notification request: one alert's, or a burst's (`key` null: a click opens the alert
 * list, as for a summary: the away summary, a clipboard lookup). `alertIds` are the history rows it
 * announces (none for a summary); main reports their delivery with alertDelivery(). `sound`: a
 * deciding rule asked for the OS's sound (off by default).
 */
export type NotifyRequest = BurstNotice;

/** How old an alert claimed but never shown may be and still be raised after a restart. */
export const RESURFACE_MS = 24 * 3_600_000;

/** What AppService.create needs. */
export interface AppServiceOptions {
  store: PaymonStore;
  /** The OS keychain (a KeytarStore in the app). */
  secrets: SecretStore;
  /** Session-only keys; a fresh MemoryStore by default. */
  session?: SecretStore;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  fetch?: typeof globalThis.fetch;
  /** How often changed rows are pushed to the window, in ms (default 100). */
  deltaIntervalMs?: number;
  /** Set when the keychain failed its start-up probe: keys then go to the session store. */
  keychainProblem?: ErrorInfo | null;
  /**
   * The keychain's start-up probe still in flight (main does not wait for it: a locked keyring
   * takes seconds). Until it settles keychain calls wait and the accounts list goes without the
   * keychain; then its verdict is pushed on 'system' and the accounts are read again.
   */
  keychainProbe?: Promise<ErrorInfo | null>;
  /**
   * Asks the user, outside the renderer (a native dialog in the app, a prompt in a CLI), whether an
   * account's key may go to a host it was not used with (issue 16). Without it the answer is no.
   */
  confirmKeyHost?: ConfirmKeyHost;
  /** Opens an allow-listed https link (Electron's shell.openExternal); without it links are checked but not opened. */
  openExternal?: (url: string) => Promise<void>;
  /**
   * Starts demo mode's backend (the simulator): main injects it, so the core never imports the
   * simulator (issue 12). Without it 'demo:start' fails with a sentence.
   */
  demoBackend?: StartDemoBackend;
  /** Where the team database URL is kept (issue 15): a KeytarStore of its own service in the app; session-only by default. */
  teamVault?: SecretStore;
  /** Engine tuning for tests and benchmarks. */
  engine?: Pick<EngineOptions, 'policy' | 'budgetFor' | 'random' | 'notFoundRetriesMs'>;
  /** Longest a handler may take before the caller gets a timeout error (default 30 s). */
  handlerTimeoutMs?: number;
  /** Key verification request timeout (default 10 s). */
  verifyTimeoutMs?: number;
}

// Compile-time proof that every schema's output is the request type the contract promises.
type SchemasMatch = { [C in InvokeChannel]: z.output<(typeof REQUEST_SCHEMAS)[C]> extends RequestOf<C> ? true : false };
const schemasMatchContract: false extends SchemasMatch[InvokeChannel] ? never : true = true;
void schemasMatchContract;

/** Clipboard text read at most (a copied spreadsheet column of IDs is far less). */
const MAX_CLIPBOARD_TEXT = 1024 * 1024;

/** Channels whose handler may wait for the user's answer to confirmKeyHost, and how long it may wait. */
const MAY_ASK_THE_USER: ReadonlySet<InvokeChannel> = new Set<InvokeChannel>(['accounts:update', 'keys:verify']);
const USER_ANSWER_MS = 10 * 60_000;

/** `ask`, one question at a time: a burst of requests (a compromised renderer) never stacks dialogs. */
function oneAtATime(ask: ConfirmKeyHost): ConfirmKeyHost {
  let queue: Promise<unknown> = Promise.resolve();
  return (req) => {
    const answer = queue.then(() => ask(req));
    queue = answer.catch(() => undefined);
    return answer;
  };
}

/** The app's main-side service: invoke handlers, pushed events, notification requests. */
export class AppService {
  /** The typed handlers, for direct calls in tests; invoke() parses and guards before calling them. */
  readonly handlers: Handlers;
  readonly #ctx: AppContext;
  /** Where every watchlist change becomes a delta (see #onEngineEvent). */
  readonly #deltas: DeltaBatcher;
  readonly #demo: DemoController;
  readonly #shelf = new UndoShelf();
  readonly #holds = new Set<string>();
  readonly #notifyListeners = new Set<(n: NotifyRequest) => void>();
  readonly #bursts: BurstGrouper;
  /** Desktop alerts handed to the grouper by this process, so none is raised twice. */
  readonly #queuedAlerts = new Set<number>();
  #resurfaced = false;
  readonly #handlerTimeoutMs: number;
  /** Settles once the keychain probe's verdict is in the state. */
  readonly #keychainAnswered: Promise<void>;
  #closed = false;
  /** When the system hold (sleep, offline) began; null while none is on. */
  #awaySince: number | null = null;
  /** The catch-up after a hold, while it gathers alerts. */
  #catchUp: CatchUp | null = null;

  /** Builds the lookup and the engine, loads the watchlist and starts polling. */
  static async create(opts: AppServiceOptions): Promise<AppService> {
    const service = new AppService(opts);
    // Before the engine loads the watchlist: the demo's payments need its keys and simulator.
    await service.#demo.resume();
    await refreshAccounts(service.#ctx).catch(() => undefined);
    if (service.#ctx.state.monitorPaused) {
      service.#ctx.engine.pause();
      service.#ctx.state.stale = { since: new Date(service.#ctx.clock.now()).toISOString(), reason: 'paused' };
    }
    // The engine's start asks the keychain which accounts exist; while the keychain's probe is out
    // it starts when the keychain answers (checks need its keys anyway), so the window need not wait.
    if (!service.#ctx.state.keychainPending) await service.#ctx.engine.start();
    void service.#keychainAnswered.then(() => service.#afterKeychainAnswer());
    return service;
  }

  private constructor(opts: AppServiceOptions) {
    const clock = opts.clock ?? systemClock;
    const env = opts.env ?? process.env;
    const events = new EventHub();
    const state: AppContext['state'] = {
      monitorPaused: opts.store.getSetting('monitorPaused', (v): v is boolean => typeof v === 'boolean') ?? false,
      keychainProblem: opts.keychainProblem ?? null,
      keychainPending: opts.keychainProbe !== undefined,
      trayShown: null,
      notificationProblem: null,
      shortcutProblem: null,
      loginItemProblem: null,
      stale: null,
      focused: null,
      accounts: [],
      settings: loadSettings(opts.store),
      demoAccount: null,
    };
    this.#keychainAnswered = (opts.keychainProbe ?? Promise.resolve(opts.keychainProblem ?? null)).then(
      (problem) => {
        state.keychainProblem = problem ?? state.keychainProblem;
      },
      (err: unknown) => {
        state.keychainProblem = toErrorInfo(err);
      },
    );
    const secrets = new GatedStore(opts.secrets, () => state.keychainProblem, this.#keychainAnswered);
    const session = opts.session ?? new MemoryStore();
    const lookup = new PaymentLookup({
      env,
      secrets,
      session,
      // Never an unapproved host, even if the database was edited (issue 16).
      baseUrlFor: (provider, account) => lookupBaseUrl(opts.store, env, provider, account),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
    const budgetFor = budgetResolver(opts.store, opts.engine?.budgetFor);
    // Rules and quiet hours decide in the claim's transaction, from the store: as `paymon watch` does.
    const decideAlert = storeDecider(opts.store, clock, { desktop: true });
    // Webhook hints from `paymon ingest` (issue 15) are taken on the same database.
    const engine = new Engine({ store: opts.store, lookup, clock, policy: appPolicy(env), hints: opts.store.hints, ...opts.engine, budgetFor, decideAlert });
    this.#handlerTimeoutMs = opts.handlerTimeoutMs ?? 30_000;
    this.#deltas = new DeltaBatcher(
      opts.deltaIntervalMs ?? 100,
      (key) => rowView(opts.store, engine.scheduler, key),
      (d) => events.emit('watch:delta', d),
    );
    this.#ctx = {
      store: opts.store,
      engine,
      clock,
      env,
      fetch: opts.fetch,
      secrets,
      session,
      events,
      // The app's own changes are engine events too: one path to a delta.
      watchlist: engine,
      problems: new ProblemBoard(clock, (list) => events.emit('account:problems', list)),
      state,
      openExternal: opts.openExternal ?? (async () => undefined),
      verifyTimeoutMs: opts.verifyTimeoutMs ?? 10_000,
      baseUrlFor: (provider, account) => accountBaseUrl(opts.store, provider, account) ?? baseUrlFor(provider, env),
      confirmKeyHost: oneAtATime(opts.confirmKeyHost ?? (async () => false)),
    };
    const demo = (this.#demo = new DemoController(this.#ctx, opts.demoBackend));
    this.handlers = {
      ...watchHandlers(this.#ctx, this.#shelf, this.#holds),
      ...keyHandlers(this.#ctx),
      ...accountHandlers(this.#ctx),
      ...settingsHandlers(this.#ctx),
      ...viewHandlers(this.#ctx.store),
      ...alertHandlers(this.#ctx),
      ...teamHandlers({ store: opts.store, env, vault: opts.teamVault ?? new MemoryStore() }),
      'shell:open-external': async (req) => this.#ctx.openExternal(checkExternalUrl(req.url)),
      'demo:start': async () => {
        await demo.start();
        return snapshot(this.#ctx);
      },
      'demo:stop': async () => {
        await demo.stop();
        return snapshot(this.#ctx);
      },
    };
    this.#bursts = new BurstGrouper(clock, (n, grouped) => this.#raise(n, grouped));
    engine.on((e) => this.#onEngineEvent(e));
  }

  /** The engine, for the scheduler's state and for tests that step virtual time. */
  get engine(): Engine {
    return this.#ctx.engine;
  }

  /** Whether the user paused all polling. */
  get monitorPaused(): boolean {
    return this.#ctx.state.monitorPaused;
  }

  /** What closing the window should do, as the user chose it (main reads it on each close). */
  get closeSetting(): CloseAction {
    return this.#ctx.state.settings.onClose;
  }

  /** Payments on the watchlist that are not final yet (the tray's count). */
  pendingCount(): number {
    return this.#ctx.store.listWatches({ final: false }).length;
  }

  /** Parses `arg` for `channel` and runs its handler; never throws, never hangs past the handler timeout. */
  async invoke(channel: string, arg: unknown): Promise<IpcResult<unknown>> {
    if (!isInvokeChannel(channel)) {
      return { ok: false, error: { kind: 'invalid_input', message: `Unknown request "${short(String(channel), 60)}".` } };
    }
    if (this.#closed) return { ok: false, error: { kind: 'internal', message: 'Paymon is shutting down.' } };
    const parsed = parseRequest(channel, arg);
    if (!parsed.ok) return parsed;
    const secret =
      channel === 'keys:set' ? (parsed.value as RequestOf<'keys:set'>).key : channel === 'team:update' || channel === 'team:test' ? ((parsed.value as { url?: string | null }).url ?? undefined) : undefined;
    try {
      const handler = this.handlers[channel] as (req: unknown) => Promise<unknown>;
      // A question to the user (a new host for a key) waits as long as the user reads it: not a hang.
      const limit = this.#handlerTimeoutMs + (MAY_ASK_THE_USER.has(channel) ? USER_ANSWER_MS : 0);
      const value = await withTimeout(handler(parsed.value), limit, 'The request');
      return { ok: true, value };
    } catch (err) {
      return { ok: false, error: failure(err, secret) };
    }
  }

  /**
   * Follows a `paymon://` link the OS handed to the app (issue 13): adds or opens what it names, or
   * refuses it with a notice in the window. Never throws: the link comes from any program.
   */
  followLink(url: unknown): LinkOutcome {
    if (this.#closed) return { open: null };
    const outcome = followLink(this.#ctx, url);
    // The rows the link added reach the window before main asks it to open one (it opens only rows it has).
    if (outcome.open !== null) this.#deltas.flush();
    return outcome;
  }

  /**
   * The global shortcut was pressed (issue 13): adds the IDs on the clipboard and answers, once they
   * were checked, with the notification main shows. The text is untrusted; only valid IDs are used.
   */
  async lookupClipboard(text: string): Promise<ClipboardAnswer> {
    if (this.#closed) return { title: 'Paymon is shutting down', body: '', key: null };
    const paused = this.#ctx.state.monitorPaused || this.#holds.size > 0;
    return lookupClipboard(this.#ctx, text.slice(0, MAX_CLIPBOARD_TEXT), { paused });
  }

  /** Main says whether a tray icon is shown (the settings screen says so when closing will quit instead). */
  setTrayShown(shown: boolean): void {
    if (this.#ctx.state.trayShown === shown) return;
    this.#ctx.state.trayShown = shown;
    this.#emitSystem();
  }

  /**
   * Main's report on a desktop notification: shown (clears the banner), or failed with the OS's
   * reason (Electron's 'failed' event) and the platform, for the banner's how-to-fix.
   */
  notificationDelivery(outcome: { shown: true } | { shown: false; reason: string; platform: NodeJS.Platform }): void {
    const next = outcome.shown ? null : notificationProblem(outcome.reason, outcome.platform);
    if (JSON.stringify(next) === JSON.stringify(this.#ctx.state.notificationProblem)) return;
    this.#ctx.state.notificationProblem = next;
    this.#emitSystem();
  }

  /** Main's report on the lookup shortcut and the login item: null when working (or off), else a sentence for settings; a field left out is unchanged. */
  desktopIntegration(report: { shortcutProblem?: string | null; loginItemProblem?: string | null }): void {
    const { state } = this.#ctx;
    const shortcutProblem = report.shortcutProblem === undefined ? state.shortcutProblem : report.shortcutProblem;
    const loginItemProblem = report.loginItemProblem === undefined ? state.loginItemProblem : report.loginItemProblem;
    if (shortcutProblem === state.shortcutProblem && loginItemProblem === state.loginItemProblem) return;
    Object.assign(state, { shortcutProblem, loginItemProblem });
    this.#emitSystem();
  }

  /** The settings as they are now (main registers the shortcut and the login item from them). */
  get settings(): SettingsView {
    return { ...this.#ctx.state.settings, notifyStatuses: [...this.#ctx.state.settings.notifyStatuses] };
  }

  /**
   * Main's report on the desktop notification of alerts `ids` (shown, clicked, failed with the OS's
   * reason): saved in the history and pushed to the window's list.
   */
  alertDelivery(ids: readonly number[], report: DeliveryReport, error: string | null = null): void {
    if (this.#closed) return;
    for (const row of this.#ctx.store.reportDelivery(ids, report, error)) this.#ctx.events.emit('alerts:recorded', row);
  }

  /** Subscribes to pushed events; returns the unsubscribe function. */
  on<C extends EventChannel>(channel: C, listener: (payload: EventChannels[C]) => void): () => void {
    return this.#ctx.events.on(channel, listener);
  }

  /** Subscribes to desktop notification requests (same trigger as 'toast'); returns the unsubscribe function. */
  onNotify(listener: (n: NotifyRequest) => void): () => void {
    this.#notifyListeners.add(listener);
    if (!this.#resurfaced) {
      this.#resurfaced = true;
      this.#resurface();
    }
    return () => this.#notifyListeners.delete(listener);
  }

  /**
   * Alerts claimed but never shown (the app quit or crashed between the claim and the OS's "shown",
   * or no window was listening): raised again, once, when a notifier first listens, grouped like any
   * batch. A day old at most: a week-old "Paid" is history, not news. Those this process already
   * handed to the grouper are skipped.
   */
  #resurface(): void {
    const since = this.#ctx.clock.now() - RESURFACE_MS;
    const unshown = this.#ctx.store
      .listAlerts({ decision: 'desktop', delivery: 'pending' })
      .filter((a) => Date.parse(a.at) >= since && !this.#queuedAlerts.has(a.id))
      .reverse();
    for (const alert of unshown) this.#queueDesktop(alert);
  }

  /** Hands a desktop alert to the burst grouper, once per process. */
  #queueDesktop(alert: AlertView): void {
    if (this.#queuedAlerts.has(alert.id)) return;
    this.#queuedAlerts.add(alert.id);
    this.#bursts.push(alert);
  }

  /**
   * Holds or releases polling for a system reason (sleep, offline). Separate from the user's pause,
   * so waking up never resumes a monitor the user paused.
   */
  setHold(reason: string, held: boolean): void {
    const wasHeld = this.#holds.size > 0;
    if (held) this.#holds.add(reason);
    else this.#holds.delete(reason);
    if (this.#closed) return;
    applyPause(this.#ctx, this.#holds);
    const now = this.#ctx.clock.now();
    if (!wasHeld && this.#holds.size > 0) {
      // Stopped again mid catch-up: the next one covers the whole time away.
      this.#awaySince = this.#catchUp?.active ? this.#awaySince : now;
      this.#catchUp?.cancel();
      this.#catchUp = null;
    } else if (wasHeld && this.#holds.size === 0 && this.#awaySince !== null) {
      const since = this.#awaySince;
      this.#awaySince = null;
      if (!this.#ctx.state.monitorPaused && now - since >= MIN_AWAY_MS) this.#catchUp = new CatchUp(this.#ctx, since, (summary, alertIds) => this.#awaySummary(summary, alertIds));
    }
  }

  /** One summary in the window, and one desktop notification when something happened (unless all are muted). */
  #awaySummary(summary: AwaySummaryView, alertIds: readonly number[]): void {
    this.#catchUp = null;
    if (this.#closed) return;
    this.#ctx.events.emit('away', summary);
    const n = awayNotification(summary);
    if (!n || this.#ctx.state.settings.muteAll) return;
    // The summary announces the gathered alerts: the history shows them grouped, and its delivery
    // (shown, clicked, failed) is theirs.
    for (const row of this.#ctx.store.groupAlerts(alertIds)) this.#ctx.events.emit('alerts:recorded', row);
    this.#tellNotifiers({ key: null, alertIds: [...alertIds], sound: false, ...n });
  }

  #tellNotifiers(n: NotifyRequest): void {
    for (const listener of [...this.#notifyListeners]) {
      try {
        listener(n);
      } catch {
        // A failing notifier must not stop the engine's event loop.
      }
    }
  }

  /** Stops polling and pushing, waits for checks in flight, stops the demo's simulator; the caller closes the store. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#catchUp?.cancel();
    this.#ctx.engine.stop();
    this.#deltas.close();
    this.#ctx.problems.close();
    this.#shelf.close();
    this.#bursts.close();
    this.#ctx.events.clear();
    this.#notifyListeners.clear();
    await this.#ctx.engine.scheduler.whenIdle();
    // Demo mode stays on in the store: the next start resumes it.
    await this.#demo.shutdown();
  }

  #emitSystem(): void {
    if (!this.#closed) this.#ctx.events.emit('system', systemView(this.#ctx.state));
  }

  /** The keychain answered its probe: tell the renderer, and list the accounts again with the keychain's keys. */
  async #afterKeychainAnswer(): Promise<void> {
    if (this.#closed || !this.#ctx.state.keychainPending) return;
    this.#ctx.state.keychainPending = false;
    await this.#ctx.engine.start();
    if (this.#closed) return;
    this.#emitSystem();
    await refreshAccounts(this.#ctx).catch(() => undefined);
  }

  /** Hands a notification to main; a burst's alerts are marked as grouped in the history first. */
  #raise(n: NotifyRequest, grouped: readonly AlertView[]): void {
    if (this.#closed) return;
    if (grouped.length > 0) {
      for (const row of this.#ctx.store.groupAlerts(grouped.map((a) => a.id))) this.#ctx.events.emit('alerts:recorded', row);
    }
    this.#tellNotifiers(n);
  }

  #onEngineEvent(e: EngineEvent): void {
    const { problems, events, store } = this.#ctx;
    this.#deltas.apply(e);
    // After sleep or offline the catch-up gathers alerts into one summary instead of a burst.
    const gathering = this.#catchUp?.active === true;
    if (gathering) this.#catchUp!.observe(e);
    switch (e.type) {
      case 'payment-updated': {
        // A successful answer ends a rate limit or key problem of the account that gave it.
        if (problems.list().length > 0) {
          const row = store.getWatch(e.key);
          if (row && row.lastError === null && row.account !== null) {
            problems.clear((p) => p.provider === row.ref.provider && p.account === row.account);
          }
        }
        break;
      }
      case 'account-problem':
        problems.set(e.provider, e.account, e.error, e.until);
        break;
      case 'notify': {
        // The engine emits 'notify' once per transition (the store's announcement ledger), with
        // its history row: words, rule and decision were settled in the claim's transaction.
        const { alert } = e;
        // Every alert is in the history, also during a catch-up, whose one summary replaces the
        // toasts of what changed meanwhile; a watch alert (stuck, expiring) is about now, told as usual.
        events.emit('alerts:recorded', alert);
        if (gathering && !isWatchAlertKind(e.kind)) break;
        // The in-app toast and list show every alert; rules, quiet hours and mutes silence only
        // the desktop notification.
        events.emit('toast', { key: e.key, title: alert.title, body: alert.body, status: e.to, at: e.at });
        // Held a moment: alerts falling due together become one notification (../alerts/bursts.ts).
        if (alert.decision === 'desktop') this.#queueDesktop(alert);
        break;
      }
    }
  }
}

/** The engine's policy with the archive age PAYMON_ARCHIVE_AFTER_DAYS asks for; a malformed one is reported and the default kept. */
function appPolicy(env: Readonly<Record<string, string | undefined>>): PolicyOptions {
  try {
    return archivePolicy(env);
  } catch (err) {
    process.emitWarning(`${(err as Error).message}; archiving after the default 30 days`);
    return DEFAULT_POLICY;
  }
}
