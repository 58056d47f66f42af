/**
 * `paymon ingest`: a webhook body becomes "changed, check now" hints (issue 15, webhooks as hints).
 * A desktop cannot receive webhooks; the merchant's server can, and pipes the raw body in. The app
 * or `paymon watch` on the same database takes the hints within ~200 ms and checks each payment by
 * GET: the body's status is never believed, so a forged or replayed body changes nothing.
 * paymon ingest [--json] [--allow-unusual] [FILE | -]
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { PaymonError, toErrorInfo } from '../shared/errors.ts';
import { hintRefsFromBody, MAX_HINT_BODY_BYTES } from '../shared/hint-body.ts';
import { PROVIDER_LABELS } from '../shared/payment.ts';
import { refKey, type PaymentRef } from '../shared/refs.ts';
import { dataDir } from '../core/data-dir.ts';
import { openStore } from '../core/store/index.ts';
import { agentName } from '../core/team/agent.ts';
import { openTeamStore } from '../core/team/connect.ts';
import { addTeamHints } from '../core/team/hints.ts';
import type { TeamStore } from '../core/team/pg-store.ts';
import { isUnreachableError } from '../core/team/pg-errors.ts';
import { queueAdds } from '../core/team/queue.ts';
import { line, UsageError, writeJsonLine, type CliIO } from './io.ts';

/** Usage text for `paymon ingest`. */
export const INGEST_USAGE = `Usage: paymon ingest [--json] [--allow-unusual] [FILE | -]

Reads a provider's webhook body (Card2Crypto's {"event", "payment"}, or any body that carries a
payment ID) and tells the app or "paymon watch" running on the same database (PAYMON_DATA_DIR) to
check those payments now. The body is only a hint: each payment is checked with the provider, and
only the provider's answer changes its status or raises an alert.
  FILE              read the body from this file (default: standard input, also "-")
  --allow-unusual   also take IDs outside their provider's usual shape (such as pay_12)
  --json            one JSON line: the payments hinted (and which were added), or why it was refused

Payment IDs not on the watchlist are added to it. Bodies over ${MAX_HINT_BODY_BYTES / 1024} KiB are refused.
With PAYMON_DATABASE_URL=postgres://… the hint goes to the team's watchlist: whichever agent holds
a key checks the payment at once, and every agent following it shows the provider's answer.
Exit status: 0 hinted, 1 the body was refused (no payment ID, too large, not text) or the team
database failed, 2 usage error.`;

/** Runs `paymon ingest`; resolves with the exit code. */
export async function runIngest(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      'allow-unusual': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout.write(`${INGEST_USAGE}\n`);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('give one body: a FILE, or - (the default) for standard input');
  const file = positionals[0] === '-' ? undefined : positionals[0];
  if (file === undefined && io.stdin.isTTY) throw new UsageError('pipe the webhook body in, or give the FILE it is in');

  const refuse = (reason: string): number => {
    if (values.json) writeJsonLine(io.stdout, { event: 'refused', reason });
    io.stderr.write(line`paymon ingest: refused: ${reason}\n`);
    return 1;
  };
  const text = await readBody(file === undefined ? io.stdin : openFile(file));
  if (!text.ok) return refuse(text.reason);
  const body = hintRefsFromBody(text.text, { allowUnusual: values['allow-unusual'] });
  if (!body.ok) return refuse(body.reason);
  const held = body.unusual.map((r) => r.value);
  if (body.refs.length === 0) return refuse(`${held.slice(0, 5).join(', ')}: not shaped like real payment IDs (--allow-unusual takes them)`);

  const at = new Date().toISOString();
  // Team mode: the hint goes to the team's watchlist, and the agents there check it.
  const teamUrl = io.env.PAYMON_DATABASE_URL?.trim();
  if (teamUrl) {
    const added = await ingestTeam(teamUrl, body.refs, at, io);
    if (added === null) return 1;
    report(io, values.json, body.refs, added, held, at);
    return 0;
  }

  const { store, notices } = openStore(dataDir(io.env));
  for (const notice of notices) io.stderr.write(line`paymon: ${notice}\n`);
  let added: Set<string>;
  try {
    // Added and hinted in one transaction: a consumer never sees the hint without its watch.
    added = store.transaction(() => {
      const fresh = new Set(body.refs.filter((ref) => store.addWatch(ref, { addedAt: at }).added).map(refKey));
      store.hints.add(body.refs.map(refKey), at);
      return fresh;
    });
  } finally {
    store.close();
  }
  report(io, values.json, body.refs, added, held, at);
  return 0;
}

/** Hints `refs` on the team's watchlist; the keys added, or null (said why) when the database failed. */
async function ingestTeam(url: string, refs: readonly PaymentRef[], at: string, io: CliIO): Promise<Set<string> | null> {
  let team: TeamStore | undefined;
  try {
    team = await openTeamStore(url, { agent: agentName(io.env), poolSize: 1 });
    return (await addTeamHints(team, refs, at)).added;
  } catch (err) {
    io.stderr.write(line`paymon ingest: ${toErrorInfo(err).message}\n`);
    if (isUnreachableError(err)) {
      // The payments are not lost: they join the team's watchlist when an agent here next reaches it.
      const file = queueAdds(dataDir(io.env), refs, at);
      io.stderr.write(line`paymon ingest: the hint was not delivered; ${refs.length} payment(s) were queued in ${file} for the team's watchlist.\n`);
    }
    return null;
  } finally {
    await team?.close();
  }
}

function report(io: CliIO, json: boolean, refs: readonly PaymentRef[], added: Set<string>, held: string[], at: string): void {
  if (json) {
    const hinted = refs.map((ref) => ({ provider: ref.provider, id: ref.value, key: refKey(ref), added: added.has(refKey(ref)) }));
    return writeJsonLine(io.stdout, { event: 'hinted', at, hinted, held });
  }
  for (const ref of refs) {
    const note = added.has(refKey(ref)) ? ' (added to the watchlist)' : '';
    io.stdout.write(line`hinted ${PROVIDER_LABELS[ref.provider]} ${ref.value}${note}\n`);
  }
  if (held.length > 0) io.stderr.write(line`paymon ingest: held back ${held.join(', ')}: not shaped like real payment IDs (--allow-unusual takes them)\n`);
}

function openFile(file: string): Readable {
  try {
    if (!fs.statSync(file).isFile()) throw new UsageError(`${file} is not a file`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new PaymonError('invalid_input', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return fs.createReadStream(file);
}

/** The body as UTF-8 text, reading no more than the limit allows. */
async function readBody(input: Readable): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of input) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += buf.length;
      if (size > MAX_HINT_BODY_BYTES) {
        input.destroy();
        return { ok: false, reason: `the body is larger than ${MAX_HINT_BODY_BYTES / 1024} KiB; a webhook is a few KB` };
      }
      chunks.push(buf);
    }
  } catch (err) {
    throw new PaymonError('invalid_input', `cannot read the body: ${(err as Error).message}`);
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)) };
  } catch {
    return { ok: false, reason: 'the body is not UTF-8 text' };
  }
}
