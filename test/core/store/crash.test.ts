/**
 * A process killed in the middle of writing (SIGKILL: no cleanup, no close) must leave a database
 * that opens, passes its integrity check, and holds every observation whose commit was reported.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/core/store/index.ts';
import { tempDir } from './helpers.ts';

const WATCHES = 50;
const KILL_AFTER = 400;

// The child watches WATCHES payments, then records observation i (status "s<i>" on watch i % WATCHES)
// one transaction at a time, printing i after each commit returns.
const CHILD = `
import { openStore } from ${JSON.stringify(pathToFileURL(path.resolve('src/core/store/index.ts')).href)};
const { store } = openStore(process.argv[2]);
const key = (n) => 'card2crypto:payment:pay_crash' + n;
store.transaction(() => {
  for (let n = 0; n < ${WATCHES}; n++) store.addWatch({ provider: 'card2crypto', kind: 'payment', value: 'pay_crash' + n });
});
const big = 'x'.repeat(3000); // big enough that commits span several pages
for (let i = 0; ; i++) {
  store.recordObservation(key(i % ${WATCHES}), {
    payment: { provider: 'card2crypto', id: 'pay_crash' + i, status: 's' + i, final: false, metadata: { big } },
    raw: { big, i },
    seenAt: new Date().toISOString(),
  });
  process.stdout.write(i + '\\n');
}
`;

/** Run the child until it reports `KILL_AFTER` commits, SIGKILL it; the last reported index. */
function runAndKill(dir: string): Promise<number> {
  const script = path.join(dir, 'writer.mjs');
  fs.writeFileSync(script, CHILD);
  const child = spawn(process.execPath, [script, path.join(dir, 'data')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.split('\n').length > KILL_AFTER) child.kill('SIGKILL');
    });
    child.on('error', reject);
    // 'close', not 'exit': lines still in the pipe when the child died are read first.
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited on its own: ${stderr}`));
      // Only whole lines count: the last piece may be a number cut short by the kill.
      const done = stdout.split('\n').slice(0, -1);
      resolve(Number(done.at(-1)));
    });
  });
}

describe('a writer killed mid-way', () => {
  it('leaves a sound database holding every reported commit', async () => {
    const dir = tempDir();
    const lastReported = await runAndKill(dir);
    expect(lastReported).toBeGreaterThanOrEqual(KILL_AFTER - 1);
    const dataDir = path.join(dir, 'data');

    const { store, notices } = openStore(dataDir);
    expect(notices).toEqual([]);
    const seen = new Set<number>();
    for (const watch of store.listWatches()) {
      const history = store.statusHistory(watch.key);
      for (const change of history) seen.add(Number(change.to.slice(1)));
      // The snapshot and the history were written in one transaction, so they always agree.
      expect(watch.status).toBe(history.at(-1)?.to ?? null);
      expect(watch.payment?.status).toBe(watch.status ?? undefined);
    }
    store.close();
    for (let i = 0; i <= lastReported; i++) expect(seen.has(i), `observation ${i}`).toBe(true);
    // Anything beyond that is at most the one commit that landed before its line was printed.
    expect(Math.max(...seen)).toBeLessThanOrEqual(lastReported + 1);

    const db = new DatabaseSync(path.join(dataDir, 'paymon.db'), { readOnly: true });
    expect(db.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }]);
    db.close();
  });
});
