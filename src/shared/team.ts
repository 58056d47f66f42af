/**
 * The app's "Team database" setting (issue 15): what the window may see of it. The URL can hold a
 * password; the window only ever gets it masked.
 */

/** The team database setting as the window sees it. */
export interface TeamSettingsView {
  /** The saved URL with its password masked (***), or null when none is saved. */
  url: string | null;
  /** PAYMON_DATABASE_URL is set: it wins over the saved URL (masked as well). */
  envUrl: string | null;
  /** The agent name recorded on shared rows: the saved one, else PAYMON_AGENT or user@host. */
  agent: string;
  /** Whether the agent name was chosen here (false: the default). */
  agentSaved: boolean;
}

/** What a connection test found, one word per case the setting explains. */
export const TEAM_TEST_OUTCOMES = ['ok', 'credentials', 'unreachable', 'foreign_schema', 'newer_schema', 'permission', 'no_database', 'invalid_url', 'failed'] as const;
export type TeamTestOutcome = (typeof TEAM_TEST_OUTCOMES)[number];

/** A connection test's answer, in plain words. */
export interface TeamTestView {
  outcome: TeamTestOutcome;
  /** One sentence for the window (no password in it). */
  message: string;
  /** The URL tested, masked. */
  url: string;
  server?: string;
  schema?: number;
  watches?: number;
}

/** Longest team database URL accepted. */
export const MAX_TEAM_URL = 2048;
/** Longest agent name (as ../core/team/agent.ts). */
export const MAX_AGENT = 64;
