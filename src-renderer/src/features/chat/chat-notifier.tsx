import { useEffect } from 'react';
import { useAppMirror, useConversationsStore } from '../../bridge/bridge-context';
import { conversationId } from '../../stores/chat-keys';
import { useUiStore } from '../../stores/ui-store';
import { newMessageNotices, type MessageNotice } from './chat-notify';
import { messagePreview, partyName } from './chat-words';

/** Web Notifications exist in this page and the user allowed them. */
export function canNotify(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}

function show({ conversation }: MessageNotice): void {
  const notification = new Notification(partyName(conversation), {
    body: messagePreview(conversation.lastMessage).slice(0, 200),
    // One notice per conversation: a newer message replaces the older notice instead of piling up.
    tag: conversationId(conversation.accountId, conversation.conversation),
  });
  notification.onclick = () => {
    window.focus();
    useUiStore.getState().showConversation({ accountId: conversation.accountId, conversation: conversation.conversation });
    notification.close();
  };
}

/**
 * Raises a Web Notification for a message from someone the user is not looking at (web mode, permission granted).
 * The desktop app shows notifications from the main process (Electron's Notification), not from here.
 */
export function ChatNotifier() {
  const store = useConversationsStore();
  const adapter = useAppMirror((state) => state.info?.adapter);
  useEffect(() => {
    if (adapter !== 'web' || typeof Notification === 'undefined') return;
    let previous = store.getState().loaded ? store.getState().conversations : null;
    return store.subscribe((state) => {
      if (!state.loaded) return;
      const view = useUiStore.getState().mainView;
      const visibleId = view.kind === 'conversation' && document.visibilityState === 'visible' ? conversationId(view.accountId, view.conversation) : null;
      const notices = newMessageNotices(previous, state.conversations, visibleId);
      previous = state.conversations;
      // Only with something to say: reading the permission is a call into the browser, too dear for every change.
      if (notices.length > 0 && canNotify()) for (const notice of notices) show(notice);
    });
  }, [store, adapter]);
  return null;
}
