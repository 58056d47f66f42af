/** One provider's accounts (shops) and the form to add another. */
import { DEFAULT_ACCOUNT } from '../../../../shared/accounts.ts';
import type { AccountView } from '../../../../shared/ipc.ts';
import { PROVIDER_LABELS, type Provider } from '../../../../shared/payment.ts';
import { accountNameProblem } from './account-text.ts';
import { AccountCard } from './AccountCard.tsx';
import { KeyForm } from './KeyForm.tsx';

/** A section per provider. */
export function ProviderAccounts({ provider, accounts }: { provider: Provider; accounts: readonly AccountView[] }): React.JSX.Element {
  const names = accounts.map((a) => a.account);
  const nameProblem = (name: string) => accountNameProblem(name, names);
  const headingId = `accounts-${provider}`;
  return (
    <section className="provider-accounts" aria-labelledby={headingId}>
      <h3 id={headingId} className="provider-title">
        <span className={`provider provider-${provider}`}>{PROVIDER_LABELS[provider]}</span>
        <span className="muted">
          {accounts.length === 0 ? 'no accounts' : `${accounts.length} account${accounts.length === 1 ? '' : 's'}`}
        </span>
      </h3>
      {accounts.map((a) => (
        <AccountCard key={a.account} account={a} />
      ))}
      <div className="add-account">
        <h4 className="sub-title">{accounts.length === 0 ? `Add your ${PROVIDER_LABELS[provider]} key` : 'Add another account (shop)'}</h4>
        <KeyForm
          provider={provider}
          account={null}
          defaultName={names.includes(DEFAULT_ACCOUNT) ? '' : DEFAULT_ACCOUNT}
          nameProblem={nameProblem}
          submitLabel="Add key"
        />
      </div>
    </section>
  );
}
