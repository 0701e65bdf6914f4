import { create } from 'zustand';
import type { AccountId } from '../../../src-shared';

/** Which account editor is open: none, a new account, or an existing one. */
export type AccountEditor = { readonly mode: 'closed' } | { readonly mode: 'add' } | { readonly mode: 'edit'; readonly id: AccountId };

/**
 * UI-only state (DESIGN.md "State flow"): selection, open dialogs, dismissals. Never domain data; the
 * mirror stores hold that and only the bridge writes them.
 */
export interface UiState {
  readonly editor: AccountEditor;
  /** The account whose delete confirmation is open. */
  readonly confirmDeleteId: AccountId | null;
  /** The user chose "use LAN only" on the first-run screen (for this window's lifetime). */
  readonly firstRunDismissed: boolean;
  /** Storage problems the user dismissed, by their message (problems have no id). */
  readonly dismissedProblems: readonly string[];
  openAddAccount(): void;
  openEditAccount(id: AccountId): void;
  closeEditor(): void;
  askDelete(id: AccountId): void;
  cancelDelete(): void;
  dismissFirstRun(): void;
  dismissProblem(key: string): void;
}

export const useUiStore = create<UiState>()((set) => ({
  editor: { mode: 'closed' },
  confirmDeleteId: null,
  firstRunDismissed: false,
  dismissedProblems: [],
  openAddAccount: () => set({ editor: { mode: 'add' } }),
  openEditAccount: (id) => set({ editor: { mode: 'edit', id } }),
  closeEditor: () => set({ editor: { mode: 'closed' } }),
  askDelete: (id) => set({ confirmDeleteId: id }),
  cancelDelete: () => set({ confirmDeleteId: null }),
  dismissFirstRun: () => set({ firstRunDismissed: true }),
  dismissProblem: (key) => set((state) => ({ dismissedProblems: [...state.dismissedProblems, key] })),
}));
