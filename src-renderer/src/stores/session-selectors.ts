import type { MediaStreamView, SessionId, SessionView } from '../../../src-shared';

/**
 * Derived views of the sessions mirror. Pure functions over mirrored data: components select the stable
 * arrays from the store and derive with these (selectors that build new arrays would re-render forever).
 */

/** Still going on: anything but TERMINATED. */
export function isLive(view: SessionView): boolean {
  return view.state !== 'terminated';
}

/** How the other side is called in the UI: their display name, else their address without the scheme. */
export function peerName(view: SessionView): string {
  const name = view.remoteDisplayName?.trim() ?? '';
  return name === '' ? peerAddress(view) : name;
}

export function peerAddress(view: SessionView): string {
  return view.remoteUri.replace(/^sips?:/i, '');
}

/** The sidebar's order: live sessions first, then newest first within each group. File-only sessions are listed as transfers instead. */
export function sessionsForList(sessions: readonly SessionView[]): SessionView[] {
  return sessions.filter((view) => !isFileTransferSession(view)).sort((a, b) => Number(isLive(b)) - Number(isLive(a)) || b.createdAt - a.createdAt);
}

/** Incoming sessions waiting for an answer, oldest first: the prompt shows the first, and how many wait behind it. */
export function waitingIncoming(sessions: readonly SessionView[]): SessionView[] {
  return sessions
    .filter((view) => view.direction === 'incoming' && view.state === 'incoming' && !isFileTransferSession(view))
    .sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * A session that carries only files (RFC 5547, one session per transfer): its offer is answered in the
 * transfers UI (Accept / Decline of the file), never by the incoming-session prompt.
 */
export function isFileTransferSession(view: SessionView): boolean {
  const types = view.state === 'incoming' ? view.offeredStreamTypes : view.streams.map((stream) => stream.type);
  return types.length > 0 && types.every((type) => type === 'file-transfer');
}

export function findSession(sessions: readonly SessionView[], id: SessionId | null): SessionView | undefined {
  return id === null ? undefined : sessions.find((view) => view.id === id);
}

/** The stream chat.send uses (the core sends on the first started chat stream). */
export function sendingChatStream(view: SessionView): MediaStreamView | undefined {
  return view.streams.find((stream) => stream.type === 'chat' && stream.state === 'started');
}

/** Streams that are part of the session now (not ended or failed). */
export function liveStreams(view: SessionView): MediaStreamView[] {
  return view.streams.filter((stream) => stream.state !== 'ended' && stream.state !== 'failed');
}

/** Streams can be added or removed only in ESTABLISHED, one proposal at a time (RFC 3264 §8). */
export function canChangeStreams(view: SessionView): boolean {
  return view.state === 'established';
}

/**
 * A stream may be removed by re-INVITE while another stays; the last one is not offered for removal,
 * since removing it ends the session ("End" says that more clearly).
 */
export function canRemoveStream(view: SessionView, stream: MediaStreamView): boolean {
  return canChangeStreams(view) && stream.state === 'started' && liveStreams(view).length > 1;
}

/** End (CANCEL or BYE) makes sense until the session is ending. */
export function canEnd(view: SessionView): boolean {
  return view.state !== 'terminating' && view.state !== 'terminated' && view.state !== 'incoming';
}
