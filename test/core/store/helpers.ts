/** Shared fixtures for the store tests: real database files in throwaway temp folders. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { Card2CryptoPayment, PayCryptPayment, PaymentEvent } from '../../../src/shared/payment.ts';
import type { PaymentRef } from '../../../src/shared/refs.ts';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) {
    // A read-only test may have left a folder (at any depth) we can't delete from; give it back
    // first. Root deletes regardless, so only a non-root run shows this.
    giveBack(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Makes `dir` and every folder under it ours to change again. */
function giveBack(dir: string): void {
  fs.chmodSync(dir, 0o700);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) giveBack(path.join(dir, entry.name));
  }
}

/** A fresh temp folder, removed after the test. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paymon-store-'));
  made.push(dir);
  return dir;
}

/** A Card2Crypto payment reference. */
export function c2cRef(n: number | string): PaymentRef {
  return { provider: 'card2crypto', kind: 'payment', value: `pay_test${n}` };
}

/** A PayCrypt order reference. */
export function orderRef(n: number | string): PaymentRef {
  return { provider: 'paycrypt', kind: 'order', value: `order-${n}` };
}

/** A normalized Card2Crypto payment in `status`. */
export function c2cPayment(id: string, status: string, final = false): Card2CryptoPayment {
  return {
    provider: 'card2crypto',
    id,
    orderId: '1234',
    status,
    final,
    amountMinor: 10_000,
    currency: 'USD',
    createdAt: '2025-10-16T12:00:00Z',
    completedAt: final ? '2025-10-16T12:01:30Z' : null,
    confirmedAt: null,
    updatedAt: null,
    customerEmail: 'customer@example.com',
    customerName: 'John Doe',
    metadata: { order_id: '1234', product: 'Premium Plan' },
    checkoutUrl: `https://card2crypto.cc/checkout/${id}`,
  };
}

/** A normalized PayCrypt payment in `status` with `events`. */
export function payCryptPayment(status: string, events: PaymentEvent[], final = false): PayCryptPayment {
  return {
    provider: 'paycrypt',
    id: '3f2b8c1e-1111-4a2b-9c3d-123456789abc',
    orderId: 'order-1',
    status,
    final,
    amountMinor: 2_500,
    currency: 'USD',
    createdAt: '2025-10-16T12:00:00Z',
    completedAt: null,
    confirmedAt: final ? '2025-10-16T12:10:00Z' : null,
    updatedAt: '2025-10-16T12:05:00Z',
    customerEmail: null,
    customerName: null,
    metadata: {},
    customerWallet: null,
    coin: 'USDT',
    network: 'TRC20',
    depositAddress: 'TXYZ',
    expiresAt: null,
    txHash: null,
    blockNumber: null,
    confirmations: null,
    amountReceived: null,
    amountReceivedUsdMinor: null,
    events,
  };
}
