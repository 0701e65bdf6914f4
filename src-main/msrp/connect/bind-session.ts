import { MsrpConnectionError, MsrpError, MsrpInvariantError, MsrpTimeoutError } from '../errors';
import type { MsrpChunk } from '../protocol/msrp-chunk';
import type { MsrpUri } from '../protocol/msrp-uri';
import { pathEquals } from '../protocol/msrp-path';
import type { MsrpTransport, SessionMatching } from '../transport/msrp-transport';

/**
 * Binding a connection to a session (RFC 4975 §5.4, §8.4 session matching; RFC 6714 CEMA).
 * Seed: msrplib `MSRPTransport.bind / accept_binding / check_incoming_SEND_chunk`.
 */

/**
 * The active side: RFC 4975 §5.4 says the endpoint that opens the connection sends a SEND at once, even
 * empty; the 200 (from the peer or its relay) binds it.
 */
export async function bindActive(transport: MsrpTransport, remotePath: readonly MsrpUri[], timeoutMs: number): Promise<void> {
  transport.setFullRemotePath(remotePath);
  const response = await transport.request(transport.makeChunk({}), { timeoutMs });
  if (response.code !== 200) {
    throw new MsrpError('msrp-no-such-session', `cannot bind session: ${response.code} ${response.comment ?? ''}`.trim(), { status: response.code });
  }
}

/**
 * The passive side: the first chunk must be a SEND whose To-Path is our URI and whose From-Path is the
 * path we expect (RFC 4975 §7.3.1); it is answered 200 or 481, and a first SEND carrying content is put
 * back for the session to read.
 */
export async function acceptBinding(
  transport: MsrpTransport,
  remotePath: readonly MsrpUri[],
  timeoutMs: number,
  sessionMatching: SessionMatching = 'uri',
): Promise<void> {
  transport.setFullRemotePath(remotePath);
  const first = await withTimeout(readBindingRequest(transport), timeoutMs, 'no binding SEND');
  if (first === null) throw new MsrpConnectionError('msrp-connection-lost', 'connection closed before the session was bound');
  const chunk = first.chunk;
  const error = chunk.method === 'SEND' ? checkIncomingSend(transport, chunk, sessionMatching) : new MsrpError('msrp-no-such-session', `${chunk.firstLine} while binding`, { status: 400 });
  if (error !== undefined) {
    await transport.writeResponse(chunk, Number(error.status ?? 481));
    throw error;
  }
  await admitBindingRequest(transport, first);
}

/** The first request of a passive connection, as far as binding needs it (`readBindingRequest`). */
export interface BindingRequest {
  /** The whole request, or only its head when `headOnly`. */
  readonly chunk: MsrpChunk;
  readonly headOnly: boolean;
}

/**
 * Reads the first request of a passive connection (RFC 4975 §5.4). Usually an empty SEND, read whole. A
 * first SEND with content (§5.4 only asks for a SEND: a peer may start with its data) is read no further
 * than its head: its body — possibly a whole file as one interruptible chunk, §7.1.1 — stays queued for the
 * session (`admitBindingRequest`), which answers it once, at its end-line.
 */
export async function readBindingRequest(transport: MsrpTransport): Promise<BindingRequest | null> {
  const first = await transport.readPiece();
  if (first === null) return null;
  if (first.kind !== 'start') throw new MsrpInvariantError(`read queue out of step: ${first.kind} before the first request`);
  // RFC 4975 §7.1.1: a SEND with a body carries Content-Type; without one it is the empty binding SEND.
  if (first.head.method === 'SEND' && first.head.headers.has('Content-Type')) return { chunk: first.head, headOnly: true };
  transport.unreadStart(first.head);
  const whole = await transport.readChunk();
  if (whole === null) return null;
  return { chunk: whole.chunk, headOnly: false };
}

/** Binding succeeded: answers an empty SEND 200 here; a SEND with content goes on to the session, unread. */
export async function admitBindingRequest(transport: MsrpTransport, request: BindingRequest): Promise<void> {
  if (request.headOnly) {
    transport.unreadStart(request.chunk);
    return;
  }
  await transport.writeResponse(request.chunk, 200);
}

/** RFC 4975 §7.3.1 session matching of an incoming SEND; `undefined` when it belongs to this transport. */
export function checkIncomingSend(transport: MsrpTransport, chunk: MsrpChunk, sessionMatching: SessionMatching = 'uri'): MsrpError | undefined {
  let toPath: readonly MsrpUri[] | undefined;
  let fromPath: readonly MsrpUri[] | undefined;
  try {
    toPath = chunk.toPath;
    fromPath = chunk.fromPath;
  } catch (error) {
    return error instanceof MsrpError ? error : new MsrpError('msrp-invalid-header', String(error), { status: 400 });
  }
  if (toPath === undefined || fromPath === undefined) return new MsrpError('msrp-missing-header', 'To-Path or From-Path missing', { status: 400 });
  const localUri = transport.localUri;
  const expectedFrom = [...transport.localPath, ...transport.fullRemotePath];
  if (localUri === undefined) return new MsrpError('msrp-no-such-session', 'no local URI', { status: 481 });
  if (sessionMatching === 'session-id') {
    // RFC 6714 §4.2: only the session-ids of our URI and of the peer's first hop are compared.
    if (toPath[0]?.sessionId !== localUri.sessionId) return noSuchSession('To-Path', toPath);
    if (fromPath[0]?.sessionId !== expectedFrom[0]?.sessionId) return noSuchSession('From-Path', fromPath);
    return undefined;
  }
  if (!pathEquals(toPath, [localUri])) return noSuchSession('To-Path', toPath);
  if (!pathEquals(fromPath, expectedFrom)) return noSuchSession('From-Path', fromPath);
  return undefined;
}

function noSuchSession(header: string, path: readonly MsrpUri[]): MsrpError {
  return new MsrpError('msrp-no-such-session', `unexpected ${header} ${path.map(String).join(' ')}`, { status: 481 });
}

export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new MsrpTimeoutError(`${what} within ${timeoutMs} ms`)), timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
