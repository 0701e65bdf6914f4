import { formatHostPort, parseRawSipHead, rewriteTopViaSentBy } from './raw-sip-message';

/**
 * sip.js writes `Via: SIP/2.0/<protocol> <viaHost>;branch=…` with no port, and only accepts responses whose
 * top Via is exactly `<viaHost>` without a port. It also writes `<viaHost>` into the Contact until the
 * application knows its address. The transport keeps `viaHost` as a placeholder that never leaves the
 * process: requests go out with the real local socket address, responses come in with the placeholder back.
 */
export interface LocalSentBy {
  readonly host: string;
  readonly port: number;
}

/** Outgoing request: put the real socket into the top Via sent-by and Contact (RFC 3261 §18.1.1, §8.1.1.8). */
export function fixOutgoing(text: string, placeholder: string, local: LocalSentBy): string {
  const head = parseRawSipHead(text);
  if (!head || head.kind !== 'request') return text;
  let out =
    rewriteTopViaSentBy(text, (via, params) => {
      if (via.host.toLowerCase() !== placeholder.toLowerCase()) return { sentBy: formatHostPort(via.host, via.port), params };
      // RFC 3581 §3: a client SHOULD ask for the source port of the request with an empty rport.
      return { sentBy: formatHostPort(local.host, local.port), params: /;\s*rport\b/i.test(params) ? params : `${params};rport` };
    }) ?? text;
  const headEnd = out.indexOf('\r\n\r\n');
  const headText = headEnd < 0 ? out : out.slice(0, headEnd);
  if (headText.toLowerCase().includes(`@${placeholder.toLowerCase()}`)) {
    const pattern = new RegExp(`@${placeholder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![:\\w.-])`, 'gi');
    const fixedHead = headText.replace(/^(contact|m)([ \t]*:.*)$/gim, (line) => line.replace(pattern, `@${formatHostPort(local.host, local.port)}`));
    out = fixedHead + out.slice(headText.length);
  }
  return out;
}

/**
 * Incoming response: RFC 3261 §18.1.2 — a response whose top Via sent-by is not what this transport inserts
 * is silently discarded (undefined). Otherwise the sent-by is put back to the placeholder sip.js expects.
 */
export function fixIncomingResponse(text: string, placeholder: string, local: LocalSentBy): string | undefined {
  let ours = false;
  const out = rewriteTopViaSentBy(text, (via, params) => {
    ours = sameHost(via.host, local.host) && via.port === local.port;
    return { sentBy: placeholder, params };
  });
  return ours ? out : undefined;
}

/**
 * Incoming request over UDP: RFC 3261 §18.2.1 adds `received` when the sent-by host is not the source
 * address; RFC 3581 §4 fills an empty `rport` with the source port. sip.js copies the Vias into its responses,
 * so the transport can route each response from its own top Via (RFC 3261 §18.2.2, RFC 3581 §4).
 */
export function stampIncomingRequest(text: string, source: LocalSentBy): string {
  return (
    rewriteTopViaSentBy(text, (via, params) => {
      let next = params;
      if (!sameHost(via.host, source.host) && via.received === undefined) next += `;received=${source.host}`;
      next = next.replace(/;\s*rport(?=;|$)/i, `;rport=${source.port}`);
      return { sentBy: formatHostPort(via.host, via.port), params: next };
    }) ?? text
  );
}

function sameHost(a: string, b: string): boolean {
  const strip = (host: string): string => host.replace(/^\[|\]$/g, '').toLowerCase();
  return strip(a) === strip(b);
}
