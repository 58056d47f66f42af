/**
 * Secrets audit: a full run through the app service with keys set (keys entered
 * through IPC, payments pasted, checked to their final status, exported to CSV),
 * then every byte that could leak is searched for key material: the data
 * directory (database, WAL, anything else), console and stream output, every
 * event the renderer received, every IPC answer, every notification, the export.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { watchlistCsv } from '../../src/shared/csv.ts';
import type { SnapshotView } from '../../src/shared/ipc.ts';
import { MemoryStore } from '../../src/core/secrets/memory-store.ts';
import { startServiceRig, T0, type ServiceRig } from '../core/app/service-rig.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Forms a key could take in bytes: as text, UTF-16, base64, hex, and its secret tail alone. */
function needles(key: string): Buffer[] {
  const tail = key.slice(key.lastIndexOf('_') + 1);
  return [Buffer.from(key), Buffer.from(key, 'utf16le'), Buffer.from(Buffer.from(key).toString('base64')), Buffer.from(Buffer.from(key).toString('hex')), Buffer.from(tail)];
}

let rig: ServiceRig;
const answers: unknown[] = [];
const logged: string[] = [];
let keys: string[] = [];

beforeAll(async () => {
  const logs = (...args: unknown[]): void => void logged.push(args.map(String).join(' '));
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, m).mockImplementation(logs);
  rig = await startServiceRig({ secrets: new MemoryStore() });
  keys = [rig.sim.keys.card2crypto, rig.sim.keys.paycrypt];
  const call = async (channel: string, arg?: unknown): Promise<unknown> => {
    const out = await rig.service.invoke(channel, arg);
    answers.push(out);
    return out;
  };
  await call('keys:set', { provider: 'card2crypto', account: 'default', key: ` ${keys[0]} ` });
  await call('keys:set', { provider: 'paycrypt', account: 'shop two', key: keys[1], sessionOnly: true });
  // A wrong key too: its rejection message must not quote it either.
  const wrong = 'c2c_test_wrongwrongwrong9999';
  keys.push(wrong);
  await call('keys:set', { provider: 'card2crypto', account: 'typo', key: wrong });
  const c2c = rig.world.addCard2Crypto({ amount: 1999, createdAt: T0, outcome: { complete: T0 + 30_000 } });
  const pc = rig.world.addPayCrypt({ amount: 10, network: 'tron', createdAt: T0, outcome: { depositAt: T0 + 20_000, amountReceived: 10 } });
  await call('watch:add', { text: `${c2c}\n${pc}` });
  await rig.advance(10 * 60_000);
  await rig.flush();
  for (const key of [`card2crypto:payment:${c2c}`, `paycrypt:payment:${pc}`]) await call('watch:detail', { key });
  await call('keys:verify', { provider: 'card2crypto', account: 'default' });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await rig.close();
});

describe('secrets audit', () => {
  it('the run really used the keys and reached final statuses', async () => {
    const snap = (await rig.service.invoke('app:snapshot', undefined)) as { ok: true; value: SnapshotView };
    expect(snap.value.rows.map((r) => r.status).sort()).toEqual(['completed', 'confirmed']);
    expect(snap.value.accounts.map((a) => `${a.provider}:${a.account}:${a.verified}`).sort()).toEqual([
      'card2crypto:default:accepted',
      'card2crypto:typo:rejected',
      'paycrypt:shop two:accepted',
    ]);
    expect(rig.notified.length).toBeGreaterThanOrEqual(2);
  });

  it('no key material anywhere: data directory, logs, renderer events, IPC answers, notifications, CSV export', async () => {
    const snap = (await rig.service.invoke('app:snapshot', undefined)) as { ok: true; value: SnapshotView };
    const exported = watchlistCsv(snap.value.rows);
    const files = filesUnder(rig.dir);
    expect(files.some((f) => f.endsWith('paymon.db'))).toBe(true);
    const haystacks: Array<[string, Buffer]> = [
      ...files.map((f): [string, Buffer] => [f, readFileSync(f)]),
      ['console', Buffer.from(logged.join('\n'))],
      ['renderer events', Buffer.from(JSON.stringify(rig.pushed))],
      ['IPC answers', Buffer.from(JSON.stringify([...answers, snap]))],
      ['notifications', Buffer.from(JSON.stringify(rig.notified))],
      ['CSV export', Buffer.from(exported)],
    ];
    let searched = 0;
    for (const key of keys) {
      for (const needle of needles(key)) {
        for (const [where, bytes] of haystacks) {
          searched += bytes.length;
          expect(bytes.includes(needle), `${where} holds key material`).toBe(false);
        }
      }
    }
    process.stdout.write(`secrets audit: ${keys.length} keys x 5 encodings searched in ${haystacks.length} places (${(searched / 1e6).toFixed(1)} MB): 0 found\n`);
  });
});
