import { MsrpInvariantError } from '../errors';
import { ByteRangeHeader } from '../protocol/headers/byte-range';
import { FromPathHeader, ToPathHeader } from '../protocol/headers/path-headers';
import { MessageIdHeader } from '../protocol/headers/text-headers';
import { EMPTY_BODY, MsrpChunk } from '../protocol/msrp-chunk';
import type { MsrpUri } from '../protocol/msrp-uri';
import { generateTransactionId } from '../protocol/transaction-id';

/** The paths of one transport (seed: local_uri, local_path, remote_path, remote_uri). */
export interface ChunkPaths {
  readonly localUri: MsrpUri | undefined;
  readonly localPath: readonly MsrpUri[];
  readonly remotePath: readonly MsrpUri[];
  readonly remoteUri: MsrpUri | undefined;
}

export interface SendChunkInit {
  readonly messageId?: string;
  readonly body?: Uint8Array | string;
  /** 1-based position of the first body byte in the message (RFC 4975 §7.1.1). */
  readonly start?: number;
  /** Last byte position; default the end of `body`. */
  readonly end?: number;
  /** Message size, or `'*'` when unknown; default `end` (the message ends with this chunk). */
  readonly total?: number | '*';
  readonly contentType?: string;
  readonly transactionId?: string;
}

/** RFC 4975 §7.1, RFC 4976 §6.1: From-Path is our URI, To-Path our relays, the peer's relays, the peer. */
export function makeRequest(paths: ChunkPaths, method: string, transactionId: string = generateTransactionId()): MsrpChunk {
  const { localUri, remoteUri } = paths;
  if (remoteUri === undefined || localUri === undefined) throw new MsrpInvariantError('makeRequest before both paths are known');
  const chunk = new MsrpChunk({ transactionId, method });
  chunk.headers.setDecoded(ToPathHeader, [...paths.localPath, ...paths.remotePath, remoteUri]);
  chunk.headers.setDecoded(FromPathHeader, [localUri]);
  return chunk;
}

/**
 * A SEND chunk (RFC 4975 §7.1.1; seed make_send_request). The continuation flag is `$` when the chunk
 * reaches the end of the message, `+` otherwise; bodies over 2048 octets get range-end `*` (interruptible).
 * The transaction id is chosen so that its end-line does not occur in the body (§7.1).
 */
export function makeSendChunk(paths: ChunkPaths, init: SendChunkInit = {}): MsrpChunk {
  const body =
    init.body === undefined ? EMPTY_BODY
    : typeof init.body === 'string' ? Buffer.from(init.body, 'utf8')
    : Buffer.from(init.body.buffer, init.body.byteOffset, init.body.byteLength);
  const transactionId = init.transactionId ?? new MsrpChunk({ method: 'SEND', body }).transactionId;
  const chunk = makeRequest(paths, 'SEND', transactionId);
  chunk.body = body;
  const start = init.start ?? 1;
  const end = init.end ?? start - 1 + body.length;
  const total = init.total ?? end;
  chunk.headers.setDecoded(MessageIdHeader, init.messageId ?? generateTransactionId());
  chunk.headers.setDecoded(ByteRangeHeader, { start, end: body.length > 2048 ? '*' : end, total });
  if (init.contentType !== undefined) chunk.headers.set('Content-Type', init.contentType);
  chunk.continuation = total !== '*' && end === total ? '$' : '+';
  return chunk;
}
