/**
 * The "Team database" setting (issue 15): the PostgreSQL URL (kept in the OS keychain by main and
 * shown here with its password masked), the agent name, and a connection test that answers in
 * plain words. The typed URL is sent once, on Save or Test, and never shown back in full.
 */
import { useEffect, useState } from 'react';
import type { TeamSettingsView, TeamTestView } from '../../../../shared/team.ts';
import { team } from '../../store/bridge.ts';

/** The section on the settings screen. */
export function TeamSettings(): React.JSX.Element {
  const [view, setView] = useState<TeamSettingsView | null>(null);
  const [url, setUrl] = useState('');
  const [agent, setAgent] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<TeamTestView | null>(null);
  const [testing, setTesting] = useState(false);
  useEffect(() => {
    void team.settings().then((r) => {
      if (r.ok) {
        setView(r.value);
        setAgent(r.value.agentSaved ? r.value.agent : '');
      }
    });
  }, []);
  const save = async (): Promise<void> => {
    const r = await team.update({ ...(url.trim() !== '' ? { url } : {}), agent });
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setView(r.value);
    setUrl('');
  };
  const forget = async (): Promise<void> => {
    const r = await team.update({ url: null });
    if (r.ok) setView(r.value);
    setResult(null);
  };
  const test = async (): Promise<void> => {
    setTesting(true);
    setResult(null);
    const r = await team.test({ ...(url.trim() !== '' ? { url } : {}), ...(agent.trim() !== '' ? { agent } : {}) });
    setTesting(false);
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setResult(r.value);
  };
  return (
    <section className="notify-settings team-settings" aria-labelledby="team-title" data-testid="team-settings">
      <h3 id="team-title" className="provider-title">
        Team database
      </h3>
      <p className="hint">
        A shared PostgreSQL database lets a team watch one list of payments. The URL can hold a password: Paymon keeps it in the system keychain. For now this window still shows this computer’s list; the team’s list is watched by paymon watch with PAYMON_DATABASE_URL.
      </p>
      {view?.envUrl ? (
        <p className="hint" data-testid="team-env">
          PAYMON_DATABASE_URL is set ({view.envUrl}); it is used instead of the URL saved here.
        </p>
      ) : null}
      <p data-testid="team-saved">
        {view?.url ? (
          <>
            Saved: <span className="mono">{view.url}</span>{' '}
            <button type="button" className="btn" onClick={() => void forget()}>
              Forget
            </button>
          </>
        ) : (
          'No team database saved: Paymon watches this computer’s list.'
        )}
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="team-field">
        <label htmlFor="team-url">
          <strong>Database URL</strong> <span className="hint">postgres://user:password@host:5432/database</span>
        </label>
        <input
          id="team-url"
          className="mono"
          type="password"
          value={url}
          spellCheck={false}
          autoComplete="off"
          placeholder={view?.url ? 'leave empty to keep the saved URL' : 'postgres://…'}
          aria-invalid={error !== null}
          onChange={(e) => setUrl(e.target.value)}
        />
        </div>
        <div className="team-field">
        <label htmlFor="team-agent">
          <strong>Your name in the team</strong> <span className="hint">Shown beside what you add; empty uses {view && !view.agentSaved ? view.agent : 'your user@computer name'}.</span>
        </label>
        <input id="team-agent" value={agent} maxLength={64} autoComplete="off" onChange={(e) => setAgent(e.target.value)} />
        </div>
        <div className="shortcut-row">
          <button type="submit" className="btn">
            Save
          </button>
          <button type="button" className="btn" disabled={testing} onClick={() => void test()}>
            {testing ? 'Testing…' : 'Test connection'}
          </button>
        </div>
      </form>
      {error !== null ? (
        <p className="key-problem" role="alert">
          {error}
        </p>
      ) : null}
      {result !== null ? (
        <p className={result.outcome === 'ok' ? 'hint' : 'key-problem'} role="status" data-testid="team-test-result" data-outcome={result.outcome}>
          {result.message}
        </p>
      ) : null}
    </section>
  );
}
