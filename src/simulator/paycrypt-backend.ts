/**
 * PayCrypt's simulated API: `GET /payment/status?payment_id=…|order_id=…` under `/paycrypt`
 * (/work/shared/specs/paycrypt-payment-status.md). PayCrypt documents no error bodies, so these
 * are a plausible guess that clients must not depend on.
 */
import { paycrypt } from '../shared/providers/paycrypt.ts';
import { json, type SimBackend, type SimError } from './backend.ts';
import { paycryptBody, paycryptChanges, paycryptStatusAt, type PayCryptScript } from './paycrypt.ts';

/** Where PayCrypt's base URL lives on the simulator. */
export const PAYCRYPT_PREFIX = `/${paycrypt.id}`;

const ROUTE = new RegExp(`^${PAYCRYPT_PREFIX}/payment/status/?$`);

/** The world hands this backend only the scripts it made with addPayCrypt. */
const script = (s: unknown): PayCryptScript => s as PayCryptScript;

function bad(message: string): SimError {
  return { status: 400, code: 'bad_request', message };
}

/** PayCrypt's backend. */
export const paycryptBackend: SimBackend = {
  provider: paycrypt.id,
  prefix: PAYCRYPT_PREFIX,
  defaultKey: 'sk_test_paymonsimulator0001',
  errors: {
    'no-route': { status: 404, code: 'not_found', message: 'No such endpoint' },
    method: { status: 405, code: 'method_not_allowed', message: 'Use GET' },
    auth: { status: 401, code: 'unauthorized', message: 'Invalid or missing API key' },
    'rate-limited': { status: 429, code: 'rate_limited', message: 'Too many requests' },
    server: { status: 500, code: 'internal_error', message: 'Internal server error' },
    unavailable: { status: 503, code: 'service_unavailable', message: 'Service temporarily unavailable' },
  },
  errorBody: (error) => ({ error: error.code, message: error.message }),
  route: (path) => ROUTE.exec(path),
  lookup(payments, req, key, _route, t) {
    const paymentId = req.query.get('payment_id') || null;
    const orderId = req.query.get('order_id') || null;
    if (paymentId === null && orderId === null) {
      return json(400, this.errorBody(bad('Either payment_id or order_id is required')));
    }
    if (paymentId !== null && !paycrypt.paymentId.pattern.test(paymentId)) {
      return json(400, this.errorBody(bad('payment_id must be a UUID')));
    }
    const byId = paymentId === null ? undefined : payments.payment(paymentId.toLowerCase());
    const e = paymentId === null ? payments.order(paycrypt.id, orderId ?? '') : byId?.provider === paycrypt.id ? byId : undefined;
    const s = e === undefined ? undefined : script(e.script);
    // Both given: they must name the same payment.
    const found = s !== undefined && (orderId === null || s.orderId === orderId) && s.key === key && t >= s.createdAt;
    if (!found) return json(404, this.errorBody({ status: 404, code: 'not_found', message: 'Payment not found' }));
    return json(200, paycryptBody(s, t));
  },
  changes: (s) => paycryptChanges(script(s)),
  statusAt: (s, t) => paycryptStatusAt(script(s), t),
};
