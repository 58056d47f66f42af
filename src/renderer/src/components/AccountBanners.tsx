/**
 * Banners for problems that stop polling (a rejected, missing or rate-limited key, no keychain),
 * and for desktop notifications the OS does not deliver.
 */
import { DEFAULT_ACCOUNT, ENV_ACCOUNT } from '../../../shared/accounts.ts';
import { KEY_PROBLEM_KINDS } from '../../../shared/errors.ts';
import type { AccountProblemView } from '../../../shared/ipc.ts';
import { PROVIDER_LABELS } from '../../../shared/payment.ts';
import { BUILT_IN_PROVIDERS } from '../../../shared/providers/index.ts';
import { formatDateTime, formatRelative } from '../lib/time.ts';
import { ENV_VARS } from '../features/accounts/account-text.ts';
import { useNow } from '../lib/use-now.ts';
import { useWatchStore } from '../store/watch-store.ts';
import { SessionKeyForm } from './SessionKeyForm.tsx';


/** All account banners, most severe first. */
export function AccountBanners(): React.JSX.Element | null {
  const problems = useWatchStore((s) => s.problems);
  const keychain = useWatchStore((s) => s.keychainProblem);
  const notifications = useWatchStore((s) => s.notificationProblem);
  if (problems.length === 0 && !keychain && !notifications) return null;
  return (
    <div className="banners">
      {notifications ? (
        <div className="banner warn" role="alert" data-testid="banner-notifications">
          <div className="banner-text">
            <strong>Desktop notifications are not being delivered: {notifications.reason}.</strong>
            <p className="banner-help">Paymon still shows alerts in the app. {notifications.help}</p>
          </div>
        </div>
      ) : null}
      {keychain ? (
        <div className="banner warn" role="alert" data-testid="banner-keychain">
          <div className="banner-text">
            <strong>The system keychain is unavailable.</strong> <span>{keychain.message}</span>
            <p className="banner-help">
              Keys cannot be saved. You can enter a key for this session only: Paymon keeps it in memory and forgets it when it quits.
            </p>
          </div>
          <SessionKeyForm defaultProvider={problems.find((p) => KEY_PROBLEM_KINDS.has(p.error.kind))?.provider ?? BUILT_IN_PROVIDERS[0].id} />
        </div>
      ) : null}
      {problems.map((p) => (
        <ProblemBanner key={`${p.provider}:${p.account}:${p.error.kind}`} problem={p} />
      ))}
    </div>
  );
}

function ProblemBanner({ problem }: { problem: AccountProblemView }): React.JSX.Element {
  const name = PROVIDER_LABELS[problem.provider];
  const env = ENV_VARS[problem.provider];
  const account = problem.account === DEFAULT_ACCOUNT ? '' : problem.account === ENV_ACCOUNT ? ` (key from ${env})` : ` (account “${problem.account}”)`;
  const { headline, help, tone } = describe(problem, `${name}${account}`);
  return (
    <div className={`banner ${tone}`} role="alert" data-testid={`banner-${problem.provider}-${problem.error.kind}`}>
      <div className="banner-text">
        <strong>{headline}</strong> {problem.error.kind === 'rate_limited' ? <Until until={problem.until} /> : null}
        <p className="banner-help">{help}</p>
        {/* The core's message for a key problem is worded for the command line ("run `paymon keys set …`"):
            the headline and help above say it in the app's words. */}
        {KEY_PROBLEM_KINDS.has(problem.error.kind) ? null : <p className="banner-detail">{problem.error.message}</p>}
      </div>
      <a className="btn small" href="#accounts">
        Keys &amp; accounts
      </a>
    </div>
  );
}

function describe(p: AccountProblemView, who: string): { headline: string; help: string; tone: 'danger' | 'warn' } {
  const env = ENV_VARS[p.provider];
  switch (p.error.kind) {
    case 'auth':
      return {
        headline: `${who} rejected the API key.`,
        help: `Its payments are waiting for a key. Open Keys & accounts and paste a current key from the ${PROVIDER_LABELS[p.provider]} dashboard under “Replace key” (or set ${env}).`,
        tone: 'danger',
      };
    case 'no_key':
      return {
        headline: `No API key for ${who}.`,
        help: `Its payments are waiting for a key: open Keys & accounts and paste one under “Add a key” (or set ${env}).`,
        tone: 'danger',
      };
    case 'keychain_unavailable':
      return {
        headline: `${who} payments are not being checked: the key could not be read from the keychain.`,
        help: `Enter a ${PROVIDER_LABELS[p.provider]} key for this session in the form above, or set ${env}.`,
        tone: 'danger',
      };
    case 'rate_limited':
      return {
        headline: `${who} is limiting requests.`,
        help: 'Paymon waits and resumes by itself; nothing to do. Checks of this account are delayed until then.',
        tone: 'warn',
      };
    default:
      return { headline: `${who} cannot be checked right now.`, help: 'Paymon keeps retrying.', tone: 'warn' };
  }
}

function Until({ until }: { until: string | null }): React.JSX.Element | null {
  const now = useNow();
  if (!until) return null;
  return (
    <span className="until">
      Resumes at <time dateTime={until}>{formatDateTime(until)}</time> ({formatRelative(until, now)}).
    </span>
  );
}
