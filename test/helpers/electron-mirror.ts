/**
 * A stand-in Electron release for tests that need "the Electron binary" where none can be
 * downloaded: a loopback HTTP server laid out like Electron's GitHub releases, as @electron/get
 * (and electron-builder) expect under ELECTRON_MIRROR:
 *
 *   <mirror>v<version>/electron-v<version>-<platform>-<arch>.zip
 *   <mirror>v<version>/SHASUMS256.txt        (for electron_use_remote_checksums=1)
 *
 * The zip is built here in Node (no system `zip`). By default its `electron` is a shell script
 * that records how it was launched (argv, cwd, chosen env vars) and exits; read that back with
 * `readLaunches()`. Also: `makeFreshCopy()`, a throwaway copy of the project whose
 * node_modules/electron has no binary yet, so nothing touches the real node_modules/electron.
 */
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { startServer, type RecordedRequest } from './http-server.ts';

/** The project this checkout holds. */
export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');

/** The Electron version the project depends on (node_modules/electron/package.json). */
export const ELECTRON_VERSION: string = (
  JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }
).version;

/** One file (or directory, when `name` ends with "/") in a zip. */
export interface ZipEntry {
  /** Path inside the zip, "/"-separated, e.g. "resources/default_app.asar". */
  name: string;
  data?: string | Buffer;
  /** Unix permission bits, e.g. 0o755; default 0o644 for files, 0o755 for directories. */
  mode?: number;
}

