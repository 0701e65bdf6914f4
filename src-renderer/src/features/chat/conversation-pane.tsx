import { useEffect, useMemo, useRef } from 'react';
import { useAccountsMirror, useChatActions, useConversationPagesMirror, useConversationsMirror, useSessionsMirror } from '../../bridge/bridge-context';
import { conversationId, conversationIdOf } from '../../stores/chat-keys';
import { liveConversationIds } from '../../stores/chat-selectors';
import type { ConversationTarget } from '../../stores/ui-store';
import { accountTitle } from '../accounts/account-row';
import { ConversationFiles } from '../transfers/conversation-files';
import { useFileDrop } from '../transfers/use-file-drop';
import { usePageUploads } from '../transfers/use-page-uploads';
import { partyAddress, partyName } from './chat-words';
import { ConversationComposer } from './conversation-composer';
import { MessageList } from './message-list';
import { TypingIndicator } from './typing-indicator';
import { usePageVisible } from './use-page-visible';

/**
 * One conversation: who, whether a chat session with them is up, the messages (opened at the one search found),
 * who is typing, and the composer. While it is in view, what arrives is marked read (and the party told so, when
 * it asked: IMDN display notifications are sent by main on `history.markRead`).
 */
export function ConversationPane({ target }: { target: ConversationTarget }) {
  const chat = useChatActions();
  const { accountId, conversation, focusMessageId } = target;
  const id = conversationId(accountId, conversation);
  const summary = useConversationsMirror((state) => state.conversations.find((item) => conversationIdOf(item) === id));
  const newest = useConversationPagesMirror((state) => state.messages[0]);
  const unreadHere = useConversationPagesMirror((state) => state.messages.some((message) => message.direction === 'in' && !message.read));
  const sessions = useSessionsMirror((state) => state.sessions);
  const live = useMemo(() => liveConversationIds(sessions).has(id), [sessions, id]);
  const account = useAccountsMirror((state) => state.accounts.find((item) => item.id === accountId));
  const visible = usePageVisible();
  const heading = useRef<HTMLHeadingElement>(null);
  const party = summary ?? newest ?? { conversation, remoteUri: conversation, remoteDisplayName: null };
  const name = partyName(party);
  const unread = (summary?.unread ?? 0) > 0 || unreadHere;
  // Files dropped anywhere on the conversation go to this party, each in a transfer of its own.
  const uploads = usePageUploads();
  const drop = useFileDrop({
    onFiles: (files) => uploads.send(accountId, conversation, files),
    onPaths: (paths) => uploads.sendPaths(accountId, conversation, paths),
  });

  useEffect(() => {
    void chat.open(accountId, conversation, focusMessageId);
    return () => chat.close(accountId, conversation);
  }, [chat, accountId, conversation, focusMessageId]);

  // Opened from the list: focus the name, as the session pane does. Opened from search: the message gets focus.
  useEffect(() => {
    if (focusMessageId === undefined) heading.current?.focus();
  }, [focusMessageId]);

  useEffect(() => {
    if (visible && unread) void chat.markRead(accountId, conversation);
  }, [chat, visible, unread, accountId, conversation]);

  return (
    <section className="pane-section conversation-pane" aria-labelledby="conversation-heading" data-testid="conversation-pane" data-conversation={conversation} data-drop-over={drop.over} {...drop.handlers}>
      <header className="session-header">
        <div>
          <h1 id="conversation-heading" ref={heading} tabIndex={-1}>
            {name}
          </h1>
          <p className="muted">
            {partyAddress(party)}
            {account === undefined ? '' : ` · via ${accountTitle(account)}`}
          </p>
        </div>
        {live ? (
          <span className="badge" data-state="started" data-testid="conversation-live">
            <span className="live-dot" aria-hidden="true" /> Chat session active
          </span>
        ) : null}
      </header>
      <MessageList partyName={name} focusMessageId={focusMessageId ?? null} />
      <ConversationFiles accountId={accountId} party={conversation} partyName={name} />
      <TypingIndicator id={id} partyName={name} />
      <ConversationComposer key={id} accountId={accountId} conversation={conversation} live={live} />
      {drop.over ? (
        <div className="drop-overlay" aria-hidden="true" data-testid="conversation-drop-overlay">
          Drop files to send them to {name}
        </div>
      ) : null}
    </section>
  );
}
