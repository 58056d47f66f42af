/** Reading an API key: a hidden prompt on a terminal, else standard input. Never an argument. */
import type { CliIO } from './io.ts';
import { readStdin, UsageError } from './io.ts';

/** Reads one secret line. On a terminal the typed characters are not echoed. */
export async function readSecret(io: CliIO, prompt: string): Promise<string> {
  const stdin = io.stdin as CliIO['stdin'] & { setRawMode?: (raw: boolean) => void };
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') return readStdin(io.stdin);
  io.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise<string>((resolve, reject) => {
    let value = '';
    const done = (err?: Error): void => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.off('data', onData);
      io.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003' || ch === '\u0004') return done(new UsageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
