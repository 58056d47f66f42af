/**
 * Schemas for every invoke channel's request: main parses each argument from
 * `unknown` before acting on it, so a hostile or buggy caller gets a clear
 * rejection, never a crash (see ./ipc.ts for the contract).
 */
import { z } from 'zod';
import { ACCOUNT_NAME_MAX, BUDGET_PER_MINUTE } from './accounts.ts';
import { PROVIDERS } from './payment.ts';
import { CLOSE_ACTIONS, type InvokeChannel } from './ipc.ts';
import { MAX_VIEW_NAME, MAX_VIEWS } from './saved-views.ts';
import { MAX_NOTE } from './notes.ts';
import { MAX_AGENT, MAX_TEAM_URL } from './team.ts';
import { ALERT_DECISIONS, ALERT_DELIVERIES, ALERT_KINDS, MAX_HISTORY_ROWS } from './alert-history.ts';
import { clockMinutes, MAX_RULES, MILESTONE_CONFIRMATIONS_MAX, WATCH_MINUTES_MAX } from './alert-rules.ts';

/** Pasted text is capped: megabytes of garbage get a clear error, not a frozen app. */
export const MAX_PASTE_CHARS = 5_000_000;
const MAX_KEYS = 20_000;

const key = z.string().min(1).max(300);
const keys = z.array(key).max(MAX_KEYS);
const provider = z.enum(PROVIDERS);
const account = z.string().min(1).max(ACCOUNT_NAME_MAX);
const viewName = z.string().min(1).max(MAX_VIEW_NAME);

/** A saved view as main keeps it (also what it reads back from the database: bad entries are dropped). */
export const SAVED_VIEW = z.strictObject({
  name: viewName,
  filters: z.strictObject({ status: z.string().min(1).max(60), provider: z.string().min(1).max(60), account: z.string().min(1).max(ACCOUNT_NAME_MAX) }),
  search: z.string().max(500),
  sorting: z.array(z.strictObject({ id: z.string().min(1).max(40), desc: z.boolean() })).max(10),
});
/** The saved views list as stored. */
export const SAVED_VIEWS = z.strictObject({ views: z.array(SAVED_VIEW).max(MAX_VIEWS), current: viewName.nullable() });

const clockTime = z.string().refine((t) => clockMinutes(t) !== null, { message: 'Use a 24-hour time such as 22:00.' });
const status = z.string().min(1).max(40);

/** One notification rule (../shared/alert-rules.ts); also checks rules read back from the store. */
export const NOTIFY_RULE_SCHEMA = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1, 'Give the rule a name.').max(80),
  enabled: z.boolean(),
  providers: z.array(provider).max(PROVIDERS.length),
  accounts: z.array(account).max(50),
  statuses: z.array(status).max(20),
  // Optional: rules saved before kinds existed have none and match every kind.
  kinds: z
    .array(z.enum(ALERT_KINDS))
    .max(ALERT_KINDS.length)
    .refine((k) => new Set(k).size === k.length, { message: 'A kind is listed twice.' })
    .optional(),
  // Keys checked by a refine, not the record's key schema: its message is then the sentence below.
  minAmount: z
    .record(z.string(), z.number().int('An amount is a whole number of minor units (cents).').min(0).max(Number.MAX_SAFE_INTEGER))
    .refine((m) => Object.keys(m).every((c) => /^[A-Z]{3}$/.test(c)), { message: 'A currency is three capital letters, such as USD.' })
    .refine((m) => Object.keys(m).length <= 20, { message: 'At most 20 currencies per rule.' }),
  notify: z.boolean(),
  sound: z.boolean(),
});

const watchMinutes = z.number().int('Minutes are a whole number.').min(1, 'At least 1 minute.').max(WATCH_MINUTES_MAX, 'At most a week.');

/** Stuck payments and milestones (../shared/alert-rules.ts WatchAlertSettings); also checks the stored row. */
export const WATCH_ALERTS_SCHEMA = z.strictObject({
  stuckPendingMinutes: z.partialRecord(provider, watchMinutes.nullable()),
  expiringMinutes: watchMinutes.nullable(),
  stalled: z.boolean(),
  milestones: z.strictObject({
    enabled: z.boolean(),
    confirmations: z.number().int('Confirmations are a whole number.').min(1, 'At least 1 confirmation.').max(MILESTONE_CONFIRMATIONS_MAX),
  }),
});

