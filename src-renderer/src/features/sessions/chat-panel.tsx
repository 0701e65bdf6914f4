import { useEffect, useRef } from 'react';
import type { ChatMessageEvent, SessionView } from '../../../../src-shared';
import { useSessionsMirror } from '../../bridge/bridge-context';
import { peerName } from '../../stores/session-selectors';
import { ChatComposer } from './chat-composer';

const NO_LINES: readonly ChatMessageEvent[] = [];

function timeOf(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** The chat of a session while this window was open: a log a screen reader follows, and the composer. */
export function ChatPanel({ view }: { view: SessionView }) {
  const lines = useSessionsMirror((state) => state.chat[view.id]) ?? NO_LINES;
  const peer = peerName(view);
  const log = useRef<HTMLOListElement>(null);

  // Follow the conversation: a new line scrolls into view, as in any chat.
  useEffect(() => {
    const element = log.current;
    if (element !== null) element.scrollTop = element.scrollHeight;
  }, [lines.length]);

  return (
    <section className="chat-panel" aria-labelledby="chat-heading">
      <h2 id="chat-heading">Chat</h2>
      <ol ref={log} className="chat-log" role="log" aria-live="polite" aria-label={`Chat with ${peer}`} data-testid="chat-log">
        {lines.map((line) => (
          <li key={`${line.direction}-${line.messageId}`} className="chat-line" data-direction={line.direction} data-testid="chat-line">
            <span className="chat-meta">
              {line.direction === 'outgoing' ? 'You' : peer} · <time dateTime={new Date(line.time).toISOString()}>{timeOf(line.time)}</time>
            </span>
            <span className="chat-text" data-testid="chat-text">
              {line.text}
            </span>
          </li>
        ))}
      </ol>
      <ChatComposer view={view} />
    </section>
  );
}
