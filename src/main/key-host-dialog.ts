/**
 * The question before an API key first goes to a host (issue 16), asked in a native dialog that
 * only main can show and only the user can answer — never the renderer, which may be the one
 * asking. Cancel is the default button and what Escape or closing the dialog chooses.
 */
import type { ConfirmKeyHost } from '../core/secrets/key-hosts.ts';
import { PROVIDER_LABELS } from '../shared/payment.ts';

/** The options used here of Electron's MessageBoxOptions. */
export interface KeyHostMessageBox {
  type: 'warning';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  noLink: boolean;
}

/** Shows a message box (dialog.showMessageBox, modal to the window when there is one). */
export type ShowMessageBox = (options: KeyHostMessageBox) => Promise<{ response: number }>;

const SEND = 1;

/** A ConfirmKeyHost that asks with `show`; only the "Send" button is a yes. */
export function keyHostConfirmer(show: ShowMessageBox): ConfirmKeyHost {
  return async ({ provider, account, host }) => {
    const label = PROVIDER_LABELS[provider];
    const { response } = await show({
      type: 'warning',
      title: 'Send your API key to a new address?',
      // `host` is a URL origin: scheme, host (punycode for international names) and port, nothing else.
      message: `Send the ${label} API key of "${account}" to ${host}?`,
      detail:
        `Paymon has not used this key with ${host} before. Whoever runs that address can use your key ` +
        `to read your ${label} payments. Continue only if you set this address yourself and trust it; ` +
        'otherwise choose Cancel: nothing is sent and the account keeps its current address.',
      buttons: ['Cancel', `Send the key to ${host}`],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    });
    return response === SEND;
  };
}
