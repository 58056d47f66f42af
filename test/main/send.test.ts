/** send() and setupSend(): typed pushes that skip destroyed windows. */
import { describe, expect, it } from 'vitest';
import { EventHub } from '../../src/core/app/events.ts';
import { send, setupSend, type WindowLike } from '../../src/main/send.ts';
import { EVENT_CHANNELS } from '../../src/shared/ipc.ts';

function fakeWindow(opts: { destroyed?: boolean; contentsDestroyed?: boolean } = {}) {
  const sent: Array<[string, unknown]> = [];
  const win: WindowLike = {
    isDestroyed: () => opts.destroyed ?? false,
    webContents: { isDestroyed: () => opts.contentsDestroyed ?? false, send: (channel, payload) => void sent.push([channel, payload]) },
  };
  return { win, sent };
}

describe('send', () => {
  it('sends to a live window and skips destroyed ones', () => {
    const live = fakeWindow();
    expect(send(live.win, 'monitor:paused', true)).toBe(true);
    expect(live.sent).toEqual([['monitor:paused', true]]);
    for (const dead of [fakeWindow({ destroyed: true }), fakeWindow({ contentsDestroyed: true })]) {
      expect(send(dead.win, 'monitor:paused', true)).toBe(false);
      expect(dead.sent).toEqual([]);
    }
    expect(send(null, 'monitor:paused', true)).toBe(false);
  });
});

describe('setupSend', () => {
  it('forwards every event channel to the current window until unsubscribed', () => {
    const hub = new EventHub();
    const { win, sent } = fakeWindow();
    let current: WindowLike | null = win;
    const off = setupSend(hub, () => current);
    hub.emit('toast', { key: 'k', title: 't', body: 'b', status: 'completed', at: 'now' });
    hub.emit('watch:delta', { upserts: [], removes: ['k'] });
    current = null;
    hub.emit('monitor:paused', true);
    current = win;
    off();
    hub.emit('monitor:paused', false);
    expect(sent.map(([c]) => c)).toEqual(['toast', 'watch:delta']);
    expect(EVENT_CHANNELS.length).toBeGreaterThan(0);
  });
});
