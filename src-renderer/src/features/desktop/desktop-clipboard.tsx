import { useId, useState, type FormEvent } from 'react';

interface DesktopClipboardProps {
  readonly peer: string;
  /** The last text the remote side copied. */
  readonly remoteText: string;
  readonly canSend: boolean;
  readonly onSend: (text: string) => void;
}

/**
 * Clipboard text both ways. The browser gives pages no silent clipboard access, so the user types (or
 * pastes) text here to put it on the remote clipboard, and sees what the remote side copied last.
 */
export function DesktopClipboard({ peer, remoteText, canSend, onSend }: DesktopClipboardProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [sent, setSent] = useState(false);

  function send(event: FormEvent): void {
    event.preventDefault();
    if (!canSend || text === '') return;
    onSend(text);
    setSent(true);
  }

  return (
    <details className="desktop-clipboard" data-testid="desktop-clipboard">
      <summary>Clipboard</summary>
      <form onSubmit={send}>
        <label htmlFor={`${id}-send`}>Text for {peer}’s clipboard</label>
        <textarea
          id={`${id}-send`}
          rows={2}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setSent(false);
          }}
          data-testid="desktop-clipboard-input"
        />
        <div className="form-actions">
          <button type="submit" disabled={!canSend || text === ''} data-testid="desktop-clipboard-send">
            Send to their clipboard
          </button>
          <span role="status" className="muted">
            {sent ? `On ${peer}’s clipboard: paste it there.` : ''}
          </span>
        </div>
      </form>
      <label htmlFor={`${id}-remote`}>{peer}’s clipboard</label>
      <output id={`${id}-remote`} className="desktop-clipboard-remote" data-testid="desktop-clipboard-remote">
        {remoteText === '' ? 'Nothing copied there yet.' : remoteText}
      </output>
    </details>
  );
}
