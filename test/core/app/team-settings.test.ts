/**
 * The app's "Team database" setting (issue 15) against a real throwaway PostgreSQL: the URL goes
 * to the keychain only (never the settings database, never back to the window unmasked), and
 * "Test connection" names each way it can go wrong in plain words.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAM_URL_ADDRESS } from '../../../src/core/app/team.ts';
import { MemoryStore } from '../../../src/core/secrets/memory-store.ts';
import { PG_SCHEMA_VERSION } from '../../../src/core/team/migrations.ts';
import type { IpcResult } from '../../../src/shared/ipc.ts';
import type { TeamSettingsView, TeamTestView } from '../../../src/shared/team.ts';
import { pgMissingReason, startPostgres, type PgCluster } from '../../helpers/postgres.ts';
import { startServiceRig, type ServiceRig } from './service-rig.ts';

const missing = pgMissingReason();

describe.skipIf(missing !== null)(`the team database setting${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let cluster: PgCluster;
  let rig: ServiceRig;
  const vault = new MemoryStore();
  const call = async <T>(channel: string, arg: unknown): Promise<IpcResult<T>> => (await rig.service.invoke(channel, arg)) as IpcResult<T>;
  const test = async (arg: object): Promise<TeamTestView> => {
    const r = await call<TeamTestView>('team:test', arg);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  beforeAll(async () => {
    cluster = await startPostgres();
    rig = await startServiceRig({ teamVault: vault, env: { PAYMON_AGENT: 'desk@office' } });
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
    cluster?.stop();
  });

  it('keeps the URL in the keychain only and shows it masked', async () => {
    const before = await call<TeamSettingsView>('team:settings', undefined);
    expect(before).toEqual({ ok: true, value: { url: null, envUrl: null, agent: 'desk@office', agentSaved: false } });
    const saved = await call<TeamSettingsView>('team:update', { url: cluster.url, agent: 'ana' });
    expect(saved.ok).toBe(true);
    const view = saved.ok ? saved.value : null;
    expect(view?.url).toBe(cluster.url.replace(cluster.password, '***'));
    expect(view).toMatchObject({ agent: 'ana', agentSaved: true });
    expect(JSON.stringify(rig.pushed)).not.toContain(cluster.password);
    expect(await vault.get(TEAM_URL_ADDRESS)).toBe(cluster.url);
    // Nothing on disk holds the password: the SQLite files are read raw.
    rig.store.close();
    for (const f of readdirSync(rig.dir)) expect(readFileSync(join(rig.dir, f)).includes(cluster.password), f).toBe(false);
    await rig.restart();
    expect(await call<TeamSettingsView>('team:settings', undefined)).toMatchObject({ ok: true, value: { url: view?.url, agent: 'ana' } });

    expect(await call('team:update', { url: 'mysql://x:y@h/db' })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    const refused = await call('team:update', { url: 'https://u:hunter2@h/db' });
    expect(JSON.stringify(refused)).not.toContain('hunter2');
  });

  it('tests the saved URL: server version, schema version, who you are', async () => {
    const ok = await test({});
    const [version] = cluster.psql('SHOW server_version;').trim().split('\n');
    expect(ok).toMatchObject({ outcome: 'ok', server: version, schema: PG_SCHEMA_VERSION, watches: 0 });
    expect(ok.message).toBe(`Connected: PostgreSQL ${version}, Paymon schema ${PG_SCHEMA_VERSION}. You are ana; the team watches 0 payment(s).`);
  });

  it('says plainly when the password is refused, the server is unreachable, or the URL is not postgres://', async () => {
    const wrong = await test({ url: cluster.urlFor('paymon', 'not-the-pw-xyz') });
    expect(wrong.outcome).toBe('credentials');
    expect(wrong.message).toMatch(/refused the user name or password/);
    expect(JSON.stringify(wrong)).not.toContain('not-the-pw-xyz');
    const down = await test({ url: `postgres://paymon:pw@127.0.0.1:${cluster.port === 1 ? 2 : 1}/paymon` });
    expect(down).toMatchObject({ outcome: 'unreachable', message: expect.stringMatching(/unreachable/) });
    expect(await call('team:test', { url: 'mysql://a:b@c/d' })).toMatchObject({ ok: false, error: { kind: 'invalid_input', message: expect.stringMatching(/starts with postgres:\/\//) } });
    expect(await test({ url: cluster.urlFor('paymon', cluster.password, 'no_such_db') })).toMatchObject({ outcome: 'no_database' });
  });

  it("names a foreign schema and a missing permission, changing nothing", async () => {
    cluster.psql('CREATE DATABASE other;');
    cluster.psql('CREATE TABLE watches (id int);', 'other');
    const foreign = await test({ url: cluster.urlFor('paymon', cluster.password, 'other') });
    expect(foreign).toMatchObject({ outcome: 'foreign_schema', message: expect.stringMatching(/not Paymon's/) });
    expect(cluster.psql(`SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public';`, 'other').trim()).toBe('1');

    cluster.psql('CREATE DATABASE locked;');
    cluster.psql("CREATE ROLE clerk LOGIN PASSWORD 'clerkpw'; REVOKE CREATE ON SCHEMA public FROM PUBLIC;", 'locked');
    const denied = await test({ url: cluster.urlFor('clerk', 'clerkpw', 'locked') });
    expect(denied).toMatchObject({ outcome: 'permission', message: expect.stringMatching(/lacks a permission/) });
  });

  it('forgets the URL and the agent name when cleared', async () => {
    const cleared = await call<TeamSettingsView>('team:update', { url: null, agent: '' });
    expect(cleared).toEqual({ ok: true, value: { url: null, envUrl: null, agent: 'desk@office', agentSaved: false } });
    expect(await vault.get(TEAM_URL_ADDRESS)).toBeNull();
    expect(await call('team:test', {})).toMatchObject({ ok: false, error: { kind: 'invalid_input', message: expect.stringMatching(/Enter the team database URL/) } });
  });
});
