import { describe, expect, it } from 'vitest';
import { CLI_MARKER, cliModeArgs } from '../../src/main/cli-args.ts';

describe('cliModeArgs', () => {
  it('is null for a normal launch of the app', () => {
    expect(cliModeArgs(['/opt/Paymon/paymon'])).toBeNull();
    expect(cliModeArgs(['/opt/Paymon/paymon', '--no-sandbox', 'paymon://open'])).toBeNull();
    expect(cliModeArgs(['/usr/bin/electron', '/work/app', 'check'])).toBeNull();
  });

  it('returns what follows the marker, as the launchers pass it (marker, --, args)', () => {
    expect(cliModeArgs(['/opt/Paymon/paymon', '--ozone-platform=headless', '--disable-gpu', CLI_MARKER, '--', 'check', '--json', 'pay_abc123xyz789'])).toEqual([
      'check',
      '--json',
      'pay_abc123xyz789',
    ]);
    expect(cliModeArgs(['Paymon.exe', CLI_MARKER, '--'])).toEqual([]);
  });

  it('takes the marker after the app path in development, and without a --', () => {
    expect(cliModeArgs(['/x/electron', '/work/main', CLI_MARKER, 'keys', 'list'])).toEqual(['keys', 'list']);
  });

  it('keeps a later -- and a second marker as CLI arguments', () => {
    expect(cliModeArgs(['paymon', CLI_MARKER, '--', 'check', '--', CLI_MARKER])).toEqual(['check', '--', CLI_MARKER]);
  });

  it('ignores the marker as the executable itself or after the end of switches', () => {
    expect(cliModeArgs([CLI_MARKER, 'check'])).toBeNull();
    expect(cliModeArgs(['/opt/Paymon/paymon', '--', CLI_MARKER, 'check'])).toBeNull();
  });
});
