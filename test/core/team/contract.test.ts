/** The store contract (./contract.ts) against the SQLite store on disk and a real PostgreSQL (issue 15). */
import { afterAll, beforeAll, describe } from 'vitest';
import { openStore } from '../../../src/core/store/index.ts';
import { openTeamStore } from '../../../src/core/team/connect.ts';
import { SqliteWatchStore } from '../../../src/core/team/sqlite-adapter.ts';
import { pgMissingReason, startPostgres, type PgCluster } from '../../helpers/postgres.ts';
import { tempDir } from '../store/helpers.ts';
import { storeContract } from './contract.ts';

describe('store contract: SQLite', () => {
  const dirs = new Map<string, string>();
  storeContract(async (agent, name) => {
    if (!dirs.has(name)) dirs.set(name, tempDir());
    return new SqliteWatchStore(openStore(dirs.get(name)!).store, agent);
  });
});

const missing = pgMissingReason();
describe.skipIf(missing !== null)(`store contract: PostgreSQL${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let pg: PgCluster;
  const made = new Set<string>();
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(() => pg?.stop());
  storeContract(async (agent, name) => {
    const db = `contract_${name}`;
    if (!made.has(name)) {
      pg.psql(`CREATE DATABASE ${db};`);
      made.add(name);
    }
    return openTeamStore(pg.urlFor('paymon', pg.password, db), { agent });
  });
});
