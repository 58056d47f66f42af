import { afterEach, describe, expect, it } from 'vitest';
import { createSimFetch } from '../../src/simulator/fetch.ts';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/server.ts';
import { SimWorld } from '../../src/simulator/world.ts';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const S = 1000;
let sim: SimulatorHandle | null = null;

afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function start() {
  const clock = { t: T0 };
  const world = new SimWorld({ now: () => clock.t, seed: 9 });
  sim = await startSimulator({ port: 0, world });
  const c2c = world.addCard2Crypto({ amount: 2500, createdAt: T0, outcome: { complete: T0 + 10 * S } });
  const pc = world.addPayCrypt({
    amount: 50,
    orderId: '31337',
    createdAt: T0,
    outcome: { depositAt: T0 + 5 * S, amountReceived: 50, requiredConfirmations: 2, blockSeconds: 12 },
  });
  const s = sim;
  const c2cGet = (id = c2c, key = s.keys.card2crypto, init: RequestInit = {}) =>
    fetch(`${s.card2cryptoUrl}/payments/${id}`, { ...init, headers: { authorization: `Bearer ${key}` } });
  const pcGet = (query: string, key = s.keys.paycrypt, init: RequestInit = {}) =>
    fetch(`${s.paycryptUrl}/payment/status?${query}`, { ...init, headers: { authorization: `Bearer ${key}` } });
  return { clock, world, sim: s, c2c, pc, c2cGet, pcGet };
}

describe('simulator over HTTP', () => {
  it('serves both providers at their base URLs, following the clock', async () => {
    const { clock, sim: s, c2c, pc, c2cGet, pcGet } = await start();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.card2cryptoUrl).toBe(`${s.url}/card2crypto/api/v1`);
    expect(s.paycryptUrl).toBe(`${s.url}/paycrypt`);
    expect(s.keys).toEqual({ card2crypto: expect.stringMatching(/^c2c_test_/), paycrypt: expect.stringMatching(/^sk_test_/) });

    const first = await c2cGet();
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/application\/json/);
    expect(await first.json()).toMatchObject({ success: true, data: { id: c2c, status: 'pending', currency: 'usd' } });
    clock.t = T0 + 10 * S;
    expect(await (await c2cGet()).json()).toMatchObject({ data: { status: 'completed', completed_at: '2026-03-01T10:00:10Z' } });

    expect(await (await pcGet('order_id=31337')).json()).toMatchObject({ payment_id: pc, status: 'pending', confirmations: 1 });
    clock.t = T0 + 17 * S;
    expect(await (await pcGet(`payment_id=${pc}`)).json()).toMatchObject({ status: 'confirmed', confirmations: 2 });
  });

  it('answers 401, 404 for a foreign shop, and 400 over the wire', async () => {
    const { world, c2cGet, pcGet, pc } = await start();
    const r401 = await c2cGet(undefined, 'c2c_test_wrong');
    expect(r401.status).toBe(401);
    expect(await r401.json()).toEqual({ success: false, error: 'Invalid API key' });
    expect((await fetch(`${sim?.card2cryptoUrl}/payments/pay_x`)).status).toBe(401);
    world.addKey('card2crypto', 'c2c_test_foreign');
    const r404 = await c2cGet(undefined, 'c2c_test_foreign');
    expect(r404.status).toBe(404);
    expect(await r404.json()).toEqual({ success: false, error: 'Payment not found' });
    expect((await pcGet(`payment_id=${pc}`, 'sk_test_wrong')).status).toBe(401);
    expect((await pcGet('')).status).toBe(400);
    expect((await fetch(`${sim?.url}/elsewhere`)).status).toBe(404);
  });

  it('rate-limits the 61st request with the exact body, and recovers after 30 s', async () => {
    const { clock, world, c2cGet } = await start();
    for (let i = 0; i < 60; i++) expect((await c2cGet()).status).toBe(200);
    const limited = await c2cGet();
    expect(limited.status).toBe(429);
    expect(await limited.text()).toBe('{"success":false,"error":"Rate limit exceeded. Try again in 30 seconds."}');
    clock.t = T0 + 29 * S;
    expect((await c2cGet()).status).toBe(429);
    clock.t = T0 + 30 * S;
    expect((await c2cGet()).status).toBe(200);
    expect(world.stats()[sim?.keys.card2crypto ?? '']).toEqual({ requests: 63, rateLimited: 2, faults: 0 });
  });

  it('carries out every fault kind', async () => {
    const { world, c2cGet, pcGet, pc } = await start();
    world.injectFaults('server_error');
    expect([500, 503]).toContain((await c2cGet()).status);
    world.injectFaults('html');
    const html = await pcGet(`payment_id=${pc}`);
    expect(html.status).toBe(502);
    expect(await html.text()).toContain('Bad Gateway');
    world.injectFaults('malformed');
    const cut = await pcGet(`payment_id=${pc}`);
    expect(cut.status).toBe(200);
    await expect(cut.json()).rejects.toThrow(SyntaxError);
    world.injectFaults('rate_limit');
    expect((await c2cGet()).status).toBe(429);
    world.injectFaults('drop');
    await expect(c2cGet()).rejects.toThrow(TypeError);
    // The server survives a dropped connection.
    expect((await c2cGet()).status).toBe(200);
  });

  it('answers slowly when told, and lets an impatient client give up', async () => {
    const { world, c2cGet } = await start();
    world.setFaults({ slowMs: 400 });
    world.injectFaults('slow');
    const started = performance.now();
    const res = await c2cGet();
    expect(performance.now() - started).toBeGreaterThanOrEqual(380);
    expect(res.status).toBe(200);
    world.setFaults({ slowMs: 60_000 });
    world.injectFaults('slow');
    await expect(c2cGet(undefined, undefined, { signal: AbortSignal.timeout(100) })).rejects.toThrow(/timeout|abort/i);
  });

  it('closes promptly with keep-alive sockets and a slow answer still pending', async () => {
    const { world, c2cGet } = await start();
    expect((await c2cGet()).status).toBe(200);
    world.setFaults({ slowMs: 60_000 });
    world.injectFaults('slow');
    const pending = c2cGet();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await sim?.close();
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
    sim = null;
  });

  it('refuses a port already in use', async () => {
    const { sim: s } = await start();
    const port = Number(new URL(s.url).port);
    await expect(startSimulator({ port })).rejects.toThrow(/EADDRINUSE/);
  });
});

