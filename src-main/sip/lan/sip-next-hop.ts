import { isIP } from 'node:net';
import type { RawSipHead } from '../raw-sip-message';
import type { LanSipTransportName } from './dns-sd-records';

/** Where a request goes on the LAN: an IP literal, a port and a transport. */
export interface LanNextHop {
  readonly host: string;
  readonly port: number;
  readonly transport: LanSipTransportName;
}

/**
 * RFC 3261 §8.1.2 / §16.12: a request goes to its top Route URI when it has a route set, else to its
 * Request-URI. On the LAN there is no DNS to consult (RFC 3263 would need it for names), so only IP literals
 * are routable. RFC 3263 §4.1/§4.2: an explicit `transport` wins; otherwise UDP, and port 5060.
 * Returns undefined when the URI cannot be used (sips:, a host name, a malformed URI).
 */
export function nextHopForRequest(head: RawSipHead, requestUri: string): LanNextHop | undefined {
  const route = head.headers.find(([name]) => name === 'route')?.[1];
  const routeUri = route === undefined ? undefined : /<([^>]+)>/.exec(route)?.[1];
  return lanDestination(routeUri ?? requestUri);
}

export function lanDestination(uri: string): LanNextHop | undefined {
  const match = /^sip:(?:[^@;?]*@)?(\[[0-9a-fA-F:.]+\]|[^:;?>\s]+)(?::(\d{1,5}))?((?:;[^?>\s]*)?)/i.exec(uri.trim());
  if (!match) return undefined;
  const host = (match[1] ?? '').replace(/^\[|\]$/g, '');
  if (isIP(host) === 0) return undefined;
  const port = match[2] === undefined ? 5060 : Number(match[2]);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) return undefined;
  const transport = /;\s*transport=([a-z]+)/i.exec(match[3] ?? '')?.[1]?.toLowerCase() ?? 'udp';
  if (transport !== 'udp' && transport !== 'tcp') return undefined;
  return { host, port, transport };
}

/** The Request-URI of a request's start line. */
export function requestUriOf(text: string): string | undefined {
  const lineEnd = text.indexOf('\r\n');
  return /^\S+ (\S+) SIP\/2\.0$/.exec(lineEnd < 0 ? text : text.slice(0, lineEnd))?.[1];
}

/**
 * Writes the transport of the top Via (`SIP/2.0/<transport>`, RFC 3261 §20.42): sip.js writes one protocol
 * for the whole user agent, while a LAN listener sends each request over whichever transport its target asks for.
 */
export function setTopViaTransport(text: string, transport: 'UDP' | 'TCP'): string {
  const headEnd = text.indexOf('\r\n\r\n');
  const via = /(^|\r\n)((?:via|v)[ \t]*:[ \t]*SIP[ \t]*\/[ \t]*2\.0[ \t]*\/[ \t]*)([A-Za-z]+)/i.exec(text);
  if (!via || (headEnd >= 0 && via.index > headEnd)) return text;
  const start = via.index + (via[1] ?? '').length + (via[2] ?? '').length;
  return text.slice(0, start) + transport + text.slice(start + (via[3] ?? '').length);
}
