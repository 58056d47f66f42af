/** The durable store's public face: open it with openStore(dir). */
export { openStore, type OpenOptions, type OpenedStore } from './open.ts';
export { PaymonStore } from './store.ts';
export { APPLICATION_ID, SCHEMA_VERSION } from './schema.ts';
export type * from './types.ts';
export type { DeliveryReport, NewAlert } from './alerts.ts';
export { HINT_POLL_MS, SqliteHintStore, type Hint, type HintStore } from './hints.ts';
