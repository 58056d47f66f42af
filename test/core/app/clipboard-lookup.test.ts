/**
 * The clipboard lookup (issue 13) on the real AppService against the simulator over loopback: the
 * IDs on the clipboard are added, their first checks awaited, and one answer gives each status.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LOOKUP_WAIT_MS, NO_ID_TITLE, type ClipboardAnswer } from '../../../src/core/app/clipboard.ts';
import type { WatchDelta } from '../../../src/shared/ipc.ts';
import { startServiceRig, T0, type ServiceRig } from './service-rig.ts';

let rig: ServiceRig;
afterEach(() => rig?.close());

/** Presses the shortcut with `text` on the clipboard, moving virtual time until the answer comes. */
async function press(text: string, stepMs = 500): Promise<ClipboardAnswer> {
  let answer: ClipboardAnswer | null = null;
  const pending = rig.service.lookupClipboard(text).then((a) => (answer = a));
  for (let waited = 0; answer === null && waited <= LOOKUP_WAIT_MS + stepMs; waited += stepMs) await rig.advance(stepMs);
  return pending;
}

describe('lookupClipboard', () => {
  it('adds the IDs in copied text and answers with the status each has after its first check', async () => {
    rig = await startServiceRig();
    const paid = rig.world.addCard2Crypto({ amount: 10_000, createdAt: T0 - 120_000, outcome: { complete: T0 - 60_000 } });
    const open = rig.world.addPayCrypt({ amount: 25, orderId: 'ORD-9', outcome: 'pending' });
    const answer = await press(`Ticket #4411: customer paid ${paid}\nsecond try ${open}, thanks!`);
    expect(answer).toEqual({
      title: 'From the clipboard: 2 payments, added',
      body: `${paid}: completed ($100.00)\n${open}: pending ($25.00)`,
      key: `card2crypto:payment:${paid}`,
    });
    await rig.flush();
    const keys = new Set(rig.on<WatchDelta>('watch:delta').flatMap((d) => d.upserts.map((r) => r.key)));
    expect(keys).toEqual(new Set([`card2crypto:payment:${paid}`, `paycrypt:payment:${open}`]));

    // Pressed again: the same payments, already watched, checked again.
    const again = await press(paid);
    expect(again.title).toBe('From the clipboard: 1 payment, already watched');
    expect(again.body).toBe(`${paid}: completed ($100.00)`);
  });

  it('says so when the clipboard holds no payment ID, and adds nothing', async () => {
    rig = await startServiceRig();
    for (const text of ['', 'hello world', 'pay_!!', 'x'.repeat(2_000_000)]) {
      const answer = await rig.service.lookupClipboard(text);
      expect(answer).toMatchObject({ title: NO_ID_TITLE, key: null });
    }
    expect(rig.store.listWatches()).toEqual([]);
  });

  it('answers after the wait with "still checking" when the provider does not answer in time', async () => {
    rig = await startServiceRig();
    const slow = rig.world.addCard2Crypto({ amount: 500, outcome: 'pending' });
    // The first request takes 1.5 s of real time; virtual time passes the wait meanwhile.
    rig.world.setFaults({ slowMs: 1_500 });
    rig.world.injectFaults('slow', 1);
    const pending = rig.service.lookupClipboard(slow);
    await new Promise((r) => setTimeout(r, 100));
    await rig.clock.advanceBy(LOOKUP_WAIT_MS + 1);
    expect((await pending).body).toBe(`${slow}: still checking`);
    await rig.service.engine.scheduler.whenIdle();
  });

  it('gives the reason when the first check failed', async () => {
    rig = await startServiceRig({ engine: { notFoundRetriesMs: [] } });
    const answer = await press('pay_NoSuchPayment123');
    expect(answer.body).toMatch(/^pay_NoSuchPayment123: .*not found/i);
  });

  it('while paused, answers at once with the last known status and says it is paused', async () => {
    rig = await startServiceRig();
    await rig.service.invoke('monitor:set-paused', { paused: true });
    const id = rig.world.addCard2Crypto({ amount: 500, outcome: 'pending' });
    const answer = await rig.service.lookupClipboard(id);
    expect(answer.body).toBe(`${id}: not checked yet\nChecking is paused: these are the last known statuses.`);
  });

  it('names four payments and counts the rest', async () => {
    rig = await startServiceRig();
    const ids = Array.from({ length: 6 }, () => rig.world.addCard2Crypto({ amount: 100, outcome: 'pending' }));
    const answer = await press(ids.join(', '));
    expect(answer.title).toBe('From the clipboard: 6 payments, added');
    expect(answer.body.split('\n')).toEqual([...ids.slice(0, 4).map((id) => `${id}: pending ($1.00)`), 'and 2 more in Paymon']);
  });
});
