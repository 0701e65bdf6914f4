import { MsrpInvariantError, MsrpRequestFailedError, MsrpTimeoutError, type MsrpSession, type MsrpTransport } from '../../msrp';

/**
 * Blink's resume handshake (the SIP SIMPLE client's file transfer; not in RFC 5547, which resumes with
 * a=file-range, §8): a side that advertises `a=x-file-offset` in its media description accepts, before any
 * data, an MSRP request `FILE_OFFSET` (no body) from the SENDING side, and the RECEIVING side answers
 * `200 OK` with an `Offset: <n>` header, n being the bytes it already holds. The sender then starts at
 * byte n + 1. A receiver that already got data answers 413; anything but 200 means "start from 0".
 */
export const FILE_OFFSET_METHOD = 'FILE_OFFSET';
export const OFFSET_HEADER = 'Offset';

/** `Offset` header value → bytes already received; 0 for anything unusable or beyond `size`. */
export function parseOffsetHeader(value: string | undefined, size?: number): number {
  if (value === undefined || !/^[0-9]{1,16}$/.test(value.trim())) return 0;
  const offset = Number(value.trim());
  if (!Number.isSafeInteger(offset) || (size !== undefined && offset > size)) return 0;
  return offset;
}

/**
 * Sender side: asks the receiver where to start. Resolves 0 when the peer refuses or does not know the
 * method (501), or does not answer in time; rejects only when the connection is gone.
 */
export async function requestFileOffset(session: MsrpSession, size?: number): Promise<number> {
  const request = session.transport.makeRequest(FILE_OFFSET_METHOD);
  try {
    const response = await session.deliverChunk(request);
    return parseOffsetHeader(response.headers.get(OFFSET_HEADER), size);
  } catch (error) {
    if (error instanceof MsrpRequestFailedError || error instanceof MsrpTimeoutError) return 0;
    throw error;
  }
}

/**
 * Receiver side, run on the transport BEFORE the stream's `MsrpSession` is created over it (the session
 * answers unknown methods 501 by itself, RFC 4975 §12). Answers every FILE_OFFSET with `offset` until the
 * first other request starts (the sender's data, or a sender that never asks, per RFC 5547), puts that
 * request's head back in front of the transport's queue and resolves with the number of FILE_OFFSET
 * requests answered. Only the head is looked at: the data chunk may be the whole file (RFC 4975 §7.1.1
 * allows one interruptible chunk of any size), so its body stays in the transport's queue — read at the
 * session's pace, with the socket's backpressure — and the session gets the chunk whole. Create the
 * session right after, with its stream handler as a constructor option: a session may read (and emit) the
 * queued chunk while it is being constructed.
 */
export async function answerFileOffsetRequests(transport: MsrpTransport, offset: number | (() => number)): Promise<number> {
  let answered = 0;
  for (;;) {
    const first = await transport.readPiece();
    if (first === null) return answered;
    if (first.kind !== 'start') continue; // the tail of something unread before us: not ours to judge
    const head = first.head;
    if (head.method !== FILE_OFFSET_METHOD) {
      transport.unreadStart(head);
      return answered;
    }
    // FILE_OFFSET has no body (anything there is ignored, not held): answer at its end-line (RFC 4975 §7.2).
    for (;;) {
      const piece = await transport.readPiece();
      if (piece === null) return answered;
      if (piece.kind === 'end') break;
      if (piece.kind === 'start') throw new MsrpInvariantError('read queue out of step: start inside a chunk');
    }
    const value = typeof offset === 'function' ? offset() : offset;
    await transport.writeResponse(head, 200, 'OK', [[OFFSET_HEADER, String(value)]]).catch(() => undefined);
    answered++;
  }
}
