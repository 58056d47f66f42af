/**
 * A real HTTP server on 127.0.0.1 for tests: start it with a handler, point a client
 * at `url`, then assert on `requests` (every request it received, in order).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface RecordedRequest {
  method: string;
  /** Raw request target, e.g. "/api/v1/payments/pay_1?x=y". */
  url: string;
  headers: IncomingHttpHeaders;
}

/** A running test server. */
export interface TestServer {
  /** Origin, e.g. "http://127.0.0.1:40123" (no trailing slash). */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** What a test answers with; may leave the response open (stalls) or destroy the socket. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Start a server on a free loopback port. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        // Stalled test responses would otherwise keep close() waiting forever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Send `body` as JSON with `status` and extra headers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A loopback URL on which nothing listens (bound, then released). */
export async function closedPortUrl(): Promise<string> {
  const server = await startServer(() => undefined);
  await server.close();
  return server.url;
}
