/**
 * The app's "Team database" setting (issue 15): the URL lives in the OS keychain (it can hold a
 * password), the agent name in the settings; the window gets the URL masked only. "Test connection"
 * runs the same test as `paymon team test`.
 */
import { PaymonError } from '../../shared/errors.ts';
import type { RequestOf, ResponseOf } from '../../shared/ipc.ts';
import { PROVIDERS } from '../../shared/payment.ts';
import type { TeamSettingsView } from '../../shared/team.ts';
import type { KeyAddress, SecretStore } from '../secrets/types.ts';
import type { PaymonStore } from '../store/index.ts';
import { agentName } from '../team/agent.ts';
import { isPostgresUrl } from '../team/connect.ts';
import { redactUrl } from '../team/pg-errors.ts';
import { testTeamConnection } from '../team/test-connection.ts';

/**
 * The team URL's entry in its own keychain service (main gives a KeytarStore named
 * TEAM_KEYCHAIN_SERVICE), so it never shows among the provider keys. The provider part is only
 * the SecretStore's address shape.
 */
export const TEAM_URL_ADDRESS: KeyAddress = { provider: PROVIDERS[0]!, account: 'team-database' };
export const TEAM_KEYCHAIN_SERVICE = 'Paymon team database';

type TeamChannel = 'team:settings' | 'team:update' | 'team:test';
type TeamHandlers = { [C in TeamChannel]: (req: RequestOf<C>) => Promise<ResponseOf<C>> };

const NOT_POSTGRES = 'A team database URL starts with postgres:// (postgres://user:password@host:5432/database).';
const isString = (v: unknown): v is string => typeof v === 'string';

/** What the team handlers need. */
export interface TeamDeps {
  store: PaymonStore;
  env: NodeJS.ProcessEnv;
  /** Where the URL is kept: the OS keychain in the app. */
  vault: SecretStore;
  connectTimeoutMs?: number;
}

/** The agent name: the one saved in the app, else PAYMON_AGENT or user@host. */
export function teamAgent(deps: TeamDeps): string {
  const saved = deps.store.getSetting('teamAgent', isString);
  return saved ? agentName({ PAYMON_AGENT: saved }) : agentName(deps.env);
}

/** The URL team mode uses: PAYMON_DATABASE_URL, else the saved one, else null. */
export async function teamUrl(deps: TeamDeps): Promise<string | null> {
  const env = deps.env.PAYMON_DATABASE_URL?.trim();
  if (env) return env;
  return deps.vault.get(TEAM_URL_ADDRESS);
}

async function view(deps: TeamDeps): Promise<TeamSettingsView> {
  const saved = await deps.vault.get(TEAM_URL_ADDRESS);
  const env = deps.env.PAYMON_DATABASE_URL?.trim();
  return {
    url: saved ? redactUrl(saved) : null,
    envUrl: env ? redactUrl(env) : null,
    agent: teamAgent(deps),
    agentSaved: Boolean(deps.store.getSetting('teamAgent', isString)),
  };
}

/** The team setting's handlers. */
export function teamHandlers(deps: TeamDeps): TeamHandlers {
  return {
    'team:settings': async () => view(deps),
    async 'team:update'(req) {
      if (req.url !== undefined) {
        const url = req.url?.trim() ?? '';
        if (url === '') await deps.vault.delete(TEAM_URL_ADDRESS);
        else if (!isPostgresUrl(url)) throw new PaymonError('invalid_input', NOT_POSTGRES);
        else await deps.vault.set(TEAM_URL_ADDRESS, url);
      }
      if (req.agent !== undefined) {
        const agent = req.agent?.trim() ?? '';
        deps.store.setSetting('teamAgent', agent === '' ? null : agentName({ PAYMON_AGENT: agent }));
      }
      return view(deps);
    },
    async 'team:test'(req) {
      const url = req.url?.trim() || (await teamUrl(deps));
      if (!url) throw new PaymonError('invalid_input', 'Enter the team database URL (postgres://…) first.');
      if (!isPostgresUrl(url)) throw new PaymonError('invalid_input', NOT_POSTGRES);
      const agent = req.agent?.trim() ? agentName({ PAYMON_AGENT: req.agent }) : teamAgent(deps);
      return testTeamConnection(url, agent, deps.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: deps.connectTimeoutMs });
    },
  };
}
