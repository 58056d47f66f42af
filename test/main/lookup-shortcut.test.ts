/**
 * The clipboard lookup shortcut in main (issue 13), with a recorded stand-in for globalShortcut and
 * the real AppService over the simulator: registered from the setting, moved and removed with it,
 * a clash or a refusal reported in the system view, and a press answered with one notification.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ClipboardAnswer } from '../../src/core/app/clipboard.ts';
import { setupLookupShortcut, shortcutProblem, type GlobalShortcutLike } from '../../src/main/lookup-shortcut.ts';
import type { SystemView } from '../../src/shared/ipc.ts';
import { DEFAULT_LOOKUP_SHORTCUT } from '../../src/shared/shortcut.ts';
import { startServiceRig, type ServiceRig } from '../core/app/service-rig.ts';

/** Records registrations; chords in `taken` belong to another app, those in `refused` make Electron throw. */
class FakeGlobalShortcut implements GlobalShortcutLike {
  readonly held = new Map<string, () => void>();
  readonly log: string[] = [];
  taken = new Set<string>();
  refused = new Set<string>();
  register(accelerator: string, callback: () => void): boolean {
    this.log.push(`register ${accelerator}`);
    if (this.refused.has(accelerator)) throw new Error('Failed to parse accelerator');
    if (this.taken.has(accelerator)) return false;
    this.held.set(accelerator, callback);
    return true;
  }
  unregister(accelerator: string): void {
    this.log.push(`unregister ${accelerator}`);
    this.held.delete(accelerator);
  }
  press(accelerator: string): void {
    this.held.get(accelerator)?.();
  }
}

let rig: ServiceRig;
afterEach(() => rig?.close());

function setup(gs: FakeGlobalShortcut, clipboard: () => string = () => '') {
  const shown: ClipboardAnswer[] = [];
  const dispose = setupLookupShortcut(rig.service, { globalShortcut: gs, readClipboard: clipboard, show: (a) => void shown.push(a) });
  return { shown, dispose };
}

const problems = () => rig.on<SystemView>('system').map((s) => s.shortcutProblem);

describe('setupLookupShortcut', () => {
  it('registers the default chord, and a press looks up the clipboard and shows the answer', async () => {
    rig = await startServiceRig();
    const id = rig.world.addCard2Crypto({ amount: 4_200, outcome: 'pending' });
    const gs = new FakeGlobalShortcut();
    const { shown, dispose } = setup(gs, () => `please check ${id}`);
    expect([...gs.held.keys()]).toEqual([DEFAULT_LOOKUP_SHORTCUT]);
    gs.press(DEFAULT_LOOKUP_SHORTCUT);
    // A second press while the first is answered is dropped: one answer per question.
    gs.press(DEFAULT_LOOKUP_SHORTCUT);
    for (let i = 0; i < 10 && shown.length === 0; i++) await rig.advance(500);
    expect(shown).toEqual([{ title: 'From the clipboard: 1 payment, added', body: `${id}: pending ($42.00)`, key: `card2crypto:payment:${id}` }]);
    expect(rig.store.listWatches().map((r) => r.ref.value)).toEqual([id]);
    dispose();
    expect(gs.held.size).toBe(0);
  });

  it('an unreadable clipboard is an empty one', async () => {
    rig = await startServiceRig();
    const gs = new FakeGlobalShortcut();
    const { shown } = setup(gs, () => {
      throw new Error('no text');
    });
    gs.press(DEFAULT_LOOKUP_SHORTCUT);
    await rig.flush();
    expect(shown.map((a) => a.title)).toEqual(['No payment ID on the clipboard']);
  });

  it('moves with the setting, and removing it unregisters it', async () => {
    rig = await startServiceRig();
    const gs = new FakeGlobalShortcut();
    setup(gs);
    await rig.service.invoke('settings:update', { lookupShortcut: 'Control+Alt+K' });
    expect([...gs.held.keys()]).toEqual(['Control+Alt+K']);
    // Another setting changing leaves the shortcut alone.
    await rig.service.invoke('settings:update', { muteAll: true });
    await rig.service.invoke('settings:update', { lookupShortcut: null });
    expect(gs.held.size).toBe(0);
    expect(gs.log).toEqual([`register ${DEFAULT_LOOKUP_SHORTCUT}`, `unregister ${DEFAULT_LOOKUP_SHORTCUT}`, 'register Control+Alt+K', 'unregister Control+Alt+K']);
  });

  it('a chord taken by another app or refused by the OS is reported in the system view, and cleared by a working one', async () => {
    rig = await startServiceRig();
    const gs = new FakeGlobalShortcut();
    gs.taken.add(DEFAULT_LOOKUP_SHORTCUT);
    gs.refused.add('Super+L');
    setup(gs);
    expect(problems()).toEqual([shortcutProblem(DEFAULT_LOOKUP_SHORTCUT, 'taken')]);
    expect(problems()[0]).toMatch(/already used by another app/);
    await rig.service.invoke('settings:update', { lookupShortcut: 'Super+L' });
    expect(problems().at(-1)).toBe(shortcutProblem('Super+L', 'refused'));
    await rig.service.invoke('settings:update', { lookupShortcut: 'Control+Alt+K' });
    expect(problems().at(-1)).toBeNull();
    expect([...gs.held.keys()]).toEqual(['Control+Alt+K']);
  });

  it('registers nothing when the user removed the shortcut', async () => {
    rig = await startServiceRig();
    await rig.service.invoke('settings:update', { lookupShortcut: null });
    const gs = new FakeGlobalShortcut();
    setup(gs);
    expect(gs.log).toEqual([]);
  });
});
