import type { Fingerprint, MsrpProto } from './msrp-media-description';
import { msrpUriParts } from './msrp-path-attribute';
import { SdpInvariantError } from './sdp-error';
import type { SdpConnection } from './session-description';

/** Where our end of one MSRP stream is reached, as the MSRP connector prepared it. */
export interface LocalMsrpEndpoint {
  /** Our a=path: relay URIs (the relay's Use-Path) first, our own URI last (RFC 4976 §5.2). */
  readonly path: readonly string[];
  /** The m= port; default: the port of our own URI, or 2855 when it has none (it is informational, RFC 4975 §8.1). */
  readonly port?: number;
  /** The c= address; default: the host of our own URI. */
  readonly address?: string;
  /** RFC 6714: we can do connection establishment for media anchoring. */
  readonly cema?: boolean;
  /** Our certificate's fingerprints for TLS (RFC 4572 §5, RFC 8122 §5). */
  readonly fingerprints?: readonly Fingerprint[];
  /** The largest message we accept (RFC 4975 §8.6). */
  readonly maxSize?: number;
}

/** The media line values an endpoint implies. */
export interface EndpointMediaValues {
  readonly port: number;
  readonly proto: MsrpProto;
  readonly connection: SdpConnection;
}

/** RFC 4975 §8.1: the port of our URI; the IANA-registered MSRP port 2855 when it has none (or a 0 placeholder). */
const DEFAULT_MSRP_PORT = 2855;

/**
 * Derives m= port, proto and c= from the endpoint. The proto follows the scheme of our own URI (msrps →
 * TCP/TLS/MSRP, RFC 4975 §8.1), as the SIP SIMPLE client does.
 */
export function endpointMediaValues(endpoint: LocalMsrpEndpoint): EndpointMediaValues {
  const own = endpoint.path[endpoint.path.length - 1];
  if (own === undefined) throw new SdpInvariantError('an MSRP endpoint needs a path (RFC 4975 §8.2)');
  const parts = msrpUriParts(own);
  const port = endpoint.port ?? (parts.port !== undefined && parts.port > 0 ? parts.port : DEFAULT_MSRP_PORT);
  const host = endpoint.address ?? parts.host;
  const bracketed = host.startsWith('[') && host.endsWith(']');
  const address = bracketed ? host.slice(1, -1) : host;
  // RFC 8866 §5.7: addrtype IP6 for IPv6 literals, IP4 otherwise (FQDNs are allowed with either).
  const addrType = address.includes(':') ? 'IP6' : 'IP4';
  return {
    port,
    proto: parts.scheme === 'msrps' ? 'TCP/TLS/MSRP' : 'TCP/MSRP',
    connection: { netType: 'IN', addrType, address },
  };
}
