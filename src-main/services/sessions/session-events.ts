import type { MediaStreamType, SessionFailure, SessionOriginator, SessionView, StreamId } from '../../../src-shared';
import type { ChatStreamMessage } from '../streams';

/** The seed's Session notifications (SIPSessionNewIncoming … SIPSessionDidEnd), typed. */
export interface SessionEvents {
  [name: string]: unknown;
  newIncoming: { readonly offeredStreamTypes: readonly MediaStreamType[] };
  newOutgoing: { readonly streamTypes: readonly MediaStreamType[] };
  /** 180/183 to our INVITE (RFC 3261 §13.2.2.1). */
  ringing: { readonly code: number };
  willStart: null;
  didStart: null;
  didFail: SessionFailure;
  willEnd: { readonly originator: SessionOriginator };
  didEnd: { readonly originator: SessionOriginator };
  gotProposal: { readonly originator: SessionOriginator; readonly streamTypes: readonly MediaStreamType[] };
  acceptedProposal: { readonly originator: SessionOriginator; readonly streamIds: readonly StreamId[] };
  rejectedProposal: { readonly originator: SessionOriginator; readonly code: number; readonly reason: string };
  /** A stream was added, removed or changed state. */
  streamUpdate: { readonly streamId: StreamId };
  chatMessage: { readonly streamId: StreamId; readonly message: ChatStreamMessage };
  /** Anything in the view changed. */
  changed: SessionView;
}
