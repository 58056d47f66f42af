/**
 * Child-process side of the keychain tests: runs a list of KeytarStore operations and prints
 * their results as JSON. Started by `runKeytarChild` (./keyring.ts) with ONLY the private
 * keyring's environment, so libsecret connects to the throwaway bus and never the user's own.
 * Input (stdin, so keys never show in `ps`): `{ service, timeoutMs?, ops }`.
 */
import { KeytarStore } from '../../src/core/secrets/keytar-store.ts';
import type { KeyAddress } from '../../src/core/secrets/types.ts';
import { PaymonError } from '../../src/shared/errors.ts';

/** One store call to make in the child. */
export type KeytarOp =
  | { op: 'get' | 'delete'; address: KeyAddress }
  | { op: 'set'; address: KeyAddress; key: string }
  | { op: 'list' };

/** What the child reports for one op: the value, or the error's kind and message. */
export type KeytarOpResult =
  | { ok: true; value: unknown }
  | { ok: false; kind: string; message: string; paymonError: boolean };

/** The child's whole input. */
export interface KeytarProgram {
  service: string;
  timeoutMs?: number;
  ops: KeytarOp[];
}

async function runOp(store: KeytarStore, op: KeytarOp): Promise<unknown> {
  switch (op.op) {
    case 'get':
      return store.get(op.address);
    case 'set':
      return store.set(op.address, op.key);
    case 'delete':
      return store.delete(op.address);
    case 'list':
      return store.list();
  }
}

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const program = JSON.parse(Buffer.concat(chunks).toString('utf8')) as KeytarProgram;
  const store = new KeytarStore({ service: program.service, timeoutMs: program.timeoutMs });
  const results: KeytarOpResult[] = [];
  for (const op of program.ops) {
    try {
      results.push({ ok: true, value: (await runOp(store, op)) ?? null });
    } catch (err) {
      const paymonError = err instanceof PaymonError;
      const kind = paymonError ? err.kind : 'thrown';
      results.push({ ok: false, kind, message: err instanceof Error ? err.message : String(err), paymonError });
    }
  }
  // Exit explicitly: a keytar call abandoned after its timeout would keep the event loop alive.
  process.stdout.write(JSON.stringify(results), () => process.exit(0));
}

// Only when run as a script; keyring.ts imports this file's types alone.
if (import.meta.main) await main();
