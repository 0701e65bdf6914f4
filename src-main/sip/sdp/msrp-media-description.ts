import type { FileSelector } from './file-selector';
import type { FileDate, FileRange } from './file-transfer-attributes';
import type { SdpAttribute, SdpConnection } from './session-description';

/** RFC 4975 §8.1: MSRP is carried in `m=message`; desktop sharing peers use `m=application`. */
export type MsrpMediaType = 'message' | 'application';
/** RFC 4975 §8.1 proto values. */
export type MsrpProto = 'TCP/MSRP' | 'TCP/TLS/MSRP';
/** RFC 6135 §4.1 / RFC 4145 §4 `a=setup` values. */
export type SetupRole = 'active' | 'passive' | 'actpass' | 'holdconn';
/** RFC 8866 §6.7 direction attributes; RFC 3264 §5.1 sendrecv when absent. */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
/** The SIP SIMPLE client's `a=rfbsetup`: the viewer is active (connects to RFB), the server passive. */
export type RfbSetup = 'active' | 'passive';
/** RFC 4145 §5 `a=connection`. */
export type TcpConnectionAttribute = 'new' | 'existing';

/** `a=fingerprint:<hash-func> <fingerprint>` (RFC 8122 §5; RFC 4572 §5); hex upper-cased. */
export interface Fingerprint {
  readonly hashFunction: string;
  readonly value: string;
}

/** The RFC 5547 attributes of a file-transfer stream, plus the SIP SIMPLE client's `a=x-file-offset`. */
export interface FileTransferDescription {
  readonly selector: FileSelector;
  readonly transferId: string | undefined;
  readonly disposition: string | undefined;
  readonly date: FileDate | undefined;
  /** `a=file-icon` value (a cid: URL, RFC 5547 §9): kept but never fetched. */
  readonly icon: string | undefined;
  readonly range: FileRange | undefined;
  /** The peer resumes with a FILE_OFFSET request rather than a=file-range. */
  readonly xFileOffset: boolean;
}

/**
 * One MSRP media section, typed. MSRP URIs stay strings here (`src-main/sip` is a leaf: the services layer
 * turns them into `MsrpUri`). `otherAttributes` keeps every attribute this type does not model, in order.
 */
export interface MsrpMediaDescription {
  readonly media: MsrpMediaType;
  /** 0: refused or removed (RFC 3264 §6, §8.2). Informational otherwise: a=path decides (RFC 4975 §8.1). */
  readonly port: number;
  readonly proto: MsrpProto;
  /** RFC 4975 §8.1: `*`. */
  readonly formats: readonly string[];
  /** The media-level c=, or the session-level one it inherits (RFC 8866 §5.7). */
  readonly connection: SdpConnection | undefined;
  /** `a=path` URIs, the peer's own last (RFC 4975 §8.2, RFC 4976 §5.2). Empty only when the port is 0. */
  readonly path: readonly string[];
  /** `a=accept-types` (RFC 4975 §8.6): `*`, `type/*` or `type/subtype`. */
  readonly acceptTypes: readonly string[];
  /** `a=accept-wrapped-types` (RFC 4975 §8.6); undefined when absent. */
  readonly acceptWrappedTypes: readonly string[] | undefined;
  /** `a=max-size` (RFC 4975 §8.6). */
  readonly maxSize: number | undefined;
  readonly setup: SetupRole | undefined;
  readonly tcpConnection: TcpConnectionAttribute | undefined;
  /** `a=msrp-cema` (RFC 6714 §4). */
  readonly cema: boolean;
  readonly fingerprints: readonly Fingerprint[];
  readonly direction: MediaDirection;
  readonly file: FileTransferDescription | undefined;
  readonly rfbSetup: RfbSetup | undefined;
  /** `a=chatroom` values, verbatim (conference capabilities such as `nickname private-messages`). */
  readonly chatroom: readonly string[];
  /** `a=nickname` values, verbatim. */
  readonly nickname: readonly string[];
  readonly otherAttributes: readonly SdpAttribute[];
}

export const MSRP_PROTOS: readonly MsrpProto[] = ['TCP/MSRP', 'TCP/TLS/MSRP'];

export function isMsrpProto(proto: string): proto is MsrpProto {
  return (MSRP_PROTOS as readonly string[]).includes(proto);
}
