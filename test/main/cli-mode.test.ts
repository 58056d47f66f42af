import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCliMode, type CliAppLike } from '../../src/main/cli-mode.ts';
import type { CliIO } from '../../src/cli/io.ts';

/** A stdout/stderr that records what was written, and whether it was before the app exited. */
class Recorder extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    // Written a turn later, like a pipe: exiting before the callback would lose it.
    setImmediate(() => {
      this.text += chunk.toString();
      done();
    });
  }
}

function fakeApp(): CliAppLike & { exits: Array<{ code: number; stdout: string }>; dockHidden: boolean; out?: Recorder } {
  const app = {
    exits: [] as Array<{ code: number; stdout: string }>,
    dockHidden: false,
    out: undefined as Recorder | undefined,
    exit(code: number) {
      app.exits.push({ code, stdout: app.out?.text ?? '' });
    },
    dock: {
      hide() {
        app.dockHidden = true;
      },
    },
  };
  return app;
}

function io<Out extends Writable = Recorder>(stdout?: Out): CliIO & { stdout: Out; stderr: Recorder } {
  return { stdin: new PassThrough(), stdout: stdout ?? (new Recorder() as unknown as Out), stderr: new Recorder(), env: {} };
}

describe('runCliMode', () => {
  it('runs the CLI with the given arguments and exits with its code once the output is out', async () => {
    const app = fakeApp();
    const streams = io();
    app.out = streams.stdout;
    expect(await runCliMode(['help'], app, streams)).toBe(0);
    expect(app.exits).toHaveLength(1);
    expect(app.exits[0]?.code).toBe(0);
    // The usage text had fully reached the stream when exit was called.
    expect(app.exits[0]?.stdout).toContain('Usage: paymon <command>');
    expect(app.dockHidden).toBe(true);
  });

  it('passes a usage error through as exit code 2', async () => {
    const app = fakeApp();
    const streams = io();
    expect(await runCliMode(['frobnicate'], app, streams)).toBe(2);
    expect(app.exits.map((e) => e.code)).toEqual([2]);
    expect(streams.stderr.text).toContain('unknown command "frobnicate"');
  });

  it('reports an unexpected failure on stderr and exits 1', async () => {
    const app = fakeApp();
    const streams = io();
    const stdin = new PassThrough();
    stdin.destroy(new Error('standard input vanished'));
    expect(await runCliMode(['check', '-'], app, { ...streams, stdin })).toBe(1);
    expect(app.exits.map((e) => e.code)).toEqual([1]);
    expect(streams.stderr.text).toContain('standard input vanished');
  });

  it('still exits when stdout is broken (piped into a reader that has quit)', async () => {
    const app = fakeApp();
    const broken = new Writable({
      write(_chunk, _enc, done) {
        done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    broken.on('error', () => {});
    expect(await runCliMode(['help'], app, io(broken))).toBe(0);
    expect(app.exits.map((e) => e.code)).toEqual([0]);
  });

  it('works where the app has no dock (Linux, Windows)', async () => {
    const exits: number[] = [];
    expect(await runCliMode(['help'], { exit: (c) => exits.push(c) }, io())).toBe(0);
    expect(exits).toEqual([0]);
  });
});
