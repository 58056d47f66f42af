/**
 * The demo's backend (issue 12): the simulator on 127.0.0.1 (a random port), seeded with the demo
 * scenario on the monitor's clock. The core defines what a demo backend is (StartDemoBackend) and
 * never imports this file; main and the test rigs inject it into AppService.
 */
import type { DemoBackend, DemoLaunch } from '../core/app/demo.ts';
import { byProvider } from '../shared/providers/index.ts';
import { parsePaymentId, type PaymentRef } from '../shared/refs.ts';
import { seedDemo } from './scenario.ts';
import { startSimulator } from './server.ts';
import { SimWorld } from './world.ts';

/** Starts the simulator for demo mode and returns the demo payments' references, URLs and keys. */
export async function startDemoBackend(launch: DemoLaunch): Promise<DemoBackend> {
  const world = new SimWorld({ now: launch.now, seed: launch.seed });
  const ids = seedDemo(world, { now: launch.seededAt, count: launch.count });
  const sim = await startSimulator({ world, host: '127.0.0.1', port: 0 });
  // Each ID names its provider (its spec's pattern), in the scenario's order.
  const refs: PaymentRef[] = [...ids.card2crypto, ...ids.paycrypt].map((value) => parsePaymentId(value));
  return {
    refs,
    urls: byProvider((spec) => sim.baseUrl(spec.id)),
    keys: sim.keys,
    close: () => sim.close(),
  };
}
