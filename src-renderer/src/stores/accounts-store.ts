import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AccountId, AccountView, AccountsState } from '../../../src-shared';

/** The renderer's mirror of main's accounts. `loaded` stays false until the first snapshot arrives. */
export interface AccountsMirrorState {
  readonly loaded: boolean;
  readonly accounts: readonly AccountView[];
  readonly defaultAccountId: AccountId | null;
}

export const INITIAL_ACCOUNTS_STATE: AccountsMirrorState = { loaded: false, accounts: [], defaultAccountId: null };

export function createAccountsStore(): StoreApi<AccountsMirrorState> {
  return createStore<AccountsMirrorState>()(() => INITIAL_ACCOUNTS_STATE);
}

export function accountsMirrorFrom(state: AccountsState): AccountsMirrorState {
  return { loaded: true, accounts: state.accounts, defaultAccountId: state.defaultAccountId };
}
