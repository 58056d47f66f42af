/** DeltaBatcher: exact coalescing, ordering of upsert/remove, chunking of very large batches. */
import { describe, expect, it } from 'vitest';
import { DeltaBatcher, MAX_ROWS_PER_DELTA } from '../../../src/core/app/deltas.ts';
import type { WatchDelta, WatchRowView } from '../../../src/shared/ipc.ts';

const row = (key: string, status = 'pending'): WatchRowView =>
  ({ key, status }) as unknown as WatchRowView;

function setup(rows: Map<string, WatchRowView>) {
  const sent: WatchDelta[] = [];
  const batcher = new DeltaBatcher(30, (key) => rows.get(key) ?? null, (d) => sent.push(d));
  const wait = () => new Promise((r) => setTimeout(r, 80));
  return { sent, batcher, wait };
}

describe('DeltaBatcher', () => {
  it('sends 1,000 changes of one interval as one message, each row once with its latest state', async () => {
    const rows = new Map<string, WatchRowView>();
    const { sent, batcher, wait } = setup(rows);
    for (let i = 0; i < 1_000; i++) {
      rows.set(`k${i}`, row(`k${i}`));
      batcher.upsert(`k${i}`);
      batcher.upsert(`k${i}`);
    }
    rows.set('k1', row('k1', 'completed'));
    expect(sent).toHaveLength(0);
    await wait();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.upserts).toHaveLength(1_000);
    expect(sent[0]!.upserts.find((r) => r.key === 'k1')?.status).toBe('completed');
    await wait();
    expect(sent).toHaveLength(1);
  });

  it('turns an upsert of a vanished row into a remove, and a remove then upsert into the row', async () => {
    const rows = new Map([['b', row('b')]]);
    const { sent, batcher, wait } = setup(rows);
    batcher.upsert('a');
    batcher.remove('b');
    batcher.upsert('b');
    await wait();
    expect(sent).toEqual([{ upserts: [row('b')], removes: ['a'] }]);
  });

  it('splits a huge batch into messages of at most MAX_ROWS_PER_DELTA rows', () => {
    const rows = new Map<string, WatchRowView>();
    const { sent, batcher } = setup(rows);
    for (let i = 0; i < 5_000; i++) batcher.remove(`k${i}`);
    batcher.flush();
    expect(sent.map((d) => d.removes.length)).toEqual([MAX_ROWS_PER_DELTA, MAX_ROWS_PER_DELTA, 1_000]);
    batcher.close();
  });

  it('sends nothing after close()', async () => {
    const { sent, batcher, wait } = setup(new Map([['a', row('a')]]));
    batcher.upsert('a');
    batcher.close();
    batcher.upsert('a');
    await wait();
    expect(sent).toEqual([]);
  });
});
