/**
 * The accounts slice, mirrored from main: the accounts (never a key: masked forms and
 * verification only), the problems that stop polling, and the keychain's state.
 */
import type { StateCreator } from 'zustand';
import type { ErrorInfo } from '../../../shared/errors.ts';
import type { AccountProblemView, AccountView } from '../../../shared/ipc.ts';
import type { WatchState } from './watch-store.ts';

/** The accounts slice's state and actions. */
export interface AccountsSlice {
  accounts: AccountView[];
  problems: AccountProblemView[];
  keychainProblem: ErrorInfo | null;
  /** The keychain has not answered yet: keys from it are not listed yet. */
  keychainPending: boolean;

  setProblems(problems: AccountProblemView[]): void;
  setAccounts(accounts: AccountView[]): void;
  setKeychainProblem(problem: ErrorInfo | null): void;
  /** Updates one account in the list (after a key was set, verified or its settings changed). */
  putAccount(account: AccountView): void;
}

/** The accounts slice (zustand slices pattern). */
export const createAccountsSlice: StateCreator<WatchState, [], [], AccountsSlice> = (set) => ({
  accounts: [],
  problems: [],
  keychainProblem: null,
  keychainPending: false,

  setProblems: (problems) => set({ problems }),
  setAccounts: (accounts) => set({ accounts }),
  setKeychainProblem: (keychainProblem) => set({ keychainProblem }),
  putAccount: (account) =>
    set((s) => {
      const same = (a: AccountView) => a.provider === account.provider && a.account === account.account;
      const found = s.accounts.some(same);
      return { accounts: found ? s.accounts.map((a) => (same(a) ? account : a)) : [...s.accounts, account] };
    }),
});
