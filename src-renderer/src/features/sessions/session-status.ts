import type { MediaStreamView, SessionView } from '../../../../src-shared';
import { peerName } from '../../stores/session-selectors';

/** What a user needs to tell apart; `data-phase` carries it for styling and tests. */
export type SessionPhase = 'calling' | 'incoming' | 'connecting' | 'established' | 'updating' | 'ending' | 'ended' | 'failed';

export interface SessionStatus {
  readonly phase: SessionPhase;
  readonly label: string;
  /** What it means or what to do next; null when the label says it all. */
  readonly detail: string | null;
}

/** What to tell the caller about a final response to their INVITE, by SIP status (RFC 3261 §21). */
export function failureAdvice(code: number, peer: string): string | null {
  switch (code) {
    case 0:
      return 'Check your network and the account’s outbound proxy and MSRP relay settings, then try again.';
    case 401:
    case 403:
    case 407:
      return 'The server refused to place the call: check the account’s password and authentication username.';
    case 404:
    case 604:
      return 'There is no such user: check the address.';
    case 484:
      return 'The address is incomplete: check it.';
    case 408:
    case 480:
      return `${peer} did not answer or is not online. Try again later.`;
    case 486:
    case 600:
      return `${peer} is busy. Try again later.`;
    case 603:
      return `${peer} declined the session.`;
    case 415:
    case 488:
    case 606:
      return `${peer}’s app cannot take the streams offered (for example chat). Try with other streams.`;
    default:
      return code >= 500 ? 'The server had a problem. Try again in a moment.' : null;
  }
}

/** The session's state in words, including how it ended and who ended it. */
export function describeSession(view: SessionView): SessionStatus {
  const peer = peerName(view);
  switch (view.state) {
    case 'null':
    case 'calling':
      return { phase: 'calling', label: 'Calling…', detail: `Waiting for ${peer} to answer.` };
    case 'incoming':
      return { phase: 'incoming', label: 'Waiting for your answer', detail: `${peer} is calling.` };
    case 'accepting':
      return { phase: 'connecting', label: 'Connecting…', detail: null };
    case 'established':
      return { phase: 'established', label: 'Established', detail: null };
    case 'proposing':
      return { phase: 'updating', label: 'Established: changing streams…', detail: `Waiting for ${peer} to agree.` };
    case 'proposed':
      return { phase: 'updating', label: 'Established: changing streams…', detail: `${peer} proposed a change.` };
    case 'terminating':
      return { phase: 'ending', label: 'Ending…', detail: null };
    case 'terminated':
      return describeEnd(view, peer);
  }
}

function describeEnd(view: SessionView, peer: string): SessionStatus {
  const failure = view.failure;
  if (failure === null) {
    if (view.endedBy === 'local') return { phase: 'ended', label: 'Ended by you', detail: null };
    if (view.endedBy === 'remote') return { phase: 'ended', label: `Ended by ${peer}`, detail: null };
    return { phase: 'ended', label: 'Ended', detail: null };
  }
  // RFC 3261 §21.4.28: 487 answers a CANCEL; the side that cancelled is the originator.
  if (failure.code === 487) {
    return failure.originator === 'local'
      ? { phase: 'ended', label: 'Cancelled by you', detail: null }
      : { phase: 'ended', label: `Cancelled by ${peer}`, detail: view.direction === 'incoming' ? `Missed: ${peer} hung up before you answered.` : null };
  }
  if (failure.originator === 'local' && (failure.code === 486 || failure.code === 603)) {
    return { phase: 'ended', label: failure.code === 486 ? 'You answered busy' : 'Declined by you', detail: null };
  }
  const status = failure.code === 0 ? failure.reason : `${failure.code} ${failure.reason}`.trim();
  return { phase: 'failed', label: `Failed: ${status}`, detail: failureAdvice(failure.code, peer) };
}

const STREAM_NAMES: Readonly<Record<MediaStreamView['type'], string>> = {
  chat: 'Chat',
  'file-transfer': 'File transfer',
  'desktop-sharing': 'Desktop sharing',
};

export function streamName(type: MediaStreamView['type']): string {
  return STREAM_NAMES[type];
}

/** A stream's state in words. */
export function describeStream(stream: MediaStreamView): string {
  switch (stream.state) {
    case 'new':
    case 'initializing':
    case 'initialized':
    case 'starting':
      return 'Connecting…';
    case 'started':
      return 'Connected';
    case 'ending':
      return 'Closing…';
    case 'ended':
      return 'Closed';
    case 'failed':
      return stream.failure === null ? 'Failed' : `Failed: ${stream.failure}`;
  }
}
