/** The simulator's public API: the model, the HTTP server, the in-process fetch and the demo scenario. */
export { SimWorld, DEFAULT_KEYS, BUILT_IN_BACKENDS, type SimWorldOptions, type KeyStats, type SimPaymentInfo } from './world.ts';
export { startSimulator, type SimulatorHandle, type SimulatorOptions } from './server.ts';
export { createSimFetch, type SimFetchOptions } from './fetch.ts';
export { seedDemo, type DemoIds } from './scenario.ts';
export { CARD2CRYPTO_PREFIX, PAYCRYPT_PREFIX, type SimRequest, type SimResponse } from './handler.ts';
export { json, errorAnswer, type SimBackend, type SimScript, type SimEntry, type SimPayments, type SimError, type SimErrorKind } from './backend.ts';
export { FAULT_KINDS, NO_FAULTS, type FaultKind, type FaultRates } from './faults.ts';
export {
  DEFAULT_RATE_LIMIT,
  RATE_LIMIT_STYLES,
  type RateLimitChange,
  type RateLimitConfig,
  type RateLimitStyle,
  type RateWindow,
} from './rate-limit.ts';
export { rateLimitFromArgs, parseLimit } from './limit-options.ts';
export type { Card2CryptoSpec, Card2CryptoOutcome, StatusChange } from './card2crypto.ts';
export type { PayCryptSpec, PayCryptOutcome, PayCryptDeposit, PayCryptNetwork } from './paycrypt.ts';
