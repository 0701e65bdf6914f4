import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AccountsMirrorState } from '../stores/accounts-store';
import type { AppMirrorState } from '../stores/app-store';
import type { ComposingMirrorState } from '../stores/composing-store';
import type { ConversationPagesMirrorState } from '../stores/conversation-pages-store';
import type { ConversationsMirrorState } from '../stores/conversations-store';
import type { SessionsMirrorState } from '../stores/sessions-store';
import type { TransfersMirrorState } from '../stores/transfers-store';
import type { Bridge, CommandsFacade } from './bridge';
import type { ChatActions } from './chat-loader';
import type { DesktopViewerLink } from './desktop-viewer-link';

/** What components may reach: commands, the read-only mirror, the chat loader's requests and the desktop viewer's channel (both optional in tests). */
export type BridgeForComponents = Pick<Bridge, 'commands' | 'mirror'> & Partial<Pick<Bridge, 'chat' | 'desktop'>>;

const BridgeContext = createContext<BridgeForComponents | null>(null);

/** Gives components the command facade and the read-only mirror; nothing else of the bridge. */
export function BridgeProvider({ bridge, children }: { bridge: BridgeForComponents; children: ReactNode }) {
  return <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>;
}

function useBridge(): BridgeForComponents {
  const bridge = useContext(BridgeContext);
  if (bridge === null) throw new Error('A component that needs the bridge was rendered outside <BridgeProvider>.');
  return bridge;
}

export function useCommands(): CommandsFacade {
  return useBridge().commands;
}

export function useAccountsMirror<T>(selector: (state: AccountsMirrorState) => T): T {
  return useStore(useBridge().mirror.accounts, selector);
}

export function useAppMirror<T>(selector: (state: AppMirrorState) => T): T {
  return useStore(useBridge().mirror.app, selector);
}

export function useSessionsMirror<T>(selector: (state: SessionsMirrorState) => T): T {
  return useStore(useBridge().mirror.sessions, selector);
}

export function useChatActions(): ChatActions {
  const chat = useBridge().chat;
  if (chat === undefined) throw new Error('This bridge has no chat loader.');
  return chat;
}

export function useConversationsMirror<T>(selector: (state: ConversationsMirrorState) => T): T {
  return useStore(useBridge().mirror.conversations, selector);
}

export function useConversationPagesMirror<T>(selector: (state: ConversationPagesMirrorState) => T): T {
  return useStore(useBridge().mirror.conversationPages, selector);
}

export function useComposingMirror<T>(selector: (state: ComposingMirrorState) => T): T {
  return useStore(useBridge().mirror.composing, selector);
}

/** The read-only conversations store itself, for effects that watch it change (notifications). */
export function useConversationsStore(): BridgeForComponents['mirror']['conversations'] {
  return useBridge().mirror.conversations;
}

/** The desktop viewer's byte channel; undefined where the bridge has none (static renders in tests). */
export function useDesktopViewerLink(): DesktopViewerLink | undefined {
  return useBridge().desktop;
}

export function useTransfersMirror<T>(selector: (state: TransfersMirrorState) => T): T {
  return useStore(useBridge().mirror.transfers, selector);
}
