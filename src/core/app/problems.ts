/**
 * The account problems the renderer shows as banners: a rejected or missing key (until the
 * key changes or a lookup succeeds) and rate limits (until the time the provider gave).
 */
import type { ErrorInfo } from '../../shared/errors.ts';
import type { AccountProblemView } from '../../shared/ipc.ts';
import type { Provider } from '../../shared/payment.ts';
import type { Clock, TimerHandle } from '../monitor/clock.ts';

/** The current problems, one per account, with change detection. */
export class ProblemBoard {
  readonly #clock: Clock;
  readonly #onChange: (list: AccountProblemView[]) => void;
  readonly #problems = new Map<string, AccountProblemView>();
  readonly #expiry = new Map<string, TimerHandle>();

  constructor(clock: Clock, onChange: (list: AccountProblemView[]) => void) {
    this.#clock = clock;
    this.#onChange = onChange;
  }

  /** The problems now, by provider then account. */
  list(): AccountProblemView[] {
    return [...this.#problems.values()].sort((a, b) => `${a.provider}:${a.account}`.localeCompare(`${b.provider}:${b.account}`));
  }

  /** Records a problem; announces it only if it differs from the one already shown. */
  set(provider: Provider, account: string, error: ErrorInfo, until: string | null): void {
    const id = `${provider}:${account}`;
    const next: AccountProblemView = { provider, account, error, until };
    if (JSON.stringify(this.#problems.get(id)) === JSON.stringify(next)) return;
    this.#problems.set(id, next);
    this.#expiry.get(id)?.cancel();
    this.#expiry.delete(id);
    const at = until === null ? NaN : Date.parse(until);
    if (Number.isFinite(at)) {
      // A rate limit ends by itself: drop the banner when the provider said requests resume.
      this.#expiry.set(id, this.#clock.setTimer(() => this.clear((p) => p === next), at - this.#clock.now()));
    }
    this.#onChange(this.list());
  }

  /** Removes the problems `match` picks; announces the new list if anything went. */
  clear(match: (p: AccountProblemView) => boolean): void {
    let changed = false;
    for (const [id, p] of this.#problems) {
      if (!match(p)) continue;
      this.#problems.delete(id);
      this.#expiry.get(id)?.cancel();
      this.#expiry.delete(id);
      changed = true;
    }
    if (changed) this.#onChange(this.list());
  }

  /** Cancels the expiry timers. */
  close(): void {
    for (const t of this.#expiry.values()) t.cancel();
    this.#expiry.clear();
  }
}
