import { TypedEmitter } from '../../common';
import { MsrpInvariantError } from '../errors';
import type { MsrpUri } from '../protocol/msrp-uri';
import type { MsrpChunk } from '../protocol/msrp-chunk';
import { encodePaths, makeRequest, makeSendChunk, type EncodedPaths, type SendChunkInit } from './make-chunk';
import type { MsrpTransportEvents } from './transport-types';

/**
 * The path half of `MsrpTransport` (seed: local_uri, local_path, remote_path, remote_uri) and the requests
 * built from the paths (seed make_request / make_send_request): outgoing
 * requests carry `From-Path: localUri` and `To-Path: localPath + remotePath + remoteUri` (RFC 4976 §6.1:
 * our relays first); `fullLocalPath = localPath + localUri` is what goes into SDP a=path. The encoded
 * header texts are kept until a path changes: every chunk of a session repeats them.
 */
export class TransportPaths extends TypedEmitter<MsrpTransportEvents> {
  #localUri: MsrpUri | undefined;
  #localPath: readonly MsrpUri[];
  #remotePath: readonly MsrpUri[] = [];
  #remoteUri: MsrpUri | undefined;
  #encoded: EncodedPaths | undefined;

  constructor(localUri: MsrpUri | undefined, localPath: readonly MsrpUri[] | undefined) {
    super();
    this.#localUri = localUri;
    this.#localPath = localPath ?? [];
  }

  get localUri(): MsrpUri | undefined {
    return this.#localUri;
  }

  /** Sets our URI once known (MsrpServer binds a connection before it knows the session). */
  setLocalUri(uri: MsrpUri): void {
    this.#localUri = uri;
    this.#encoded = undefined;
  }

  get localPath(): readonly MsrpUri[] {
    return this.#localPath;
  }

  setLocalPath(path: readonly MsrpUri[]): void {
    this.#localPath = [...path];
    this.#encoded = undefined;
  }

  /** What goes into our SDP a=path (RFC 4976 §5.1: Use-Path then our own URI). */
  get fullLocalPath(): MsrpUri[] {
    if (this.#localUri === undefined) throw new MsrpInvariantError('the local URI is not known yet');
    return [...this.#localPath, this.#localUri];
  }

  get remoteUri(): MsrpUri | undefined {
    return this.#remoteUri;
  }

  get remotePath(): readonly MsrpUri[] {
    return this.#remotePath;
  }

  get fullRemotePath(): MsrpUri[] {
    return this.#remoteUri === undefined ? [] : [...this.#remotePath, this.#remoteUri];
  }

  /** The peer's a=path: its relays then its own URI. */
  setFullRemotePath(path: readonly MsrpUri[]): void {
    if (path.length === 0) throw new MsrpInvariantError('empty remote path');
    this.#remoteUri = path[path.length - 1];
    this.#remotePath = path.slice(0, -1);
    this.#encoded = undefined;
  }

  /** The first hop of our requests (seed next_host). */
  get nextHop(): MsrpUri | undefined {
    return this.#localPath[0] ?? this.#remotePath[0] ?? this.#remoteUri;
  }

  // ---- making chunks (seed make_request / make_send_request) ----

  /** A request with our To-Path/From-Path (RFC 4975 §7.1, RFC 4976 §6.1). */
  makeRequest(method: string, transactionId?: string): MsrpChunk {
    return makeRequest(this.encodedPaths(), method, transactionId);
  }

  /** A SEND chunk (RFC 4975 §7.1.1): Byte-Range from start/end/total, continuation flag derived. */
  makeChunk(init: SendChunkInit = {}): MsrpChunk {
    return makeSendChunk(this.encodedPaths(), init);
  }

  /** To-Path and From-Path of our requests, formatted once per change of the paths. */
  protected encodedPaths(): EncodedPaths {
    return (this.#encoded ??= encodePaths({ localUri: this.#localUri, localPath: this.#localPath, remotePath: this.#remotePath, remoteUri: this.#remoteUri }));
  }
}
