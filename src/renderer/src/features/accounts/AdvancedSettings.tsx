/**
 * An account's advanced settings: the API base URL (https; http only for loopback) and a polling
 * budget. A new host gets the key only after the user confirms it in main's own dialog (issue 16);
 * a refusal (declined, or the environment's key) is shown here, under the form.
 */
import { useId, useState } from 'react';
import type { AccountView } from '../../../../shared/ipc.ts';
import { PROVIDER_LABELS } from '../../../../shared/payment.ts';
import { baseUrlProblem, budgetProblem } from '../../lib/base-url.ts';
import { updateAccount } from '../../store/bridge.ts';
import { ENV_VARS } from './account-text.ts';

/** Collapsed by default: most people never need it. */
export function AdvancedSettings({ account }: { account: AccountView }): React.JSX.Element {
  const [baseUrl, setBaseUrl] = useState(account.baseUrl ?? '');
  const [budget, setBudget] = useState(account.budgetPerMinute === null ? '' : String(account.budgetPerMinute));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const urlProblem = baseUrlProblem(baseUrl);
  const budgetIssue = budgetProblem(budget);
  const changed = baseUrl.trim() !== (account.baseUrl ?? '') || budget.trim() !== (account.budgetPerMinute === null ? '' : String(account.budgetPerMinute));
  // The environment's key goes only to the provider's address: no URL to set, only an old one to clear.
  const fromEnv = account.source === 'env';
  const urlHint = fromEnv
    ? `The key from ${ENV_VARS[account.provider]} is sent only to the ${PROVIDER_LABELS[account.provider]} address; it cannot have a base URL of its own.`
    : 'https only; http is allowed for localhost (a local simulator). Empty: the default. Paymon asks you before it sends the key to a new address.';

  return (
    <details className="advanced">
      <summary>Advanced</summary>
      <form
        className="advanced-form"
        aria-label={`Advanced settings of ${account.account}`}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (urlProblem || budgetIssue) return;
          setBusy(true);
          setSaved(false);
          void updateAccount({
            provider: account.provider,
            account: account.account,
            baseUrl: baseUrl.trim() === '' ? null : baseUrl.trim(),
            budgetPerMinute: budget.trim() === '' ? null : Number(budget.trim()),
          }).then((result) => {
            setBusy(false);
            setError(result.ok ? null : result.error.message);
            setSaved(result.ok);
            // Main normalizes the URL (a trailing slash); show what it stored.
            if (result.ok) setBaseUrl(result.value.baseUrl ?? '');
          });
        }}
      >
        <label className="field stacked">
          <span>API base URL</span>
          <input
            type="url"
            value={baseUrl}
            placeholder="Default (the provider's API)"
            spellCheck={false}
            disabled={fromEnv && account.baseUrl === null}
            aria-invalid={urlProblem !== null}
            aria-describedby={`${id}-url`}
            onChange={(e) => setBaseUrl(e.target.value)}
          />
          <small id={`${id}-url`} className={urlProblem ? 'form-error' : 'hint'}>
            {urlProblem ?? urlHint}
          </small>
        </label>
        <label className="field stacked">
          <span>Polling budget (requests per minute)</span>
          <input
            type="text"
            inputMode="numeric"
            value={budget}
            placeholder="Default"
            aria-invalid={budgetIssue !== null}
            aria-describedby={`${id}-budget`}
            onChange={(e) => setBudget(e.target.value)}
          />
          <small id={`${id}-budget`} className={budgetIssue ? 'form-error' : 'hint'}>
            {budgetIssue ?? 'How many status requests Paymon may send for this account each minute. Empty: the default.'}
          </small>
        </label>
        <div className="advanced-actions">
          <button type="submit" className="btn small" disabled={busy || !changed || urlProblem !== null || budgetIssue !== null}>
            Save advanced settings
          </button>
          <span role="status" className="hint">
            {saved ? 'Saved.' : ''}
          </span>
        </div>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
    </details>
  );
}
