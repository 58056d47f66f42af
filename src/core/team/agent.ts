/** Who this Paymon is in a team (issue 15): PAYMON_AGENT, else the OS user@host. */
import os from 'node:os';

/** The agent name every shared row records. At most 64 characters, no control characters. */
export function agentName(env: NodeJS.ProcessEnv = process.env): string {
  const given = env.PAYMON_AGENT?.trim();
  let name = given;
  if (!name) {
    let user = env.USER || env.LOGNAME || '';
    try {
      user ||= os.userInfo().username;
    } catch {
      user ||= 'someone';
    }
    name = `${user}@${os.hostname()}`;
  }
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 64) || 'someone';
}
