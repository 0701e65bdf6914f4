import { useState } from 'react';
import type { TransferView } from '../../../../src-shared';
import { useCommands } from '../../bridge/bridge-context';
import { transferCommandError } from './transfer-command-errors';
import { transferPeerName } from './transfer-format';

/**
 * "Show in folder" and "Open…" for a completed incoming file (desktop app only: a browser window cannot reach
 * the file manager). Opening a file from the network asks first, every time; main checks the file again and
 * refuses programs and scripts whatever the user answers.
 */
export function ReceivedFileActions({ view }: { view: TransferView }) {
  const commands = useCommands();
  const [pending, setPending] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function reveal(): Promise<void> {
    if (pending) return;
    setPending(true);
    const result = await commands.invoke('transfers.reveal', view.id);
    setPending(false);
    setError(result.ok ? null : transferCommandError('reveal', result.error));
  }

  async function open(): Promise<void> {
    if (pending) return;
    setConfirming(false);
    setPending(true);
    const result = await commands.invoke('transfers.open', view.id, true);
    setPending(false);
    setError(result.ok ? null : transferCommandError('open', result.error));
  }

  const questionId = `transfer-${view.id}-open-question`;
  return (
    <>
      <div className="transfer-actions">
        <button type="button" disabled={pending} onClick={() => void reveal()} aria-label={`Show ${view.name} in its folder`} data-testid="reveal-transfer">
          Show in folder
        </button>
        <button type="button" disabled={pending || confirming} onClick={() => setConfirming(true)} aria-label={`Open ${view.name}`} data-testid="open-transfer">
          Open…
        </button>
      </div>
      {confirming ? (
        <div className="transfer-open-confirm" role="alertdialog" aria-labelledby={questionId} data-testid="open-transfer-confirm">
          <p id={questionId}>
            Open {view.name} from {transferPeerName(view)}? Files received over the network can harm your computer: open it only if you
            expected it.
          </p>
          <div className="form-actions">
            <button type="button" className="danger" onClick={() => void open()} data-testid="confirm-open-transfer">
              Open file
            </button>
            <button type="button" autoFocus onClick={() => setConfirming(false)} data-testid="cancel-open-transfer">
              Don’t open
            </button>
          </div>
        </div>
      ) : null}
      <p className="action-error" role="alert" data-testid="received-file-error">
        {error ?? ''}
      </p>
    </>
  );
}
