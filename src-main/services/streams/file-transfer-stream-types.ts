import type { TransferFailureCode } from '../../../src-shared';
import type { FileSelector } from '../../sip/sdp';
import type { FileOffer, FileTransferFailure, PartialTransfers } from '../file-transfer';

/** How a receiver offers to resume: RFC 5547 §8 a=file-range, Blink's a=x-file-offset + FILE_OFFSET, or both. */
export type ResumeAdvertisement = 'file-range' | 'x-file-offset' | 'both';

/** What the sending side of a file-transfer stream needs: the offer built (and hashed) before the INVITE. */
export interface FileSendSpec {
  readonly offer: FileOffer;
  /** RFC 5547 §6 a=file-transfer-id: unique per transfer attempt. */
  readonly transferId: string;
}

/** What the receiving side needs: where files go, how large they may be, and the resume registry. */
export interface FileReceiveSpec {
  /** The offered file-selector (RFC 5547 §5); its name is made safe before it touches the disk. */
  readonly selector: FileSelector;
  readonly transferId: string | undefined;
  readonly downloadsFolder: string;
  /** Offers above this many bytes are refused (413); default unlimited. */
  readonly maxSize?: number;
  /** Where cut transfers are remembered for a resume; without it nothing is resumed. */
  readonly partials?: PartialTransfers;
  /** The peer's address of record: partial transfers are remembered per peer. */
  readonly peer: string;
  /** Default 'both'. */
  readonly resume?: ResumeAdvertisement;
}

export type FileTransferOutcome =
  | { readonly ok: true; readonly bytes: number; readonly path: string | undefined; readonly sha1: string | undefined }
  | {
      readonly ok: false;
      readonly code: TransferFailureCode | 'cancelled';
      readonly message: string;
      readonly bytes: number;
      /** A receiver kept the bytes it had for a later resume. */
      readonly partialKept: boolean;
    };

export interface FileTransferStreamEvents {
  [name: string]: unknown;
  /** Data is about to flow: `startOffset` bytes are already at the receiver (a resume). */
  transferStarted: { readonly startOffset: number };
  /** Absolute byte count (sent and acknowledged by REPORTs, or written to disk), on every chunk. */
  transferProgress: { readonly bytes: number; readonly total: number | undefined };
  /** Once, at the end of the transfer (whatever the stream's own state). */
  transferOutcome: FileTransferOutcome;
}

/** MSRP window through a relay: Kamailio has no flow control, so sends are paced by REPORTs (see msrp-interop notes). */
export const RELAY_FILE_WINDOW_BYTES = 64 * 1024;

/** A writer or offer failure as the transfer's stable code (a writer used after it finished counts as aborted). */
export function transferFailureCode(reason: FileTransferFailure): TransferFailureCode {
  return reason === 'finished' ? 'aborted' : reason;
}