/** Rules and quiet hours (a partial update: only what is given changes). */
export const ALERT_SETTINGS_SCHEMA = z.strictObject({
  rules: z
    .array(NOTIFY_RULE_SCHEMA)
    .max(MAX_RULES)
    .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, { message: 'Two rules have the same id.' })
    .optional(),
  quietHours: z.strictObject({ start: clockTime, end: clockTime }).nullable().optional(),
  watch: WATCH_ALERTS_SCHEMA.optional(),
});

/** One strict schema per invoke channel (unknown fields are refused). */
export const REQUEST_SCHEMAS = {
  'app:snapshot': z.undefined(),
  'watch:add': z.strictObject({
    text: z.string().max(MAX_PASTE_CHARS),
    orderIds: z.array(z.string().max(200)).max(1000).optional(),
    unusual: z.enum(['add', 'hold']).optional(),
  }),
  'watch:remove': z.strictObject({ keys }),
  'watch:undo-remove': z.strictObject({ undoToken: z.string().min(1).max(100) }),
  'watch:refresh': z.strictObject({ keys }),
  'watch:set-paused': z.strictObject({ keys, paused: z.boolean() }),
  'watch:focus': z.strictObject({ key: key.nullable() }),
  'watch:detail': z.strictObject({ key }),
  'monitor:set-paused': z.strictObject({ paused: z.boolean() }),
  'keys:set': z.strictObject({ provider, account, key: z.string().min(1).max(1024), sessionOnly: z.boolean().optional() }),
  'keys:remove': z.strictObject({ provider, account }),
  'keys:verify': z.strictObject({ provider, account }),
  'shell:open-external': z.strictObject({ url: z.string().min(1).max(2048) }),
  'watch:set-muted': z.strictObject({ keys, muted: z.boolean() }),
  'watch:set-note': z.strictObject({ key, note: z.string().max(MAX_NOTE * 2), tags: z.array(z.string().max(200)).max(50) }),
  'accounts:update': z.strictObject({
    provider,
    account,
    baseUrl: z.string().min(1).max(2048).nullable().optional(),
    budgetPerMinute: z.number().int().min(BUDGET_PER_MINUTE.min).max(BUDGET_PER_MINUTE.max).nullable().optional(),
  }),
  'settings:update': z.strictObject({
    notifyStatuses: z.array(z.string().min(1).max(40)).max(20).optional(),
    muteAll: z.boolean().optional(),
    onClose: z.enum(CLOSE_ACTIONS).optional(),
    // The chord's own rule (parseShortcut) is the core's; here only its size.
    lookupShortcut: z.string().max(100).nullable().optional(),
    openAtLogin: z.boolean().optional(),
  }),
  'views:save': SAVED_VIEW,
  'views:remove': z.strictObject({ name: viewName }),
  'views:select': z.strictObject({ name: viewName.nullable() }),
  'alerts:settings': z.undefined(),
  'alerts:update-settings': ALERT_SETTINGS_SCHEMA,
  'alerts:history': z.strictObject({
    provider: provider.optional(),
    account: account.optional(),
    kind: z.enum(ALERT_KINDS).optional(),
    decision: z.enum(ALERT_DECISIONS).optional(),
    delivery: z.enum(ALERT_DELIVERIES).optional(),
    text: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(MAX_HISTORY_ROWS).optional(),
  }),
  'demo:start': z.undefined(),
  'demo:stop': z.undefined(),
  'team:settings': z.undefined(),
  'team:update': z.strictObject({ url: z.string().max(MAX_TEAM_URL).nullable().optional(), agent: z.string().max(MAX_AGENT).nullable().optional() }),
  'team:test': z.strictObject({ url: z.string().min(1).max(MAX_TEAM_URL).optional(), agent: z.string().max(MAX_AGENT).optional() }),
} as const satisfies Record<InvokeChannel, z.ZodType>;
