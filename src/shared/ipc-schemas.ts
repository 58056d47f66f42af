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
  'demo:start': z.undefined(),
  'demo:stop': z.undefined(),
} as const satisfies Record<InvokeChannel, z.ZodType>;
