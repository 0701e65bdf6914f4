import type { TransferFailureCode, TransferState, TransferView } from '../../../../src-shared';
import { formatDuration } from '../../components/duration';

// Decimal units, as the file managers of GNOME and macOS show sizes: a file reads the same here and there.
const UNITS = ['kB', 'MB', 'GB', 'TB'] as const;

/** "0 bytes", "1 byte", "999 bytes", "1.5 kB", "12 MB", "3.4 GB". Unknown (null) or invalid sizes: "unknown size". */
export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes) || bytes < 0) return 'unknown size';
  if (bytes < 1000) return bytes === 1 ? '1 byte' : `${Math.round(bytes)} bytes`;
  let value = bytes;
  let unit = 0;
  value /= 1000;
  while (value >= 999.95 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  // One decimal below 10 (1.5 MB), none above (12 MB, 340 MB): enough to see progress, not noise.
  const text = value < 9.95 ? value.toFixed(1).replace(/\.0$/, '') : String(Math.round(value));
  return `${text} ${UNITS[unit] ?? 'TB'}`;
}

/** "1.2 MB/s"; nothing measured yet (0 or less): an em dash. */
export function formatSpeed(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return '—';
  if (bytesPerSecond < 1000) return `${Math.round(bytesPerSecond)} B/s`;
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** "12 s left", "4 min 05 s left"; unknown: "time left unknown". Under a second reads as "1 s left", never "0 s". */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return 'time left unknown';
  return `${formatDuration(Math.max(1, seconds) * 1000)} left`;
}

/** Whole percent for the progress bar, or null when the total is unknown (an indeterminate bar). */
export function progressPercent(view: Pick<TransferView, 'bytes' | 'total' | 'state'>): number | null {
  if (view.state === 'completed') return 100;
  if (view.total === null) return null;
  if (view.total === 0) return view.state === 'transferring' ? 0 : null;
  return Math.min(100, Math.max(0, Math.floor((view.bytes / view.total) * 100)));
}

const FAILURES: { readonly [C in TransferFailureCode]: string } = {
  'too-large': 'the file is larger than Parley accepts',
  'size-mismatch': 'the file that arrived has another size than offered',
  'hash-mismatch': 'the file that arrived differs from the one offered (its checksum does not match)',
  aborted: 'the transfer was stopped',
  'unsafe-path': 'the file name could not be used safely',
  'disk-failed': 'the file could not be read or written on this computer',
  'bad-offer': 'the offer could not be understood',
  'connection-lost': 'the connection was lost; offering the same file again resumes it',
  rejected: 'the other side refused it',
  'session-failed': 'the session could not be set up',
  interrupted: 'Parley was closed during the transfer',
};

/** The state in words, from the user's side of it. */
export function describeTransfer(view: Pick<TransferView, 'state' | 'direction' | 'failure'>): string {
  const incoming = view.direction === 'incoming';
  const words: { readonly [S in TransferState]: string } = {
    // An incoming transfer prepares only when we asked the sender for the file again (a pull).
    preparing: incoming ? 'Asking the sender for the file…' : 'Preparing…',
    offered: incoming ? 'Waiting for your answer' : 'Waiting for the other side to accept',
    accepted: 'Accepted, starting…',
    transferring: incoming ? 'Receiving' : 'Sending',
    completed: incoming ? 'Received' : 'Sent',
    failed: 'Failed',
    declined: incoming ? 'Declined' : 'Declined by the other side',
    cancelled: 'Cancelled',
  };
  const base = words[view.state];
  return view.state === 'failed' && view.failure !== null ? `${base}: ${FAILURES[view.failure.code] ?? view.failure.message}` : base;
}

/** The offered type in words a person reads ("PDF document" is nicer, but the media type is what the sender declared). */
export function describeMediaType(mediaType: string): string {
  const type = mediaType.trim();
  return type === '' || type === 'application/octet-stream' ? 'unknown type' : type;
}

/** One sentence for screen readers announcing a new offer. */
export function offerAnnouncement(view: Pick<TransferView, 'peer' | 'peerDisplayName' | 'name' | 'size' | 'mediaType'>): string {
  return `${transferPeerName(view)} offers the file ${view.name} (${formatBytes(view.size)}, ${describeMediaType(view.mediaType)}).`;
}

export function transferPeerName(view: Pick<TransferView, 'peer' | 'peerDisplayName'>): string {
  const name = view.peerDisplayName?.trim() ?? '';
  return name === '' ? view.peer.replace(/^sips?:/i, '') : name;
}
