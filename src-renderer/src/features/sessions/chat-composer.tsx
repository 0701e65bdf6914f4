import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { SessionView } from '../../../../src-shared';
import { useCommands } from '../../bridge/bridge-context';
import { sendingChatStream } from '../../stores/session-selectors';
import { useUiStore } from '../../stores/ui-store';
import { isSendable, normalizeChatText } from './chat-text';
import { sessionCommandError } from './session-command-errors';

/**
 * Writes a chat message: Enter sends, Shift+Enter starts a new line. The draft survives switching to
 * another session and is cleared only once main accepted the message; the line itself appears when
 * main's chat.message event arrives.
 */
export function ChatComposer({ view }: { view: SessionView }) {
  const commands = useCommands();
  const draft = useUiStore((state) => state.drafts[view.id] ?? '');
  const setDraft = useUiStore((state) => state.setDraft);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const hintId = useId();
  const connected = sendingChatStream(view) !== undefined;

  async function send(event?: FormEvent): Promise<void> {
    event?.preventDefault();
    if (sending || !connected || !isSendable(draft)) return;
    setSending(true);
    const result = await commands.invoke('chat.send', view.id, normalizeChatText(draft));
    setSending(false);
    if (result.ok) {
      setDraft(view.id, '');
      setError(null);
    } else {
      setError(sessionCommandError('send', result.error));
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): void {
    // While an input method composes a character, Enter belongs to it.
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void send();
  }

  return (
    <form className="chat-composer" onSubmit={(event) => void send(event)} data-testid="chat-composer">
      <label htmlFor={`${hintId}-text`} className="visually-hidden">
        Message
      </label>
      <textarea
        id={`${hintId}-text`}
        value={draft}
        rows={3}
        onChange={(event) => setDraft(view.id, event.target.value)}
        onKeyDown={onKeyDown}
        disabled={!connected}
        aria-describedby={hintId}
        placeholder={connected ? 'Write a message' : ''}
        data-testid="chat-input"
      />
      <p id={hintId} className="field-hint">
        {connected ? 'Enter sends; Shift+Enter starts a new line.' : 'The chat opens when the session is established with a chat stream.'}
      </p>
      <p className="action-error" role="alert" data-testid="chat-error">
        {error ?? ''}
      </p>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={!connected || sending || !isSendable(draft)} data-testid="send-chat">
          Send
        </button>
      </div>
    </form>
  );
}
