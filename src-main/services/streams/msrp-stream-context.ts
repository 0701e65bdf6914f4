import type { Logger } from '../../common';
import type { MsrpRelaySettings, MsrpTlsClientOptions, MsrpTracer } from '../../msrp';

/** What a stream needs from its session and account to reach the network. */
export interface MsrpStreamContext {
  /** The seed's msrp.connection_model: through the account's relay (RFC 4976) or direct (RFC 6135). */
  readonly connectionModel: 'relay' | 'direct';
  /** msrps (TLS) or msrp (TCP), from the account's MSRP transport. */
  readonly scheme: 'msrp' | 'msrps';
  /** The relay with its credentials; required for the relay model. */
  readonly relay: MsrpRelaySettings | undefined;
  /** The address our SIP flow leaves from: the host of our own MSRP URI (reachable where SIP is). */
  readonly localHost: string;
  readonly tls: MsrpTlsClientOptions | undefined;
  /** Our address of record and the peer's, for CPIM From/To (RFC 3862 §3). */
  readonly localIdentity: string;
  readonly remoteIdentity: string;
  readonly logger: Logger;
  /** Sees every MSRP frame of the stream's connection (the debug console); idle while nobody listens. */
  readonly tracer?: MsrpTracer | undefined;
}

/** Kamailio's relay drops frames of about 11.2 KB and more: keep chunks at 8 KiB through any relay by default. */
export const RELAY_CHUNK_SIZE = 8 * 1024;
