/**
 * Judges a team run (issue 15) against the simulator's truth: every payment final for every agent
 * that survived (the killed one: nothing wrong printed before it died, no alert twice), requests
 * within the key's limit in every window and no 429, detection delay against a single agent's,
 * no missed or duplicated alert per agent, and leases taken over within their expiry.
 */
import type { SimResult } from './team-sim.ts';

/** The figures of a run. */
export interface TeamFigures {
  requests: number;
  maxInWindow: number;
  rateLimited: number;
  /** Delay from completion to an agent printing it, over the agents that ran throughout, seconds. */
  meanDelay: number;
  p95Delay: number;
  /** Per agent: final statuses seen, alerts expected, missed, duplicated, unexpected. */
  perAgent: Array<{ name: string; fate: 'ran' | 'killed' | 'paused'; code: number | null; finals: number; expected: number; missed: number; duplicated: number; unexpected: number; meanDelay: number }>;
  takeovers: Array<{ agent: string; how: string; leases: number; maxTakenMs: number; maxExpiresMs: number; late: number }>;
}

/** How late a takeover may come past the lease's expiry: the claim loop's idle wait and the probe's poll. */
export const TAKEOVER_SLACK_MS = 2_000;

const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : NaN;
};

/** Largest number of requests in any window of `windowMs`. */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/** Computes the figures of `r`. */
export function figures(r: SimResult): TeamFigures {
  // An alert is owed for each completion the team saw happen: the simulator's first answer came before it.
  const owed = new Set([...r.completeAt].filter(([key, at]) => (r.firstAsked.get(key) ?? Infinity) < at).map(([key]) => key));
  const killedAt = r.takeovers.find((t) => t.how === 'killed')?.at ?? Infinity;
  const delaysAll: number[] = [];
  const perAgent = r.agents.map((a) => {
    const fate = a.name === r.killed ? 'killed' : a.name === r.paused ? 'paused' : 'ran';
    // The killed agent owes only what a teammate printed at least 5 s before it died.
    const firstPrinted = (k: string): number => Math.min(...r.agents.filter((b) => b.name !== r.killed).map((b) => b.completedAt.get(k) ?? Infinity));
    const due = fate === 'killed' ? new Set([...owed].filter((k) => firstPrinted(k) < killedAt - 5_000)) : owed;
    let missed = 0;
    let duplicated = 0;
    let unexpected = 0;
    for (const key of due) if (!a.alerts.has(key)) missed++;
    for (const [key, n] of a.alerts) {
      if (n > 1) duplicated++;
      if (!owed.has(key)) unexpected++;
    }
    const delays = [...a.completedAt].map(([key, at]) => (at - r.completeAt.get(key)!) / 1000);
    if (fate === 'ran') delaysAll.push(...delays);
    return { name: a.name, fate, code: a.code, finals: a.completedAt.size, expected: due.size, missed, duplicated, unexpected, meanDelay: mean(delays) } as const;
  });
  return {
    requests: r.requestTimes.length,
    maxInWindow: maxInWindow(r.requestTimes, r.opts.windowMs),
    rateLimited: r.rateLimited,
    meanDelay: mean(delaysAll),
    p95Delay: pct(delaysAll, 0.95),
    perAgent: perAgent.map((p) => ({ ...p })),
    takeovers: r.takeovers.map((t) => ({
      agent: t.agent,
      how: t.how,
      leases: t.leases.length,
      maxTakenMs: Math.max(0, ...t.leases.map((l) => l.takenMs ?? Infinity)),
      maxExpiresMs: Math.max(0, ...t.leases.map((l) => l.expiresMs)),
      late: t.leases.filter((l) => l.takenMs === null || l.takenMs > l.expiresMs + TAKEOVER_SLACK_MS).length,
    })),
  };
}

/** The targets a team run must meet, as sentences; empty when all are met. */
export function missedTargets(team: TeamFigures, r: SimResult, solo: TeamFigures | null, delayRatio = 1.2): string[] {
  const out: string[] = [];
  for (const a of team.perAgent) {
    if (a.fate !== 'killed' && (a.code !== 0 || a.finals !== r.ids.length)) out.push(`${a.name} (${a.fate}) saw ${a.finals}/${r.ids.length} payments final and exited ${a.code}`);
    if (a.missed > 0 || a.duplicated > 0 || a.unexpected > 0) out.push(`${a.name}: ${a.missed} alerts missed, ${a.duplicated} duplicated, ${a.unexpected} unexpected`);
  }
  if (team.rateLimited > 0) out.push(`${team.rateLimited} × 429`);
  if (team.maxInWindow > r.opts.limit) out.push(`${team.maxInWindow} requests in one ${r.opts.windowMs / 1000} s window, over the key's ${r.opts.limit}`);
  if (solo) {
    if (team.meanDelay > solo.meanDelay * delayRatio) out.push(`mean detection delay ${team.meanDelay.toFixed(2)} s is over ${delayRatio} × one agent's ${solo.meanDelay.toFixed(2)} s`);
    if (team.p95Delay > solo.p95Delay * delayRatio) out.push(`p95 detection delay ${team.p95Delay.toFixed(2)} s is over ${delayRatio} × one agent's ${solo.p95Delay.toFixed(2)} s`);
  }
  for (const t of team.takeovers) {
    if (t.leases === 0) out.push(`${t.agent} (${t.how}) held no lease when stopped: nothing to take over was measured`);
    if (t.late > 0) out.push(`${t.late} of ${t.agent}'s leases taken over later than their expiry + ${TAKEOVER_SLACK_MS / 1000} s`);
  }
  return out;
}

/** Prints the figures of one run. */
export function printFigures(label: string, f: TeamFigures, r: SimResult, log: (s: string) => void): void {
  const secs = (r.endedAt - r.startedAt) / 1000;
  log(
    `${label}: ${f.requests} requests in ${secs.toFixed(0)} s (max ${f.maxInWindow} in any ${r.opts.windowMs / 1000} s window, key allows ${r.opts.limit}), ${f.rateLimited} × 429; ` +
      `detection delay mean ${f.meanDelay.toFixed(2)} s, p95 ${f.p95Delay.toFixed(2)} s`,
  );
  for (const a of f.perAgent) {
    log(
      `  ${a.name.padEnd(8)} ${a.fate.padEnd(6)} exit ${String(a.code).padEnd(4)} final ${a.finals}/${r.ids.length}, alerts owed ${a.expected}: ${a.missed} missed, ${a.duplicated} duplicated, ${a.unexpected} unexpected; mean delay ${a.meanDelay.toFixed(2)} s`,
    );
    const stderr = r.agents.find((b) => b.name === a.name)!.stderr.trim();
    if (a.fate !== 'killed' && a.code !== 0 && stderr) log(`    stderr: ${stderr.slice(-600)}`);
  }
  for (const t of f.takeovers) {
    log(`  ${t.agent} ${t.how}: ${t.leases} lease(s) held, taken over after ≤ ${(t.maxTakenMs / 1000).toFixed(1)} s (they expired after ≤ ${(t.maxExpiresMs / 1000).toFixed(1)} s, lease 15 s); ${t.late} late`);
  }
}
