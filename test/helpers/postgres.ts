/**
 * A throwaway PostgreSQL cluster for tests (issue 15): initdb into a temp folder, a unix socket in
 * that folder and a random loopback port, password (scram) auth on TCP, removed on stop().
 * initdb refuses root, so as root the cluster runs as `nobody` in a folder that user owns.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running cluster. */
export interface PgCluster {
  /** postgres://paymon:…@127.0.0.1:port/paymon, the superuser's URL. */
  url: string;
  port: number;
  password: string;
  /** A URL for `user`/`password` on `database` (default paymon). */
  urlFor(user: string, password: string, database?: string): string;
  /** Runs SQL as the superuser through psql (roles, grants for permission tests). */
  psql(sql: string, database?: string): string;
  /** Stops the server but keeps its data (an outage); start() brings it back on the same port. */
  halt(): void;
  start(): void;
  stop(): void;
}

/** The folder with initdb and pg_ctl, or null. */
export function pgBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = join(root, v, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

/** Why PostgreSQL tests cannot run here, or null when they can. */
export function pgMissingReason(): string | null {
  if (pgBinDir() === null) return 'PostgreSQL binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin';
  if (spawnSync('psql', ['--version']).status !== 0 && !existsSync(join(pgBinDir()!, 'psql'))) return 'psql not found';
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a postgres binary, as `nobody` when we are root. */
function runAs(bin: string, args: string[], opts: { input?: string } = {}): string {
  const [file, argv] = isRoot() ? ['runuser', ['-u', 'nobody', '--', bin, ...args]] : [bin, args];
  return execFileSync(file, argv, { encoding: 'utf8', input: opts.input, stdio: ['pipe', 'pipe', 'pipe'], cwd: '/' });
}

/** Starts a fresh cluster with a superuser `paymon` and a database `paymon` (40 connections unless told). */
export async function startPostgres(opts: { maxConnections?: number } = {}): Promise<PgCluster> {
  const bin = pgBinDir();
  if (!bin) throw new Error(pgMissingReason() ?? 'no PostgreSQL');
  const dir = mkdtempSync(join(tmpdir(), 'paymon-pg-'));
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const password = `pw${Math.random().toString(36).slice(2, 12)}`;
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (isRoot()) chownSync(pwfile, Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim()), 0);
  const port = await freePort();
  let started = false;
  const stop = (): void => {
    if (started) {
      try {
        runAs(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already gone.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    runAs(join(bin, 'initdb'), ['-D', data, '-U', 'paymon', `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync']);
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=${opts.maxConnections ?? 40}`;
    const start = (): void => {
      runAs(join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
      started = true;
    };
    const halt = (): void => {
      runAs(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      started = false;
    };
    start();
    const psqlBin = existsSync(join(bin, 'psql')) ? join(bin, 'psql') : 'psql';
    const psql = (sql: string, database = 'postgres'): string =>
      runAs(psqlBin, ['-h', dir, '-p', String(port), '-U', 'paymon', '-d', database, '-v', 'ON_ERROR_STOP=1', '-qAt', '-f', '-'], { input: sql });
    psql('CREATE DATABASE paymon;');
    const urlFor = (user: string, pw: string, database = 'paymon'): string =>
      `postgres://${encodeURIComponent(user)}:${encodeURIComponent(pw)}@127.0.0.1:${port}/${database}`;
    return { url: urlFor('paymon', password), port, password, urlFor, psql, halt, start, stop };
  } catch (err) {
    stop();
    throw err;
  }
}
