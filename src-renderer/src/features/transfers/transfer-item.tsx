import { useState } from 'react';
import type { TransferView } from '../../../../src-shared';
import { useAppMirror, useCommands } from '../../bridge/bridge-context';
import { isActiveTransfer } from '../../stores/transfers-store';
import { ReceivedFileActions } from './received-file-actions';
import { transferCommandError, type TransferCommand } from './transfer-command-errors';
import { describeMediaType, describeTransfer, formatBytes, formatEta, formatSpeed, progressPercent, transferPeerName } from './transfer-format';

/**
 * One transfer: name, size, who, its state in words, a progress bar, speed and time left while it moves,
 * and what can be done now (Accept / Decline an offer, Cancel a live one). Every button sends a command;
 * the row changes when main's `transfers.changed` arrives, never before.
 */
/**
 * A failed or cancelled transfer can go again (`transfers.retry`): sent anew, or asked of the sender as a pull
 * (which needs the file's hash). A declined one cannot: the other side said no.
 */
export function canRetry(view: Pick<TransferView, 'state' | 'direction' | 'hash'>): boolean {
  if (view.state !== 'failed' && view.state !== 'cancelled') return false;
  return view.direction === 'outgoing' || view.hash !== null;
}

export function TransferItem({ view }: { view: TransferView }) {
  const commands = useCommands();
  const adapter = useAppMirror((state) => state.info?.adapter ?? 'web');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const offer = view.direction === 'incoming' && view.state === 'offered';
  const moving = view.state === 'transferring' || view.state === 'preparing';
  const percent = progressPercent(view);
  const headingId = `transfer-${view.id}-name`;

  async function run(command: Extract<TransferCommand, 'accept' | 'decline' | 'cancel' | 'retry'>): Promise<void> {
    if (pending) return;
    setPending(true);
    const result = await commands.invoke(`transfers.${command}`, view.id);
    setPending(false);
    setError(result.ok ? null : transferCommandError(command, result.error));
  }

  const total = view.total ?? view.size;
  const progressText = percent === null ? `${formatBytes(view.bytes)} so far` : `${percent}% (${formatBytes(view.bytes)} of ${formatBytes(total)})`;
  return (
    <li className="transfer-item" aria-labelledby={headingId} data-testid="transfer" data-transfer-id={view.id} data-state={view.state} data-direction={view.direction}>
      <div className="transfer-top">
        <strong id={headingId} className="transfer-name" data-testid="transfer-name">
          {view.name}
        </strong>
        <span className="transfer-size" data-testid="transfer-size">
          {formatBytes(view.size)}
        </span>
      </div>
      <p className="muted transfer-meta">
        {view.direction === 'incoming' ? 'From ' : 'To '}
        {transferPeerName(view)}
        {offer ? <span data-testid="transfer-type"> · {describeMediaType(view.mediaType)}</span> : null}
      </p>
      {offer ? null : (
        <progress
          className="transfer-progress"
          max={100}
          {...(percent === null ? {} : { value: percent })}
          aria-label={`Progress of ${view.name}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent ?? undefined}
          aria-valuetext={progressText}
          data-testid="transfer-progress"
        />
      )}
      <p className="transfer-status">
        <span data-testid="transfer-state">{describeTransfer(view)}</span>
        {moving ? (
          <>
            {' · '}
            <span data-testid="transfer-speed">{formatSpeed(view.bytesPerSecond)}</span>
            {' · '}
            <span data-testid="transfer-eta">{formatEta(view.etaSeconds)}</span>
          </>
        ) : null}
      </p>
      {view.state === 'completed' && view.path !== null ? (
        <p className="transfer-path">
          {view.direction === 'incoming' ? 'Saved as ' : 'Sent from '}
          <code data-testid="transfer-path">{view.path}</code>
        </p>
      ) : null}
      {/* Showing or opening a file needs the desktop shell; a browser window can only show where it is. */}
      {adapter === 'electron' && view.direction === 'incoming' && view.state === 'completed' && view.path !== null ? <ReceivedFileActions view={view} /> : null}
      <div className="transfer-actions">
        {offer ? (
          <>
            <button type="button" className="primary" disabled={pending} onClick={() => void run('accept')} aria-label={`Accept ${view.name}`} data-testid="accept-transfer">
              Accept
            </button>
            <button type="button" className="danger" disabled={pending} onClick={() => void run('decline')} aria-label={`Decline ${view.name}`} data-testid="decline-transfer">
              Decline
            </button>
          </>
        ) : isActiveTransfer(view) ? (
          <button type="button" disabled={pending} onClick={() => void run('cancel')} aria-label={`Cancel ${view.name}`} data-testid="cancel-transfer">
            Cancel
          </button>
        ) : canRetry(view) ? (
          <button type="button" disabled={pending} onClick={() => void run('retry')} aria-label={`Try ${view.name} again`} data-testid="retry-transfer">
            {view.direction === 'incoming' ? 'Ask again' : 'Send again'}
          </button>
        ) : null}
      </div>
      <p className="action-error" role="alert" data-testid="transfer-error">
        {error ?? ''}
      </p>
    </li>
  );
}
