import { create } from 'zustand';
import type { AccountId, SessionId } from '../../../src-shared';

/** Which account editor is open: none, a new account, or an existing one. */
export type AccountEditor = { readonly mode: 'closed' } | { readonly mode: 'add' } | { readonly mode: 'edit'; readonly id: AccountId };

/** A conversation shown in the main pane, opened at a message when search found one there. */
export interface ConversationTarget {
  readonly accountId: AccountId;
  /** main's conversation key (normalized remote address). */
  readonly conversation: string;
  readonly focusMessageId?: string;
}

/** What the main pane shows: account management, the "New session" form, one session, one conversation, search results, file transfers, or settings. */
export type MainView =
  | { readonly kind: 'accounts' }
  | { readonly kind: 'new-session' }
  | { readonly kind: 'session'; readonly id: SessionId }
  | ({ readonly kind: 'conversation' } & ConversationTarget)
  | { readonly kind: 'search' }
  | { readonly kind: 'transfers' }
  | { readonly kind: 'settings' };

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
  readonly mainView: MainView;
  /** Unsent chat text per session, kept while the user looks at another session. */
  readonly drafts: Readonly<Record<SessionId, string>>;
  /** Unsent text per conversation (`conversationId`), kept while the user looks elsewhere. */
  readonly conversationDrafts: Readonly<Record<string, string>>;
  /** What the history search box holds. */
  readonly searchText: string;
  openAddAccount(): void;
  openEditAccount(id: AccountId): void;
  closeEditor(): void;
  askDelete(id: AccountId): void;
  cancelDelete(): void;
  dismissFirstRun(): void;
  dismissProblem(key: string): void;
  showAccounts(): void;
  showNewSession(): void;
  showSession(id: SessionId): void;
  setDraft(id: SessionId, text: string): void;
  showConversation(target: ConversationTarget): void;
  setConversationDraft(id: string, text: string): void;
  /** Sets the search text; non-empty text shows the results in the main pane. */
  search(text: string): void;
  /** The file transfers page: offers, the list, and sending files. */
  showTransfers(): void;
  /** Settings: notifications, log level and files, developer mode. */
  showSettings(): void;
}

export const useUiStore = create<UiState>()((set) => ({
  editor: { mode: 'closed' },
  confirmDeleteId: null,
  firstRunDismissed: false,
  dismissedProblems: [],
  // Accounts first: right after adding one, its registration result is what the user waits for.
  mainView: { kind: 'accounts' },
  drafts: {},
  conversationDrafts: {},
  searchText: '',
  openAddAccount: () => set({ editor: { mode: 'add' } }),
  openEditAccount: (id) => set({ editor: { mode: 'edit', id } }),
  closeEditor: () => set({ editor: { mode: 'closed' } }),
  askDelete: (id) => set({ confirmDeleteId: id }),
  cancelDelete: () => set({ confirmDeleteId: null }),
  dismissFirstRun: () => set({ firstRunDismissed: true }),
  dismissProblem: (key) => set((state) => ({ dismissedProblems: [...state.dismissedProblems, key] })),
  showAccounts: () => set({ mainView: { kind: 'accounts' } }),
  showNewSession: () => set({ mainView: { kind: 'new-session' } }),
  showSession: (id) => set({ mainView: { kind: 'session', id } }),
  setDraft: (id, text) => set((state) => ({ drafts: { ...state.drafts, [id]: text } })),
  showConversation: (target) => set({ mainView: { kind: 'conversation', ...target } }),
  setConversationDraft: (id, text) => set((state) => ({ conversationDrafts: { ...state.conversationDrafts, [id]: text } })),
  search: (text) => set((state) => ({ searchText: text, ...(text.trim() === '' ? {} : { mainView: { kind: 'search' } as const }) })),
  showTransfers: () => set({ mainView: { kind: 'transfers' } }),
  showSettings: () => set({ mainView: { kind: 'settings' } }),
}));
