/** IPC registration: every contract channel, the trusted-sender check first, hostile arguments through the real service. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pathToFileURL } from 'node:url';
import { createTrustedSenderCheck, INVOKE_CHANNELS, REFUSED, setupIpc, type IpcMainLike, type SenderEvent } from '../../src/main/ipc.ts';
import { rendererTarget } from '../../src/main/window.ts';
import { REQUEST_SCHEMAS } from '../../src/shared/ipc-schemas.ts';
import { startServiceRig, type ServiceRig } from '../core/app/service-rig.ts';

type Handler = (event: SenderEvent, arg: unknown) => Promise<unknown>;

/** A stand-in ipcMain that records handlers. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipcMain, handlers };
}

const INDEX = '/opt/paymon/out/renderer/index.html';
const fileTarget = rendererTarget({ isPackaged: true, devUrl: undefined, indexHtml: INDEX });
const devTarget = rendererTarget({ isPackaged: false, devUrl: 'http://localhost:5173/', indexHtml: INDEX });
const mainContents = { id: 1 };
const otherContents = { id: 2 };
const top = (url: string) => ({ url, parent: null });
const ours = (url = `${pathToFileURL(INDEX).href}#/watchlist`): SenderEvent => ({ sender: mainContents, senderFrame: top(url) });

describe('createTrustedSenderCheck', () => {
  const trusted = createTrustedSenderCheck(fileTarget, () => mainContents);
  it('trusts only our window showing our page in its top frame', () => {
    expect(trusted(ours())).toBe(true);
    expect(trusted(ours(pathToFileURL(INDEX).href))).toBe(true);
    expect(trusted(ours('https://evil.example/'))).toBe(false);
    expect(trusted(ours('file:///etc/passwd'))).toBe(false);
    expect(trusted(ours('file:///opt/paymon/out/renderer/other.html'))).toBe(false);
    expect(trusted({ sender: otherContents, senderFrame: top(pathToFileURL(INDEX).href) })).toBe(false);
    expect(trusted({ sender: mainContents, senderFrame: { url: pathToFileURL(INDEX).href, parent: top(pathToFileURL(INDEX).href) } })).toBe(false);
    expect(trusted({ sender: mainContents, senderFrame: null })).toBe(false);
    const disposed = { sender: mainContents, get senderFrame(): never { throw new Error('Render frame was disposed'); } };
    expect(trusted(disposed)).toBe(false);
    expect(createTrustedSenderCheck(fileTarget, () => null)(ours())).toBe(false);
  });

  it('trusts the dev server origin only when it is the target', () => {
    const dev = createTrustedSenderCheck(devTarget, () => mainContents);
    expect(dev(ours('http://localhost:5173/#/x'))).toBe(true);
    expect(dev(ours('http://localhost:5174/'))).toBe(false);
    expect(dev(ours(pathToFileURL(INDEX).href))).toBe(false);
    expect(trusted(ours('http://localhost:5173/'))).toBe(false);
  });
});

describe('setupIpc', () => {
  let rig: ServiceRig;
  beforeAll(async () => {
    rig = await startServiceRig();
  });
  afterAll(() => rig.close());

  it('registers exactly the contract channels and removes them again', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const dispose = setupIpc(ipcMain, rig.service, () => true);
    expect([...handlers.keys()].sort()).toEqual(Object.keys(REQUEST_SCHEMAS).sort());
    expect(INVOKE_CHANNELS).toHaveLength(Object.keys(REQUEST_SCHEMAS).length);
    dispose();
    expect(handlers.size).toBe(0);
  });

  it('refuses foreign senders before the service sees anything', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const service = { invoke: vi.fn(async () => ({ ok: true as const, value: 'reached' })) };
    const refused = vi.fn();
    setupIpc(ipcMain, service, createTrustedSenderCheck(fileTarget, () => mainContents), refused);
    const foreign: SenderEvent[] = [
      ours('https://evil.example/'),
      { sender: otherContents, senderFrame: top(pathToFileURL(INDEX).href) },
      { sender: mainContents, senderFrame: { url: pathToFileURL(INDEX).href, parent: {} } },
      { sender: mainContents, senderFrame: null },
    ];
    for (const channel of INVOKE_CHANNELS) {
      for (const event of foreign) expect(await handlers.get(channel)!(event, { keys: [] })).toEqual(REFUSED);
    }
    expect(service.invoke).not.toHaveBeenCalled();
    expect(refused).toHaveBeenCalledTimes(INVOKE_CHANNELS.length * foreign.length);
    expect(await handlers.get('watch:refresh')!(ours(), { keys: [] })).toEqual({ ok: true, value: 'reached' });
    expect(service.invoke).toHaveBeenCalledWith('watch:refresh', { keys: [] });
  });

  it('answers hostile arguments from a trusted sender with invalid_input, through the real service', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    setupIpc(ipcMain, rig.service, createTrustedSenderCheck(fileTarget, () => mainContents));
    const hostile = [null, 7, 'x', [], { keys: 'nope' }, JSON.parse('{"__proto__":{"x":1}}'), { url: 'javascript:alert(1)' }];
    for (const channel of INVOKE_CHANNELS) {
      for (const arg of hostile) {
        const result = await handlers.get(channel)!(ours(), arg);
        expect(result, `${channel} ${JSON.stringify(arg)}`).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
      }
    }
    expect(await handlers.get('app:snapshot')!(ours(), undefined)).toMatchObject({ ok: true, value: { rows: [] } });
  });
});
