/**
 * Keys & accounts: per provider and per account (shop), add, replace, verify and remove a key,
 * plus advanced settings and notification preferences. Keys go to main and never come back:
 * this screen only ever shows the masked form and whether the provider accepted it.
 */
import { useEffect, useRef } from 'react';
import { PROVIDERS } from '../../../../shared/payment.ts';
import { useWatchStore } from '../../store/watch-store.ts';
import { NotificationSettings } from './NotificationSettings.tsx';
import { AlertRulesEditor } from '../alerts/AlertRulesEditor.tsx';
import { CloseSettings } from './CloseSettings.tsx';
import { DesktopSettings } from './DesktopSettings.tsx';
import { TeamSettings } from './TeamSettings.tsx';
import { ProviderAccounts } from './ProviderAccounts.tsx';

/** The whole screen. */
export function AccountsScreen(): React.JSX.Element {
  const accounts = useWatchStore((s) => s.accounts);
  const keychain = useWatchStore((s) => s.keychainProblem);
  const keychainPending = useWatchStore((s) => s.keychainPending);
  const demo = useWatchStore((s) => s.demo);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <main className="accounts-screen" aria-labelledby="accounts-title" data-testid="accounts-screen">
      <div className="accounts-head">
        <h2 id="accounts-title" tabIndex={-1} ref={headingRef}>
          Keys &amp; accounts
        </h2>
        <a className="btn" href="#watchlist">
          <span aria-hidden="true">←</span> Back to the watchlist
        </a>
      </div>
      <p className="hint">
        Keys are stored in the system keychain and sent only to their provider. After saving, Paymon shows only a masked form and
        whether the provider accepted the key.
      </p>
      {keychain ? (
        <p className="key-problem" role="note">
          The system keychain is unavailable ({keychain.message}). Keys added here are kept for this session only.
        </p>
      ) : null}
      {keychainPending ? (
        <p className="hint" role="status">
          Waiting for the system keychain to answer (it may be locked); keys saved in it appear when it does.
        </p>
      ) : null}
      {demo ? <p className="hint">Demo mode: the simulated keys below are removed when you leave the demo.</p> : null}
      <div className="accounts-grid">
        {PROVIDERS.map((p) => (
          <ProviderAccounts key={p} provider={p} accounts={accounts.filter((a) => a.provider === p)} />
        ))}
      </div>
      <NotificationSettings />
      <AlertRulesEditor />
      <CloseSettings />
      <DesktopSettings />
      <TeamSettings />
    </main>
  );
}
