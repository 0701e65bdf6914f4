import type { ChatTypeNegotiation } from './media-type-match';
import type { MsrpMediaDescription } from './msrp-media-description';
import type { MsrpStreamRole } from './msrp-stream-role';
import type { SdpError } from './sdp-error';
import type { SetupOutcome } from './setup-role';

/** Why an m-line carries no stream. */
export type StreamRefusalReason =
  /** Port 0 in the offer: the offerer removed or never wanted it (RFC 3264 §8.2). */
  | 'removed'
  /** Port 0 in the answer: the answerer declined it (RFC 3264 §6). */
  | 'declined'
  /** Audio, video or anything that is not MSRP. */
  | 'not-msrp'
  /** MSRP but malformed (`error` says how). */
  | 'malformed'
  /** MSRP of a kind we do not do: sendrecv file transfer, one-way chat, non-RFB application stream. */
  | 'unsupported'
  /** TCP/MSRP offered where we use TLS or the reverse. */
  | 'transport-mismatch'
  /** No media type both sides accept (RFC 4975 §8.6). */
  | 'no-common-types'
  /** We said no. */
  | 'refused-locally'
  /** The answer's a=setup, direction or rfbsetup cannot go with the offer (`error` says how). */
  | 'bad-answer';

export interface RefusedStream {
  readonly index: number;
  readonly accepted: false;
  readonly media: string;
  readonly reason: StreamRefusalReason;
  readonly error: SdpError | undefined;
}

/** A stream both sides agreed on: everything the services layer needs to start the MSRP session. */
export interface AcceptedStream {
  readonly index: number;
  readonly accepted: true;
  readonly role: MsrpStreamRole;
  readonly local: MsrpMediaDescription;
  readonly remote: MsrpMediaDescription;
  readonly setup: SetupOutcome;
  /** RFC 6714 §4: used only when both sides advertise a=msrp-cema. */
  readonly cema: boolean;
  /** Chat streams only. */
  readonly chat: ChatTypeNegotiation | undefined;
  /** File streams: the peer advertised a=x-file-offset (resume through FILE_OFFSET). */
  readonly peerSupportsFileOffset: boolean;
}

export type NegotiatedStream = AcceptedStream | RefusedStream;
