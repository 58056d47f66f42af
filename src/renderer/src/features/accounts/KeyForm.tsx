/**
 * A form that sends an API key to main. The field is a password field, emptied once the key was
 * sent, whatever the outcome: the key is never shown again, only its masked form. A validation
 * error (a bad account name, a malformed key) keeps it, so the user fixes the mistake, not retypes.
 */
import { useId, useState } from 'react';
import type { AccountView } from '../../../../shared/ipc.ts';
import { PROVIDER_LABELS, type Provider } from '../../../../shared/payment.ts';
import { saveKey } from '../../store/bridge.ts';

interface Props {
  provider: Provider;
  /** A fixed account (replace), or null to ask for a name (add). */
  account: string | null;
  /** Checks a typed account name; returns why it is not usable. */
  nameProblem?: (name: string) => string | null;
  defaultName?: string;
  submitLabel: string;
  onSaved?: (account: AccountView) => void;
}

/** Account name (when adding) + key + save. */
export function KeyForm({ provider, account, nameProblem, defaultName = '', submitLabel, onSaved }: Props): React.JSX.Element {
  const [name, setName] = useState(defaultName);
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const label = account === null ? `Add a ${PROVIDER_LABELS[provider]} key` : `Replace the key of ${account}`;

  return (
    <form
      className="key-form"
      aria-label={label}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const entered = key.trim();
        const target = account ?? name.trim();
        const problem = account === null ? (nameProblem?.(target) ?? null) : null;
        if (problem || entered === '') {
          // Nothing was sent: the key stays in its (password) field while the name is fixed.
          setError(problem ?? 'Paste the API key first.');
          return;
        }
        // The key leaves the field as it goes out, so it does not sit in the page while it is verified.
        setKey('');
        setBusy(true);
        setError(null);
        void saveKey(provider, target, entered).then((result) => {
          setBusy(false);
          // A key main refused as malformed (never stored, never sent) comes back to be corrected in place;
          // once the provider was asked, the field stays empty whatever it said.
          if (!result.ok && result.error.kind === 'invalid_input') setKey(entered);
          if (!result.ok) setError(result.error.message);
          else {
            if (account === null) setName('');
            onSaved?.(result.value);
          }
        });
      }}
    >
      {account === null ? (
        <label className="field stacked">
          <span>Account name</span>
          <input type="text" value={name} spellCheck={false} placeholder="e.g. main-shop" onChange={(e) => setName(e.target.value)} />
        </label>
      ) : null}
      <label className="field stacked key-field">
        <span>{account === null ? 'API key' : 'New API key'}</span>
        <input
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={key}
          aria-invalid={error !== null}
          aria-describedby={error ? `${id}-err` : undefined}
          onChange={(e) => setKey(e.target.value)}
        />
      </label>
      <button type="submit" className="btn primary" disabled={busy || key.trim() === ''}>
        {busy ? 'Checking the key…' : submitLabel}
      </button>
      {error ? (
        <p id={`${id}-err`} className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
