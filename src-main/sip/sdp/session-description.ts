/**
 * The plain-data model of an SDP body (RFC 8866, which obsoletes RFC 4566). Every line is kept: the typed
 * fields carry the lines this client reads, the rest keep their text, and attributes keep their order, so a
 * parse → serialize → parse cycle is lossless (line order is normalized to the RFC 8866 §5 grammar).
 */

/** `a=<name>` (property attribute, `value` undefined) or `a=<name>:<value>` (RFC 8866 §5.13). */
export interface SdpAttribute {
  readonly name: string;
  readonly value: string | undefined;
}

/** `o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>` (RFC 8866 §5.2). */
export interface SdpOrigin {
  readonly username: string;
  /** Digits; kept as text because values exceed 2^53 in practice (RFC 8866 §5.2: 64-bit suggested). */
  readonly sessionId: string;
  readonly sessionVersion: string;
  readonly netType: string;
  readonly addrType: string;
  readonly address: string;
}

/** `c=<nettype> <addrtype> <connection-address>` (RFC 8866 §5.7); the address keeps any `/ttl/count` suffix. */
export interface SdpConnection {
  readonly netType: string;
  readonly addrType: string;
  readonly address: string;
}

/** `t=<start-time> <stop-time>` and its `r=` lines (RFC 8866 §5.9, §5.10). */
export interface SdpTiming {
  readonly start: string;
  readonly stop: string;
  readonly repeats: readonly string[];
}

/** `m=<media> <port>[/<number of ports>] <proto> <fmt> ...` and the lines that follow it (RFC 8866 §5.14). */
export interface MediaSection {
  readonly media: string;
  /** 0 means the stream is refused or removed (RFC 3264 §6, §8.2). */
  readonly port: number;
  readonly portCount: number | undefined;
  readonly proto: string;
  readonly formats: readonly string[];
  readonly information: string | undefined;
  /** RFC 8866 §5.7 allows several c= lines in a media section (multicast); unicast users read the first. */
  readonly connections: readonly SdpConnection[];
  /** `b=` values, verbatim. */
  readonly bandwidths: readonly string[];
  /** `k=` (obsolete since RFC 8866 §5.12 but still parsed), verbatim. */
  readonly key: string | undefined;
  readonly attributes: readonly SdpAttribute[];
}

export interface SessionDescription {
  /** RFC 8866 §5.1: always 0. */
  readonly version: 0;
  readonly origin: SdpOrigin;
  /** RFC 8866 §5.3: a single space when there is no name; "-" is the common choice. */
  readonly sessionName: string;
  readonly information: string | undefined;
  readonly uri: string | undefined;
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  readonly connection: SdpConnection | undefined;
  readonly bandwidths: readonly string[];
  /** At least one (RFC 8866 §5.9). */
  readonly timings: readonly SdpTiming[];
  readonly zone: string | undefined;
  readonly key: string | undefined;
  readonly attributes: readonly SdpAttribute[];
  readonly media: readonly MediaSection[];
}

/** The first attribute called `name` (names compare case-sensitively, RFC 8866 §5.13), or undefined. */
export function findAttribute(attributes: readonly SdpAttribute[], name: string): SdpAttribute | undefined {
  return attributes.find((attribute) => attribute.name === name);
}

/** Every attribute called `name`, in order. */
export function findAttributes(attributes: readonly SdpAttribute[], name: string): SdpAttribute[] {
  return attributes.filter((attribute) => attribute.name === name);
}
