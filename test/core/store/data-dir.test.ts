// Lives beside the store tests: the data folder exists for the database (src/core/data-dir.ts).
import { describe, expect, it } from 'vitest';
import { dataDir, dbPath } from '../../../src/core/data-dir.ts';

describe('dataDir', () => {
  it('prefers PAYMON_DATA_DIR on every platform', () => {
    expect(dataDir({ PAYMON_DATA_DIR: '/srv/paymon', XDG_CONFIG_HOME: '/x' }, 'linux', '/home/ana')).toBe('/srv/paymon');
    expect(dataDir({ PAYMON_DATA_DIR: '/srv/paymon' }, 'darwin', '/Users/ana')).toBe('/srv/paymon');
  });

  it("matches Electron's userData folder for the app name Paymon", () => {
    expect(dataDir({}, 'linux', '/home/ana')).toBe('/home/ana/.config/Paymon');
    expect(dataDir({ XDG_CONFIG_HOME: '/home/ana/cfg' }, 'linux', '/home/ana')).toBe('/home/ana/cfg/Paymon');
    expect(dataDir({ XDG_CONFIG_HOME: '' }, 'freebsd', '/home/ana')).toBe('/home/ana/.config/Paymon');
    expect(dataDir({}, 'darwin', '/Users/ana')).toBe('/Users/ana/Library/Application Support/Paymon');
    expect(dataDir({ APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ana')).toBe(
      'C:\\Users\\ana\\AppData\\Roaming\\Paymon',
    );
    expect(dataDir({}, 'win32', 'C:\\Users\\ana')).toBe('C:\\Users\\ana\\AppData\\Roaming\\Paymon');
  });

  it('puts the database file paymon.db inside it', () => {
    expect(dbPath('/home/ana/.config/Paymon')).toBe('/home/ana/.config/Paymon/paymon.db');
  });
});
