/**
 * The simulator over real HTTP: each request goes to `world.handle`, and the
 * transport faults (dropped connection, slow answer) are carried out for real.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Provider } from '../shared/payment.ts';
import { CARD2CRYPTO_PREFIX, PAYCRYPT_PREFIX } from './handler.ts';
import { DEFAULT_KEYS, SimWorld, type SimWorldOptions } from './world.ts';

/** Where and what to serve. */
export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the simulator is for this machine only. */
  host?: string;
  /** The world to serve; a new one is built from `worldOptions` when missing. */
  world?: SimWorld;
  worldOptions?: SimWorldOptions;
}

/** A running simulator. */
export interface SimulatorHandle {
  world: SimWorld;
  /** e.g. http://127.0.0.1:PORT */
  url: string;
  /** Card2Crypto base URL, e.g. http://127.0.0.1:PORT/card2crypto/api/v1 */
  card2cryptoUrl: string;
  /** PayCrypt base URL, e.g. http://127.0.0.1:PORT/paycrypt */
  paycryptUrl: string;
  /** The world's default keys. */
  keys: Record<Provider, string>;
  /** The base URL to give a client of `provider` (any backend of the world, issue 12). */
  baseUrl(provider: Provider): string;
  /** Stop listening, cancel slow answers and end open keep-alive sockets. */
  close(): Promise<void>;
}

/** Start the simulator's HTTP server. */
export async function startSimulator(opts: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const world = opts.world ?? new SimWorld(opts.worldOptions);
  const host = opts.host ?? '127.0.0.1';
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const answer = world.handle({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization ?? null,
    });
    if (answer.fault === 'drop') {
      // No status line at all: the client sees the connection reset mid-request.
      req.socket.destroy();
      return;
    }
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    };
    if (answer.fault !== 'slow') return send();
    const timer = setTimeout(() => {
      timers.delete(timer);
      send();
    }, answer.delayMs ?? 0);
    timers.add(timer);
    // A client that gives up (timeout, abort) frees its slow answer at once.
    res.on('close', () => {
      clearTimeout(timer);
      timers.delete(timer);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  let closing: Promise<void> | null = null;

  return {
    world,
    url,
    card2cryptoUrl: `${url}${CARD2CRYPTO_PREFIX}`,
    paycryptUrl: `${url}${PAYCRYPT_PREFIX}`,
    keys: { ...DEFAULT_KEYS },
    baseUrl(provider) {
      const backend = world.backends.find((b) => b.provider === provider);
      if (backend === undefined) throw new RangeError(`the simulator has no provider ${provider}`);
      return `${url}${backend.prefix}`;
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets would otherwise hold close() open until they time out.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
