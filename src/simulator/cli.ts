/**
 * `node src/simulator/cli.ts [--port N] [--seed N] [--host H] [--count N] [rate-limit options]`:
 * serve the demo scenario until SIGINT/SIGTERM. Prints URLs, keys (the simulator's own test keys)
 * and the env vars that point Paymon at it. The rate limit's shape and wording (issue 11):
 * `--limit N/W` (repeatable), `--block S`, `--rate-headers STYLE`, `--limit-change AT:FACTOR[:FOR]`
 * (limit-options.ts).
 */
import { parseArgs } from 'node:util';
import { BUILT_IN_PROVIDERS } from '../shared/providers/index.ts';
import { describeRateLimit, rateLimitFromArgs } from './limit-options.ts';
import { RATE_LIMIT_STYLES } from './rate-limit.ts';
import { seedDemo } from './scenario.ts';
import { startSimulator } from './server.ts';
import { SimWorld } from './world.ts';

const USAGE = [
  'usage: node src/simulator/cli.ts [--port N] [--seed N] [--host H] [--count N]',
  '         [--limit N/W ...] [--block S] [--rate-headers STYLE] [--limit-change AT:FACTOR[:FOR] ...]',
  '  --limit N/W       N requests per window W (6/4s, 60/1m, 1000/1h); repeat for several windows at once',
  '  --block S         seconds a 429 blocks the key (default 30); 0: refused only until a slot frees',
  `  --rate-headers    how limits are told: ${RATE_LIMIT_STYLES.join(', ')}`,
  '  --limit-change    from AT s after start, for FOR s (or to the end), every limit x FACTOR',
].join('\n');

function intOption(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > max) {
    console.error(`--${name} must be an integer from 0 to ${max}, got "${raw}"\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

function parseCli() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string' },
        seed: { type: 'string' },
        host: { type: 'string' },
        count: { type: 'string' },
        limit: { type: 'string', multiple: true },
        block: { type: 'string' },
        'rate-headers': { type: 'string' },
        'limit-change': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return process.exit(2);
  }
}

const values = parseCli();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

// A fixed default port keeps the exported env vars valid across restarts.
const port = intOption('port', values.port, 7878, 65_535);
const seed = intOption('seed', values.seed, 1, 2 ** 32 - 1);
const count = intOption('count', values.count, 16, 1000);
const now = Date.now();
let rateLimit;
try {
  rateLimit = rateLimitFromArgs({ limit: values.limit, block: values.block, rateHeaders: values['rate-headers'], limitChange: values['limit-change'] }, now);
} catch (err) {
  console.error(`${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
const world = new SimWorld({ seed, rateLimit });
const ids = seedDemo(world, { now, count });

const handle = await startSimulator({ port, host: values.host ?? '127.0.0.1', world }).catch((err: unknown) => {
  console.error(`Cannot start the simulator: ${(err as Error).message}`);
  return process.exit(1);
});

// Handlers go in before anything is printed: a script that signals as soon as it reads
// the URLs must not meet Node's default (exit without closing).
let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  await handle.close();
  console.log(`Simulator stopped (${signal}).`);
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));

function story(id: string): string {
  return world
    .changeTimes(id)
    .map((c) => {
      const s = Math.round((c.at - now) / 1000);
      return `${c.status} (${s >= 0 ? '+' : ''}${s}s)`;
    })
    .join(' -> ');
}

const orders = new Map(world.list().map((p) => [p.id, p.orderId]));
const lines = [
  `Paymon simulator listening on ${handle.url} (seed ${seed})`,
  describeRateLimit(world.limiter.config),
  ...BUILT_IN_PROVIDERS.map((s) => `${`${s.label}:`.padEnd(13)}${handle.baseUrl(s.id)}  key ${handle.keys[s.id]}`),
  '',
  'Point Paymon at it:',
  // The variable names are each provider's spec's (src/shared/providers).
  ...BUILT_IN_PROVIDERS.map((s) => `export ${s.env.baseUrl}=${handle.baseUrl(s.id)}`),
  ...BUILT_IN_PROVIDERS.map((s) => `export ${s.env.apiKey}=${handle.keys[s.id]}`),
  '',
  'Card2Crypto payments:',
  ...ids.card2crypto.map((id) => `  ${id}  ${story(id)}`),
  'PayCrypt payments (payment_id, order_id):',
  ...ids.paycrypt.map((id) => `  ${id}  ${orders.get(id) ?? ''}  ${story(id)}`),
  '',
  'Press Ctrl+C to stop.',
];
console.log(lines.join('\n'));
