/** One account (shop) of a provider: masked key, verification, Verify / Replace / Remove, Advanced. */
import { useState } from 'react';
import type { AccountView } from '../../../../shared/ipc.ts';
import { PROVIDER_LABELS } from '../../../../shared/payment.ts';
import { formatAgo, formatDateTime } from '../../lib/time.ts';
import { useNow } from '../../lib/use-now.ts';
import { removeKey, verifyKey } from '../../store/bridge.ts';
import { AdvancedSettings } from './AdvancedSettings.tsx';
import { ENV_VARS, sourceText, verificationText } from './account-text.ts';
import { KeyForm } from './KeyForm.tsx';

/** The card for one account. */
export function AccountCard({ account: a }: { account: AccountView }): React.JSX.Element {
  const now = useNow();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const v = verificationText(a);
  const name = a.account === 'env' ? `${PROVIDER_LABELS[a.provider]} (environment)` : a.account;
  const fromEnv = a.source === 'env';

  return (
    <article className={`account-card${a.verified === 'rejected' ? ' rejected' : ''}`} aria-label={`${PROVIDER_LABELS[a.provider]} account ${a.account}`} data-testid={`account-${a.provider}-${a.account}`}>
      <header className="account-head">
        <h4 className="account-name">{name}</h4>
        <span className={`badge tone-${v.tone}`} data-testid="verification">
          <span className="badge-dot" aria-hidden="true" />
          {v.word}
        </span>
      </header>
      <dl className="fields">
        <div className="field-row">
          <dt>Key</dt>
          <dd>{a.hasKey ? <code className="mono" data-testid="masked-key">{a.masked ?? '(hidden)'}</code> : <span className="muted">No key</span>}</dd>
        </div>
        <div className="field-row">
          <dt>Stored</dt>
          <dd>{a.hasKey ? sourceText(a) : '—'}</dd>
        </div>
        <div className="field-row">
          <dt>Last verified</dt>
          <dd>
            {a.checkedAt ? (
              <time dateTime={a.checkedAt} title={formatDateTime(a.checkedAt)}>
                {formatAgo(a.checkedAt, now)} · {formatDateTime(a.checkedAt)}
              </time>
            ) : (
              'never'
            )}
          </dd>
        </div>
      </dl>
      <p className={a.verified === 'rejected' ? 'key-problem' : 'hint'} data-testid="verification-help">
        {a.verified === 'rejected' ? <strong>The key was rejected. </strong> : null}
        {v.help}
      </p>
      <div className="account-actions">
        {a.hasKey ? (
          <button
            type="button"
            className="btn small"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void verifyKey(a.provider, a.account).then((r) => {
                setBusy(false);
                setError(r.ok ? null : r.error.message);
              });
            }}
          >
            {busy ? 'Verifying…' : 'Verify'}
          </button>
        ) : null}
        {fromEnv ? null : confirmRemove ? (
          <span className="confirm" role="group" aria-label="Confirm removal">
            <span>Remove this key from Paymon?</span>
            <button type="button" className="btn small danger" onClick={() => void removeKey(a.provider, a.account)}>
              Yes, remove
            </button>
            <button type="button" className="btn small ghost" onClick={() => setConfirmRemove(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <button type="button" className="btn small danger" onClick={() => setConfirmRemove(true)}>
            Remove key
          </button>
        )}
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {fromEnv ? (
        <p className="hint">To change or remove it, change {ENV_VARS[a.provider]} and restart Paymon.</p>
      ) : (
        <KeyForm provider={a.provider} account={a.account} submitLabel={a.hasKey ? 'Replace key' : 'Save key'} />
      )}
      <AdvancedSettings account={a} />
    </article>
  );
}
