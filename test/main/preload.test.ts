/**
 * The preload: the API it builds (one function per channel, event channels only, payload only),
 * and the built bundle, which a sandboxed preload can load only if it requires nothing but electron.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPaymonApi, type IpcRendererLike } from '../../src/preload/api.ts';
import { API_CHANNELS, EVENT_CHANNELS, type EventChannel } from '../../src/shared/ipc.ts';

function fakeIpcRenderer() {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipc = {
    invoke: vi.fn(async (...args: unknown[]) => ({ ok: true, value: args })),
    on: (channel: string, l: (event: unknown, ...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(l);
    },
    removeListener: (channel: string, l: (event: unknown, ...args: unknown[]) => void) => void listeners.get(channel)?.delete(l),
  } satisfies IpcRendererLike;
  const emit = (channel: string, payload: unknown) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'ipcRenderer-handle', ports: [] }, payload);
  };
  return { ipc, emit, listeners };
}

describe('createPaymonApi', () => {
  it('has one named function per channel and on(), nothing raw', () => {
    const api = createPaymonApi(fakeIpcRenderer().ipc);
    expect(Object.keys(api).sort()).toEqual([...Object.keys(API_CHANNELS), 'on'].sort());
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('ipcRenderer');
  });

  it('invokes each channel with exactly the one request argument', async () => {
    const { ipc } = fakeIpcRenderer();
    const api = createPaymonApi(ipc);
    await api.snapshot();
    expect(ipc.invoke).toHaveBeenLastCalledWith('app:snapshot');
    await (api.addText as (...a: unknown[]) => Promise<unknown>)({ text: 'x' }, 'extra', { evil: true });
    expect(ipc.invoke).toHaveBeenLastCalledWith('watch:add', { text: 'x' });
    for (const [name, channel] of Object.entries(API_CHANNELS)) {
      await (api[name as keyof typeof API_CHANNELS] as (r: unknown) => Promise<unknown>)({ probe: name });
      expect(ipc.invoke).toHaveBeenLastCalledWith(channel, { probe: name });
    }
  });

  it('turns a transport failure into a typed error', async () => {
    const { ipc } = fakeIpcRenderer();
    ipc.invoke.mockRejectedValueOnce(new Error('No handler registered'));
    expect(await createPaymonApi(ipc).snapshot()).toMatchObject({ ok: false, error: { kind: 'internal' } });
  });

  it('subscribes to event channels only, passes the payload alone, and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpcRenderer();
    const api = createPaymonApi(ipc);
    const got: unknown[][] = [];
    const off = api.on('toast', (...args: unknown[]) => void got.push(args));
    emit('toast', { key: 'k' });
    expect(got).toEqual([[{ key: 'k' }]]);
    off();
    emit('toast', { key: 'k2' });
    expect(got).toHaveLength(1);
    expect(listeners.get('toast')?.size).toBe(0);
    for (const bad of ['watch:add', 'keys:set', '__proto__', 'anything']) {
      expect(() => api.on(bad as EventChannel, () => undefined)).toThrow(TypeError);
    }
    expect(() => api.on('toast', 'not a function' as never)).toThrow(TypeError);
    expect(EVENT_CHANNELS.every((c) => typeof api.on(c, () => undefined) === 'function')).toBe(true);
  });
});

describe('the built preload bundle', () => {
  const root = resolve(import.meta.dirname, '../..');
  let outDir = '';
  let bundle = '';
  beforeAll(() => {
    // A private output folder: the test never races another build writing out/.
    outDir = mkdtempSync(join(tmpdir(), 'paymon-build-'));
    const cli = join(root, 'node_modules/electron-vite/bin/electron-vite.js');
    const run = spawnSync(process.execPath, [cli, 'build', '--outDir', outDir, '--logLevel', 'error'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    if (run.status !== 0) throw new Error(`electron-vite build failed: ${run.stderr || run.stdout}`);
    bundle = readFileSync(join(outDir, 'preload/index.cjs'), 'utf8');
  }, 130_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('is one CommonJS file that requires only electron', () => {
    const required = [...bundle.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(bundle).not.toMatch(/\bimport\s*\(|^\s*import\s|\bexport\s/m);
    // Exactly one global, built by createPaymonApi: never ipcRenderer or process itself.
    expect([...bundle.matchAll(/exposeInMainWorld\(/g)]).toHaveLength(1);
    expect(bundle).toMatch(/exposeInMainWorld\("paymon", createPaymonApi\((electron\.)?ipcRenderer\)\)/);
    expect(bundle).not.toMatch(/\bprocess\./);
  });
});
