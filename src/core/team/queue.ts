/**
 * Never lose an added payment (issue 15): what an agent adds while the team database is
 * unreachable is appended to a file in its data folder (owner-only, like the database) and added
 * to the team's watchlist, with the time it was first added, the next time Paymon reaches it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isProvider } from '../../shared/providers/index.ts';
import type { PaymentRef } from '../../shared/refs.ts';
import { DIR_MODE, FILE_MODE } from '../store/file-modes.ts';
import type { WatchStoreAsync } from './types.ts';

/** The queue file in the data folder. */
export const QUEUE_FILE = 'team-queue.jsonl';

/** One queued add. */
export interface QueuedAdd {
  ref: PaymentRef;
  addedAt: string;
}

/** Appends `refs` to the queue in `dir`; returns the file's path. */
export function queueAdds(dir: string, refs: readonly PaymentRef[], at: string = new Date().toISOString()): string {
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  const file = path.join(dir, QUEUE_FILE);
  const text = refs.map((ref) => `${JSON.stringify({ ref, addedAt: at } satisfies QueuedAdd)}\n`).join('');
  fs.appendFileSync(file, text, { mode: FILE_MODE });
  return file;
}

/** The queued adds, skipping lines that cannot be read (a torn last line after a crash). */
export function readQueue(dir: string): QueuedAdd[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, QUEUE_FILE), 'utf8');
  } catch {
    return [];
  }
  const out: QueuedAdd[] = [];
  for (const lineText of text.split('\n')) {
    if (!lineText.trim()) continue;
    try {
      const v = JSON.parse(lineText) as QueuedAdd;
      const r = v.ref;
      if (r && isProvider(r.provider) && (r.kind === 'payment' || r.kind === 'order') && typeof r.value === 'string' && typeof v.addedAt === 'string') out.push(v);
    } catch {
      // Unreadable line: skipped.
    }
  }
  return out;
}

/**
 * Adds every queued payment to `store` (already watched ones stay as they are) and empties the
 * queue; on a failure the adds not yet made stay queued. Returns how many were newly added.
 */
export async function flushQueue(dir: string, store: WatchStoreAsync): Promise<number> {
  const queued = readQueue(dir);
  if (queued.length === 0) return 0;
  let added = 0;
  let done = 0;
  try {
    for (const q of queued) {
      if ((await store.addWatch(q.ref, { addedAt: q.addedAt })).added) added++;
      done++;
    }
  } finally {
    const file = path.join(dir, QUEUE_FILE);
    const rest = queued.slice(done);
    if (rest.length === 0) fs.rmSync(file, { force: true });
    else {
      // Rewritten whole, then renamed over: a crash leaves the old queue or the new one.
      fs.writeFileSync(`${file}.tmp`, rest.map((q) => `${JSON.stringify(q)}\n`).join(''), { mode: FILE_MODE });
      fs.renameSync(`${file}.tmp`, file);
    }
  }
  return added;
}
