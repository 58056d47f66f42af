/** The local queue of payments added while the team database was unreachable (issue 15). */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/core/store/index.ts';
import { SqliteWatchStore } from '../../../src/core/team/sqlite-adapter.ts';
import { flushQueue, QUEUE_FILE, queueAdds, readQueue } from '../../../src/core/team/queue.ts';
import type { WatchStoreAsync } from '../../../src/core/team/types.ts';
import { c2cRef, orderRef, tempDir } from '../store/helpers.ts';

describe('the team queue', () => {
  it('keeps adds owner-only until a flush adds them with their first time, then empties', async () => {
    const dir = tempDir();
    const file = queueAdds(path.join(dir, 'data'), [c2cRef(1), orderRef(2)], '2025-10-16T12:00:00.000Z');
    queueAdds(path.join(dir, 'data'), [c2cRef(1)], '2025-10-16T12:05:00.000Z');
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // A torn last line (a crash mid-append) is skipped, not fatal.
    fs.appendFileSync(file, '{"ref":{"provi');
    expect(readQueue(path.join(dir, 'data'))).toHaveLength(3);
    const store = new SqliteWatchStore(openStore(path.join(dir, 'db')).store, 'ana');
    expect(await flushQueue(path.join(dir, 'data'), store)).toBe(2);
    expect((await store.listWatches()).map((r) => [r.ref.value, r.addedAt])).toEqual([
      ['pay_test1', '2025-10-16T12:00:00.000Z'],
      ['order-2', '2025-10-16T12:00:00.000Z'],
    ]);
    expect(fs.existsSync(path.join(dir, 'data', QUEUE_FILE))).toBe(false);
    expect(await flushQueue(path.join(dir, 'data'), store)).toBe(0);
    await store.close();
  });

  it('keeps what a failing flush did not add', async () => {
    const dir = tempDir();
    queueAdds(dir, [c2cRef(1), c2cRef(2), c2cRef(3)]);
    let calls = 0;
    const failing = {
      addWatch: async () => {
        if (++calls === 2) throw new Error('connection lost');
        return { added: true };
      },
    } as unknown as WatchStoreAsync;
    await expect(flushQueue(dir, failing)).rejects.toThrow('connection lost');
    expect(readQueue(dir).map((q) => q.ref.value)).toEqual(['pay_test2', 'pay_test3']);
  });
});
