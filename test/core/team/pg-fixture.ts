/** One throwaway PostgreSQL per test file, a fresh database per call (issue 15). */
import { afterAll, beforeAll } from 'vitest';
import { openTeamStore } from '../../../src/core/team/connect.ts';
import type { TeamStore } from '../../../src/core/team/pg-store.ts';
import { pgMissingReason, startPostgres, type PgCluster } from '../../helpers/postgres.ts';

/** Why these tests are skipped here, or null. */
export const pgMissing = pgMissingReason();

/** Registers the cluster's start and stop; returns a function that opens agents on a new database. */
export function usePostgres(): { newDb(): Promise<(agent: string) => Promise<TeamStore>>; cluster(): PgCluster } {
  let cluster: PgCluster | undefined;
  const open: TeamStore[] = [];
  let n = 0;
  beforeAll(async () => {
    if (!pgMissing) cluster = await startPostgres();
  });
  afterAll(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    cluster?.stop();
  });
  return {
    cluster: () => cluster!,
    async newDb() {
      const name = `t_${++n}`;
      cluster!.psql(`CREATE DATABASE ${name};`);
      const url = cluster!.urlFor('paymon', cluster!.password, name);
      return async (agent: string) => {
        const store = await openTeamStore(url, { agent });
        open.push(store);
        return store;
      };
    },
  };
}