describe('in-process fetch', () => {
  it('answers like the server without sockets, in virtual time', async () => {
    const clock = { t: T0 };
    const world = new SimWorld({ now: () => clock.t, seed: 9, faults: { slowMs: 7000 } });
    const id = world.addCard2Crypto({ amount: 100, createdAt: T0, outcome: 'pending' });
    const waits: number[] = [];
    const simFetch = createSimFetch(world, { delay: async (ms) => void waits.push(ms) });
    const get = () =>
      simFetch(`http://sim.invalid/card2crypto/api/v1/payments/${id}`, { headers: { Authorization: 'Bearer c2c_test_paymonsimulator0001' } });
    expect(await (await get()).json()).toMatchObject({ success: true, data: { id } });
    world.injectFaults('drop');
    await expect(get()).rejects.toThrow(TypeError);
    world.injectFaults('slow');
    expect((await get()).status).toBe(200);
    expect(waits).toEqual([7000]);
    const never = createSimFetch(world, { delay: () => new Promise(() => {}) });
    world.injectFaults('slow');
    // An explicit controller: AbortSignal.timeout's timer is unreferenced and was seen not to fire on a loaded machine.
    const controller = new AbortController();
    setTimeout(() => controller.abort(new DOMException('The operation was aborted: timeout.', 'TimeoutError')), 20);
    const aborted = never(`http://sim.invalid/card2crypto/api/v1/payments/${id}`, { signal: controller.signal });
    await expect(aborted).rejects.toThrow(/timeout|abort/i);
  });
});
