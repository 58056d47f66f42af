/** A key kept for this session only, for when the keychain cannot be used. The field never keeps the key. */
import { useId, useState } from 'react';
import { PROVIDERS, PROVIDER_LABELS, type Provider } from '../../../shared/payment.ts';
import { setSessionKey } from '../store/bridge.ts';

/** Provider + password field + submit; the field is cleared after every submit. */
export function SessionKeyForm({ defaultProvider }: { defaultProvider: Provider }): React.JSX.Element {
  const [provider, setProvider] = useState<Provider>(defaultProvider);
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  return (
    <form
      className="session-key"
      aria-label="Use a key for this session only"
      onSubmit={(e) => {
        e.preventDefault();
        const entered = key.trim();
        setKey('');
        if (entered === '') return;
        setBusy(true);
        setError(null);
        void setSessionKey(provider, entered).then((err) => {
          setBusy(false);
          setError(err ? err.message : null);
        });
      }}
    >
      <label className="field stacked">
        <span>Provider</span>
        <select value={provider} onChange={(e) => setProvider(e.target.value as Provider)}>
          {PROVIDERS.map((p) => (
            <option key={p} value={p}>
              {PROVIDER_LABELS[p]}
            </option>
          ))}
        </select>
      </label>
      <label className="field stacked">
        <span>API key</span>
        <input
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={key}
          aria-describedby={error ? `${id}-err` : undefined}
          onChange={(e) => setKey(e.target.value)}
        />
      </label>
      <button type="submit" className="btn" disabled={busy || key.trim() === ''}>
        {busy ? 'Checking…' : 'Use for this session'}
      </button>
      {error ? (
        <p id={`${id}-err`} className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
