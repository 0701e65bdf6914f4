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
  /** Largest chunk body on a connection without relays; default `DIRECT_CHUNK_SIZE` (benchmarks vary it). */
  readonly directChunkSize?: number;
}

/** Kamailio's relay drops frames of about 11.2 KB and more: keep chunks at 8 KiB through any relay by default. */
export const RELAY_CHUNK_SIZE = 8 * 1024;

/**
 * Largest chunk body when no relay is on the path: 1 MiB. RFC 4975 §7.1.1 lets a message go as one
 * interruptible chunk of any size, and our receiver streams chunks of any size, but the peers users already
 * have do not: msrplib (Blink, the SIP SIMPLE client) reads each chunk whole into memory and drops the
 * connection when a body passes 4 MiB (`MSRPTransport.read_chunk(max_size=4 MiB)`). Every chunk costs a head,
 * a 200 response and a REPORT on both sides: at 64 KiB that was a third of the sender's CPU and most of its
 * garbage; from 1 MiB on the rest is noise (`npm run bench:files -- --chunk-size`: sender CPU per 2 GiB
 * 5–7 s at 64 KiB, 3.4–4 s at 1 MiB, 2.7–3.7 s at 4 MiB or one chunk). So: the smallest size past that knee,
 * a quarter of what msrplib accepts and little for a receiver that buffers whole chunks to hold.
 */
export const DIRECT_CHUNK_SIZE = 1024 * 1024;
