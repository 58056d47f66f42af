/** The native question before a key goes to a new host (issue 16): only the Send button says yes. */
import { describe, expect, it } from 'vitest';
import { keyHostConfirmer, type KeyHostMessageBox } from '../../src/main/key-host-dialog.ts';

const request = { provider: 'paycrypt', account: 'shop-b', host: 'https://xn--pycrypt-5ya.example' } as const;

describe('keyHostConfirmer', () => {
  it('names the provider, account and host, and defaults to Cancel', async () => {
    const shown: KeyHostMessageBox[] = [];
    const confirm = keyHostConfirmer(async (options) => (shown.push(options), { response: 0 }));
    expect(await confirm(request)).toBe(false);
    const [box] = shown;
    expect(box?.message).toBe('Send the PayCrypt API key of "shop-b" to https://xn--pycrypt-5ya.example?');
    expect(box?.buttons[box.defaultId]).toBe('Cancel');
    expect(box?.buttons[box.cancelId]).toBe('Cancel');
    expect(box?.detail).toContain('nothing is sent');
  });

  it('is a yes only for the Send button', async () => {
    for (const [response, yes] of [[1, true], [0, false], [2, false], [-1, false]] as const) {
      expect(await keyHostConfirmer(async () => ({ response }))(request)).toBe(yes);
    }
  });
});
