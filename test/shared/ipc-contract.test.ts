/**
 * The IPC contract is one table (issue 12): channels, request schemas, the preload API and the
 * event channels are derived from INVOKE_TABLE / EVENT_TABLE, so a new channel is one entry and
 * anything left out is a type error (checked by `npm run typecheck`) or fails here.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createPaymonApi } from '../../src/preload/api.ts';
import {
  API_CHANNELS,
  EVENT_CHANNELS,
  EVENT_TABLE,
  INVOKE_TABLE,
  type AccountView,
  type AddRequest,
  type AddResultView,
  type EventChannel,
  type EventChannels,
  type EventHandlers,
  type InvokeChannel,
  type IpcResult,
  type PaymonApi,
  type SnapshotView,
  type SystemView,
  type WatchDelta,
} from '../../src/shared/ipc.ts';
import { REQUEST_SCHEMAS } from '../../src/shared/ipc-schemas.ts';

describe('the IPC contract table', () => {
  it('derives the request, response and payload types from the table', () => {
    expectTypeOf<PaymonApi['addText']>().toEqualTypeOf<(req: AddRequest) => Promise<IpcResult<AddResultView>>>();
    expectTypeOf<PaymonApi['snapshot']>().toEqualTypeOf<() => Promise<IpcResult<SnapshotView>>>();
    expectTypeOf<PaymonApi['verifyKey']>().returns.toEqualTypeOf<Promise<IpcResult<AccountView>>>();
    expectTypeOf<EventChannels['watch:delta']>().toEqualTypeOf<WatchDelta>();
    expectTypeOf<EventChannels['system']>().toEqualTypeOf<SystemView>();
    expectTypeOf<EventChannels['monitor:paused']>().toEqualTypeOf<boolean>();
    expectTypeOf(API_CHANNELS.addText).toEqualTypeOf<'watch:add'>();
  });

  it('makes a listener table that leaves out an event channel a type error', () => {
    const noop = () => undefined;
    const complete: EventHandlers = {
      'watch:delta': noop,
      'toast': noop,
      'account:problems': noop,
      'accounts': noop,
      'monitor:paused': noop,
      'open-payment': noop,
      'settings': noop,
      'system': noop,
      'notice': noop,
      'away': noop,
      'alerts:settings': noop,
      'alerts:recorded': noop,
      'open-alerts': noop,
    };
    // @ts-expect-error 'system' is missing: the compiler names the forgotten channel.
    const missing: EventHandlers = { ...complete, system: undefined };
    expect(Object.keys(complete).sort()).toEqual([...EVENT_CHANNELS].sort());
    void missing;
  });

  it('has one request schema, one API method and one preload function per invoke channel, and every event channel listed', () => {
    const channels = Object.keys(INVOKE_TABLE) as InvokeChannel[];
    expect(Object.keys(REQUEST_SCHEMAS).sort()).toEqual([...channels].sort());
    expect(Object.values(API_CHANNELS).sort()).toEqual([...channels].sort());
    expect(new Set(Object.keys(API_CHANNELS)).size).toBe(channels.length);
    expect(EVENT_CHANNELS).toEqual(Object.keys(EVENT_TABLE) as EventChannel[]);
    const invoked: string[] = [];
    const api = createPaymonApi({
      invoke: async (channel) => {
        invoked.push(channel);
        return { ok: true, value: null };
      },
      on: () => undefined,
      removeListener: () => undefined,
    });
    expect(Object.keys(api).filter((k) => k !== 'on').sort()).toEqual(Object.keys(API_CHANNELS).sort());
    for (const [method, channel] of Object.entries(API_CHANNELS)) {
      void (api as unknown as Record<string, (req?: unknown) => Promise<unknown>>)[method]!({});
      expect(invoked.at(-1)).toBe(channel);
    }
  });
});
