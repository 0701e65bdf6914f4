import type { PendingFile } from './page-uploads';
import { formatBytes } from './transfer-format';
import { usePageUploads } from './use-page-uploads';

const PHASE_WORDS: Record<PendingFile['phase'], string> = {
  waiting: 'Waiting for the files before it',
  copying: 'Copying into Parley',
  offering: 'Preparing the offer',
  failed: 'Not sent',
};

/**
 * A dropped or picked file not yet a transfer: its copy into Parley (web mode) with a progress bar, or why it
 * could not be sent. Cancel stops a copy; Dismiss clears a failure.
 */
export function PendingFileItem({ item }: { item: PendingFile }) {
  const uploads = usePageUploads();
  const percent = item.size === 0 ? (item.phase === 'copying' ? 100 : 0) : Math.floor((item.staged / item.size) * 100);
  const headingId = `${item.key}-name`;
  return (
    <li className="transfer-item" aria-labelledby={headingId} data-testid="pending-file" data-phase={item.phase}>
      <div className="transfer-top">
        <strong id={headingId} className="transfer-name" data-testid="pending-file-name">
          {item.name}
        </strong>
        <span className="transfer-size">{formatBytes(item.size)}</span>
      </div>
      {item.phase === 'copying' ? (
        <progress
          className="transfer-progress"
          max={100}
          value={percent}
          aria-label={`Copying ${item.name} into Parley`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${percent}% (${formatBytes(item.staged)} of ${formatBytes(item.size)})`}
        />
      ) : null}
      <p className="transfer-status" data-testid="pending-file-state">
        {PHASE_WORDS[item.phase]}
        {item.phase === 'copying' ? ` · ${percent}%` : ''}
      </p>
      {item.problem === null ? null : (
        <p className="action-error" role="alert" data-testid="pending-file-problem">
          {item.problem}
        </p>
      )}
      <div className="transfer-actions">
        {item.phase === 'failed' ? (
          <button type="button" onClick={() => uploads.dismiss(item.key)} aria-label={`Dismiss ${item.name}`}>
            Dismiss
          </button>
        ) : item.phase !== 'offering' ? (
          <button type="button" onClick={() => uploads.cancel(item.key)} aria-label={`Cancel ${item.name}`}>
            Cancel
          </button>
        ) : null}
      </div>
    </li>
  );
}