/** A zip archive (deflate, or stored when that is smaller) with Unix modes in the external attributes. */
export function buildZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const isDir = entry.name.endsWith('/');
    const name = Buffer.from(entry.name, 'utf8');
    const raw = isDir ? Buffer.alloc(0) : Buffer.from(entry.data ?? '');
    const deflated = deflateRawSync(raw);
    const method = deflated.length < raw.length ? 8 : 0;
    const body = method === 8 ? deflated : raw;
    const crc = crc32(raw);
    const mode = (entry.mode ?? (isDir ? 0o755 : 0o644)) | (isDir ? 0o040000 : 0o100000);
    const dosTime = 0;
    const dosDate = (0 << 9) | (1 << 5) | 1; // 1980-01-01

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so extractors honour the mode bits
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE(((mode << 16) | (isDir ? 0x10 : 0)) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Env vars the stand-in `electron` records by default. */
export const RECORDED_ENV = ['NODE_ENV_ELECTRON_VITE', 'ELECTRON_RENDERER_URL', 'ELECTRON_RUN_AS_NODE', 'ELECTRON_ENTRY'];

function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/**
 * The files of a stand-in Linux/macOS Electron release: an executable `electron` shell script that
 * appends one launch record to `recordFile` and exits with `exitCode`, plus `version`, `LICENSE`
 * and a `resources/default_app.asar` placeholder, as real releases have.
 */
export function standInElectronFiles(opts: { version?: string; recordFile: string; env?: string[]; exitCode?: number }): ZipEntry[] {
  const version = opts.version ?? ELECTRON_VERSION;
  const record = shellQuote(opts.recordFile);
  const envLines = (opts.env ?? RECORDED_ENV).map((name) => `  if [ -n "\${${name}+x}" ]; then printf 'env %s=%s\\n' ${shellQuote(name)} "$${name}"; fi`);
  const script = [
    '#!/bin/sh',
    '# Stand-in Electron for tests: records how it was launched.',
    '{',
    "  printf 'launch\\n'",
    "  printf 'cwd %s\\n' \"$(pwd)\"",
    "  for a in \"$@\"; do printf 'arg %s\\n' \"$a\"; done",
    ...envLines,
    "  printf 'end\\n'",
    `} >> ${record}`,
    `exit ${opts.exitCode ?? 0}`,
    '',
  ].join('\n');
  return [
    { name: 'electron', data: script, mode: 0o755 },
    { name: 'version', data: version, mode: 0o644 },
    { name: 'LICENSE', data: 'Stand-in Electron release for tests.\n', mode: 0o644 },
    { name: 'resources/', mode: 0o755 },
    { name: 'resources/default_app.asar', data: Buffer.alloc(64), mode: 0o644 },
  ];
}

/** One launch of the stand-in `electron`, as recorded. */
export interface Launch {
  cwd: string;
  argv: string[];
  env: Record<string, string>;
}

/** The launches recorded in `recordFile` (none when it does not exist). */
export function readLaunches(recordFile: string): Launch[] {
  if (!existsSync(recordFile)) return [];
  const launches: Launch[] = [];
  let current: Launch | undefined;
  for (const line of readFileSync(recordFile, 'utf8').split('\n')) {
    if (line === 'launch') current = { cwd: '', argv: [], env: {} };
    else if (line === 'end' && current) {
      launches.push(current);
      current = undefined;
    } else if (current && line.startsWith('cwd ')) current.cwd = line.slice(4);
    else if (current && line.startsWith('arg ')) current.argv.push(line.slice(4));
    else if (current && line.startsWith('env ')) {
      const kv = line.slice(4);
      const eq = kv.indexOf('=');
      current.env[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
  }
  return launches;
}

/** A running stand-in mirror. */
export interface ElectronMirror {
  /** Value for ELECTRON_MIRROR, with the trailing slash @electron/get needs, e.g. "http://127.0.0.1:4000/". */
  url: string;
  version: string;
  /** File name of the release zip, e.g. "electron-v45.4.1-linux-x64.zip". */
  zipName: string;
  /** The zip served, and its SHA-256 (hex) as listed in SHASUMS256.txt. */
  zip: Buffer;
  sha256: string;
  /** Where the default `electron` script appends its launch records (see readLaunches). */
  recordFile: string;
  /** Every request received, in order (assert that a download did or did not happen). */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Options for startElectronMirror; every field has a default. */
export interface ElectronMirrorOptions {
  version?: string;
  platform?: string;
  arch?: string;
  /** The zip's files; default `standInElectronFiles({ recordFile })`. */
  files?: ZipEntry[];
  /** Where the default script records launches; default a new temp file. */
  recordFile?: string;
  /** More files to serve beside the zip under v<version>/ (also listed in SHASUMS256.txt). */
  extraArtifacts?: Record<string, Buffer>;
}

/** Serve a stand-in Electron release on a free loopback port; anything else answers 404. */
export async function startElectronMirror(opts: ElectronMirrorOptions = {}): Promise<ElectronMirror> {
  const version = (opts.version ?? ELECTRON_VERSION).replace(/^v/, '');
  const zipName = `electron-v${version}-${opts.platform ?? process.platform}-${opts.arch ?? process.arch}.zip`;
  const recordFile = opts.recordFile ?? join(mkdtempSync(join(tmpdir(), 'paymon-electron-record-')), 'launches.txt');
  const zip = buildZip(opts.files ?? standInElectronFiles({ version, recordFile }));
  const artifacts = new Map<string, Buffer>([[zipName, zip], ...Object.entries(opts.extraArtifacts ?? {})]);
  const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
  const shasums = [...artifacts].map(([name, data]) => `${sha(data)} *${name}`).join('\n') + '\n';
  artifacts.set('SHASUMS256.txt', Buffer.from(shasums));

  const server = await startServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const prefix = `/v${version}/`;
    const body = path.startsWith(prefix) ? artifacts.get(path.slice(prefix.length)) : undefined;
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return { url: `${server.url}/`, version, zipName, zip, sha256: sha(zip), recordFile, requests: server.requests, close: server.close };
}

/** A throwaway copy of the project, see makeFreshCopy. */
export interface FreshCopy {
  dir: string;
  /** The copy's own node_modules/electron (no dist/, no path.txt until something installs it). */
  electronDir: string;
  remove(): void;
}

/** Top-level names never copied: build output, test output, VCS data and the real node_modules. */
const NOT_COPIED = new Set(['node_modules', 'out', 'dist', 'test-results', 'coverage', '.git', '.paymon-data']);

/**
 * Copy the project's files (not node_modules/out/dist/test-results) into a temp dir, as a fresh
 * clone after `npm install` would look: node_modules is symlinks to the real entries, except
 * `electron`, a real copy without dist/ and path.txt, and `.bin`, whose links point at the real
 * tools but at the copy's electron. Removing the copy never touches the real node_modules.
 */
export function makeFreshCopy(opts: { root?: string; prefix?: string } = {}): FreshCopy {
  const root = opts.root ?? PROJECT_ROOT;
  const dir = mkdtempSync(join(tmpdir(), opts.prefix ?? 'paymon-fresh-'));
  for (const name of readdirSync(root)) {
    if (NOT_COPIED.has(name)) continue;
    cpSync(join(root, name), join(dir, name), { recursive: true, filter: (src) => !src.endsWith('.log') });
  }
  const realModules = join(root, 'node_modules');
  const modules = join(dir, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(realModules)) {
    if (name === 'electron' || name === '.bin' || name.startsWith('.')) continue;
    symlinkSync(join(realModules, name), join(modules, name));
  }
  const electronDir = join(modules, 'electron');
  cpSync(join(realModules, 'electron'), electronDir, {
    recursive: true,
    filter: (src) => {
      const rel = src.slice(join(realModules, 'electron').length);
      return rel !== '/dist' && !rel.startsWith('/dist/') && rel !== '/path.txt';
    },
  });
  const realBin = join(realModules, '.bin');
  const bin = join(modules, '.bin');
  mkdirSync(bin);
  for (const name of readdirSync(realBin)) {
    const link = join(realBin, name);
    // npm makes .bin entries symlinks; a plain file (other installers) is linked to as is.
    const target = lstatSync(link).isSymbolicLink() ? resolve(dirname(link), readlinkSync(link)) : link;
    const inElectron = target.startsWith(join(realModules, 'electron') + '/');
    const to = inElectron ? join(electronDir, target.slice(join(realModules, 'electron').length + 1)) : target;
    symlinkSync(to, join(bin, name));
  }
  return { dir, electronDir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
