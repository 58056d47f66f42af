/**
 * Card2Crypto's simulated API: `GET /payments/{id}` under `/card2crypto/api/v1`, answers and
 * errors in the documented `{ success, … }` envelope (/work/shared/specs/card2crypto-get-payment.md).
 */
import { card2crypto } from '../shared/providers/card2crypto.ts';
import { json, type SimBackend, type SimError } from './backend.ts';
import { card2cryptoChanges, card2cryptoData, card2cryptoStatusAt, type Card2CryptoScript } from './card2crypto.ts';

/** Where Card2Crypto's base URL lives on the simulator. */
export const CARD2CRYPTO_PREFIX = `/${card2crypto.id}/api/v1`;

const ROUTE = new RegExp(`^${CARD2CRYPTO_PREFIX}/payments/([^/]+)/?$`);
const NOT_FOUND: SimError = { status: 404, code: 'not_found', message: 'Payment not found' };

/** The world hands this backend only the scripts it made with addCard2Crypto. */
const script = (s: unknown): Card2CryptoScript => s as Card2CryptoScript;

/** Card2Crypto's backend. */
export const card2cryptoBackend: SimBackend = {
  provider: card2crypto.id,
  prefix: CARD2CRYPTO_PREFIX,
  defaultKey: 'c2c_test_paymonsimulator0001',
  errors: {
    'no-route': { status: 404, code: 'not_found', message: 'Not found' },
    method: { status: 405, code: 'method_not_allowed', message: 'Method not allowed' },
    auth: { status: 401, code: 'unauthorized', message: 'Invalid API key' },
    'rate-limited': { status: 429, code: 'rate_limited', message: 'Rate limit exceeded.' },
    server: { status: 500, code: 'internal_error', message: 'Internal server error' },
    unavailable: { status: 503, code: 'service_unavailable', message: 'Service temporarily unavailable' },
  },
  // The documented error envelope has no code word.
  errorBody: (error) => ({ success: false, error: error.message }),
  route: (path) => ROUTE.exec(path),
  lookup(payments, _req, key, route, t) {
    const notFound = json(404, this.errorBody(NOT_FOUND));
    let id: string;
    try {
      id = decodeURIComponent(route[1] ?? '');
    } catch {
      return notFound;
    }
    const e = payments.payment(id);
    if (e?.provider !== card2crypto.id || e.script.key !== key || t < e.script.createdAt) return notFound;
    return json(200, { success: true, data: card2cryptoData(script(e.script), t, payments.checkoutBaseUrl) });
  },
  changes: (s) => card2cryptoChanges(script(s)),
  statusAt: (s, t) => card2cryptoStatusAt(script(s), t),
};
