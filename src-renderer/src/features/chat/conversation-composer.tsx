import { memo, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { AccountId } from '../../../../src-shared';
import { useCommands } from '../../bridge/bridge-context';
import { conversationId } from '../../stores/chat-keys';
import { useUiStore } from '../../stores/ui-store';
import { isSendable, normalizeChatText } from '../sessions/chat-text';
import { chatCommandError } from './chat-command-errors';
import { ComposingThrottle } from './composing-throttle';

/**
 * Writes to a party: Enter sends (`chat.sendMessage`: main picks the live chat stream when there is one, else a
 * SIP MESSAGE), Shift+Enter starts a new line, typing tells the party (`chat.setComposing`, throttled). The draft
 * is cleared once main accepted the message; the message itself appears when main's event arrives. Memoized:
 * the pane around it re-renders with every message that arrives, which must not cost the composer a render.
 */
export const ConversationComposer = memo(function ConversationComposer({ accountId, conversation, live }: { accountId: AccountId; conversation: string; live: boolean }) {
  const commands = useCommands();
  const id = conversationId(accountId, conversation);
  const draft = useUiStore((state) => state.conversationDrafts[id] ?? '');
  const setDraft = useUiStore((state) => state.setConversationDraft);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const hintId = useId();
  const input = useRef<HTMLTextAreaElement>(null);
  const throttle = useRef<ComposingThrottle | null>(null);
  throttle.current ??= new ComposingThrottle((composing) => void commands.invoke('chat.setComposing', accountId, conversation, composing));

  // Leaving the conversation with text typed but not sent: the party should not see us typing forever.
  useEffect(() => () => throttle.current?.input(''), []);

  async function send(event?: FormEvent): Promise<void> {
    event?.preventDefault();
    if (sending || !isSendable(draft)) return;
    setSending(true);
    const result = await commands.invoke('chat.sendMessage', accountId, conversation, normalizeChatText(draft));
    setSending(false);
    if (result.ok) {
      throttle.current?.sent();
      setDraft(id, '');
      setError(null);
      input.current?.focus();
    } else {
      setError(chatCommandError('send', result.error));
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): void {
    // While an input method composes a character, Enter belongs to it.
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void send();
  }

  return (
    <form className="chat-composer" onSubmit={(event) => void send(event)} data-testid="conversation-composer">
      <label htmlFor={`${hintId}-text`} className="visually-hidden">
        Message
      </label>
      <textarea
        id={`${hintId}-text`}
        ref={input}
        value={draft}
        rows={3}
        onChange={(event) => {
          setDraft(id, event.target.value);
          throttle.current?.input(event.target.value);
        }}
        onKeyDown={onKeyDown}
        aria-describedby={hintId}
        placeholder="Write a message"
        data-testid="conversation-input"
      />
      <p id={hintId} className="field-hint">
        Enter sends; Shift+Enter starts a new line. {live ? 'Sent over the chat session.' : 'Sent as a SIP message.'}
      </p>
      <p className="action-error" role="alert" data-testid="conversation-error">
        {error ?? ''}
      </p>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={sending || !isSendable(draft)} data-testid="send-message">
          Send
        </button>
      </div>
    </form>
  );
});
